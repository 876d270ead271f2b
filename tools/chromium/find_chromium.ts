import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where Chromium or Chrome is usually installed: Debian's package first. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** How to get a browser, for the message of a skipped or failed browser test. */
export const HOW_TO_GET_CHROMIUM =
  'Install one (Debian/Ubuntu: apt-get install -y chromium; elsewhere: npx playwright-core install chromium), ' +
  'or point IRMAE_CHROMIUM at a Chromium or Chrome executable.';

/**
 * The Chromium (or Chrome) executable to drive: `$IRMAE_CHROMIUM` when set
 * (undefined when it names no file),
 * else the first of the usual install paths, else Playwright's own download.
 *
 * @returns Its path, or undefined when none is installed.
 */
export function findChromium(): string | undefined {
  const fromEnv = process.env.IRMAE_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const playwrights = (() => {
    try {
      return chromium.executablePath();
    } catch {
      return undefined;
    }
  })();
  return [...CANDIDATES, playwrights].find((path) => path !== undefined && existsSync(path));
}

/** Whether a missing browser must fail rather than skip (CI sets IRMAE_REQUIRE_BROWSER=1). */
export function browserRequired(): boolean {
  return process.env.IRMAE_REQUIRE_BROWSER === '1';
}
