import fs from 'node:fs';
import path from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './services';

/** The flags this closed network needs. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless, with the flags this closed network needs. Never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Where screenshots go: test/artifacts (kept by CI as test artefacts, ignored by git). */
export function artifactPath(name: string): string {
  const dir = path.resolve(__dirname, '../artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

export const VIEWPORTS = {
  wall: { width: 1920, height: 1080 },
  uhd: { width: 3840, height: 2160 },
  laptop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Screenshots of the page as it is now at each size (default: 1920x1080, 3840x2160, 1366x768), saved as test
 * artefacts named `<name>-<width>x<height>.png`, scrolled to the top; returns their paths. The viewport stays at the
 * last size.
 */
export async function screenshotsAt(
  page: Page,
  name: string,
  sizes: ReadonlyArray<{ width: number; height: number }> = [VIEWPORTS.wall, VIEWPORTS.uhd, VIEWPORTS.laptop],
): Promise<string[]> {
  const paths: string[] = [];
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    const file = artifactPath(`${name}-${size.width}x${size.height}.png`);
    await page.screenshot({ path: file });
    paths.push(file);
  }
  return paths;
}
