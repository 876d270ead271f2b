import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Flags for a quiet headless Chromium in a container: no sandbox (root, no
 * user namespaces), no GPU process, and none of the background traffic
 * (updates, sync, QUIC) that a test machine without a network would stall on.
 * Playwright gives each launch a fresh temporary profile (--user-data-dir).
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches headless Chromium with the flags above.
 *
 * @param executablePath The browser, e.g. from `findChromium()`.
 * @param extraFlags More command-line flags (e.g. to enable WebGL on SwiftShader).
 */
export async function launchChromium(executablePath: string, extraFlags: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: [...FLAGS, ...extraFlags] });
}

/**
 * Collects what a page reports as an error, console errors and uncaught
 * exceptions alike, from now on.
 *
 * @returns The messages, a list that grows as the page runs.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
