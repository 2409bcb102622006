import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium } from 'playwright-core';
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
  laptop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
} as const;
