import fs from 'node:fs';
import path from 'node:path';

/** The web app's index.html and the status page's stylesheets, when the web app is served. */
export interface StatusPageShell {
  html: string;
  stylesheets: string[];
}

/** The entry of the status page's chunk in Vite's build manifest (web/vite.config.ts sets build.manifest). */
const STATUS_PAGE_SOURCE = 'src/features/statuspage/StatusPage.tsx';

/**
 * The built web app's index.html, read once at start, and the stylesheets of its status page chunk from Vite's
 * manifest. In demo mode the shell says so before any request (a meta element the web app reads), so every page,
 * even the sign-in and the anonymous status page, carries the banner. Null when there is no built web app.
 */
export function readWebShell(webDist: string | null, demo: boolean): StatusPageShell | null {
  if (!webDist) return null;
  const index = path.join(webDist, 'index.html');
  if (!fs.existsSync(index)) return null;
  let html = fs.readFileSync(index, 'utf8');
  if (demo) html = html.replace('<head>', '<head>\n    <meta name="vigil-demo" content="true" />');
  const manifestFile = path.join(webDist, '.vite', 'manifest.json');
  const manifest: Record<string, { css?: string[] }> = fs.existsSync(manifestFile)
    ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, { css?: string[] }>)
    : {};
  const stylesheets = (manifest[STATUS_PAGE_SOURCE]?.css ?? []).map((file) => `/${file}`);
  return { html, stylesheets };
}
