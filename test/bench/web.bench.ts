import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchChromium } from '../support/browser';
import { spawnServer } from '../support/processes';
import { record } from './harness';
import { sleep } from './util';

/** What the browser fetches before the wall can draw: index.html, its entry script, preloads and styles. */
function firstLoadGzipKiB(dist: string): { gzip: number; raw: number; files: number } {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  let gzip = zlib.gzipSync(html).length;
  let raw = html.length;
  for (const a of assets) {
    const body = fs.readFileSync(path.join(dist, a));
    raw += body.length;
    gzip += zlib.gzipSync(body).length;
  }
  return { gzip: gzip / 1024, raw: raw / 1024, files: assets.length + 1 };
}

/** The wall's first load, and the time to a wall with incidents on it on the demo data set, in Chromium. */
export async function benchWeb(): Promise<void> {
  const dist = path.resolve(process.cwd(), 'web/dist');
  const size = firstLoadGzipKiB(dist);
  record({
    benchmark: 'web',
    metric: 'wall first load (gzip)',
    value: size.gzip,
    unit: 'KiB',
    note: `${size.files} files, ${size.raw.toFixed(0)} KiB raw; charts, console and status page load later`,
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-web-'));
  const server = await spawnServer(
    { VIGIL_WEB_DIST: dist, VIGIL_DEMO: '1', SQLITE_PATH: path.join(dir, 'demo.db') },
    180_000,
  );
  const token = /wall\?token=(\S+)/.exec(server.output())?.[1];
  for (let i = 0; !token && i < 50; i++) await sleep(100);
  const wallToken = token ?? /wall\?token=(\S+)/.exec(server.output())?.[1];
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < 5; i++) {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      const t0 = performance.now();
      await page.goto(`${server.url}/wall?token=${wallToken}`);
      await page.locator('[data-testid^="incident-"]').first().waitFor({ timeout: 30_000 });
      times.push(performance.now() - t0);
      await page.close();
      const blank = await browser.newPage();
      const b0 = performance.now();
      await blank.goto(`${server.url}/healthz`);
      floor.push(performance.now() - b0);
      await blank.close();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    record({
      benchmark: 'web',
      metric: 'time to a rendered wall (demo data, median of 5)',
      value: median(times),
      unit: 'ms',
      baseline: { label: 'blank page load', value: median(floor) },
    });
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
