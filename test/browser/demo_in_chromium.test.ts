import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROOT } from '../../tools/chromium/bundle_page';
import { findChromium } from '../../tools/chromium/find_chromium';
import { collectPageErrors, launchChromium } from '../../tools/chromium/launch';
import { serveStatic, type StaticServer } from '../../tools/chromium/static_server';

// The skip message and the IRMAE_REQUIRE_BROWSER failure come from library_in_chromium.test.ts.
const executable = findChromium();
/** Training steps per model before the checks; more for a screenshot that shows the collapse. */
const STEPS = Number(process.env.IRMAE_DEMO_STEPS ?? 300);
/** Training images per model (the page's default is 6000; fewer start sooner). */
const IMAGES = process.env.IRMAE_DEMO_IMAGES ?? '2000';
/** Where the screenshot goes; `npm run demo:screenshot` writes docs/browser-demo.png after a longer run. */
const SCREENSHOT = process.env.IRMAE_DEMO_SCREENSHOT ?? join(ROOT, 'out/browser-demo.png');

interface ModelStats {
  step: number;
  effectiveRank: number;
  above1e3: number;
}

describe.skipIf(executable === undefined)('the demo page, built by Vite, in Chromium', () => {
  let scratch: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'irmae-demo-'));
    await build({
      configFile: join(ROOT, 'demo/vite.config.ts'),
      build: { outDir: scratch, emptyOutDir: true },
      logLevel: 'error',
    });
    server = await serveStatic({ '/': scratch });
    browser = await launchChromium(executable!);
    page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    consoleErrors = collectPageErrors(page);
    // Watches the main thread: the longest gap between timer ticks meant to fire every 50 ms.
    await page.addInitScript(() => {
      const state = { last: performance.now(), longest: 0 };
      setInterval(() => {
        const now = performance.now();
        state.longest = Math.max(state.longest, now - state.last);
        state.last = now;
      }, 50);
      Object.assign(window, { mainThreadWatch: state });
    });
    await page.goto(`${server.url}/`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const stats = (id: 'ae' | 'irmae'): Promise<ModelStats> =>
    page.$eval(`#${id} .stats`, (element) => {
      const data = (element as HTMLElement).dataset;
      return { step: Number(data.step), effectiveRank: Number(data.effectiveRank), above1e3: Number(data.above1e3) };
    });

  it(`trains AE and IRMAE l=2 side by side for ${STEPS} steps with a responsive page`, async () => {
    await page.waitForSelector('#toggle:not([disabled])', { timeout: 60_000 });
    await page.fill('#images', IMAGES);
    await page.click('#apply');
    await page.click('#toggle');
    const started = await page.evaluate(() => (window as unknown as { mainThreadWatch: { longest: number } }).mainThreadWatch);
    expect(started.longest).toBeGreaterThan(0);
    await page.waitForFunction(
      (steps) =>
        ['ae', 'irmae'].every((id) => Number(document.querySelector<HTMLElement>(`#${id} .stats`)?.dataset.step) >= steps),
      STEPS,
      { timeout: 30_000 + STEPS * 1_000, polling: 500 },
    );
    await page.click('#toggle');
    const longest = await page.evaluate(() => (window as unknown as { mainThreadWatch: { longest: number } }).mainThreadWatch.longest);
    expect(longest).toBeLessThan(1_000);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 60_000 + STEPS * 1_200);

  it('shows finite ranks for both models, within 1 and the latent size', async () => {
    for (const id of ['ae', 'irmae'] as const) {
      const { step, effectiveRank, above1e3 } = await stats(id);
      expect(step).toBeGreaterThanOrEqual(STEPS);
      expect(Number.isFinite(effectiveRank)).toBe(true);
      expect(effectiveRank).toBeGreaterThanOrEqual(1);
      expect(effectiveRank).toBeLessThanOrEqual(32);
      expect(Number.isInteger(above1e3) && above1e3 >= 1 && above1e3 <= 32).toBe(true);
    }
    await expect(page.textContent('#irmae .name')).resolves.toBe('IRMAE l=2');
  });

  it('draws both spectra, the reconstructions and the interpolation', async () => {
    // Pixels of each model's line colour on the chart (#1f77b4 AE, #d62728 IRMAE).
    const colours = await page.$eval('#spectrum', (canvas) => {
      const { data } = (canvas as HTMLCanvasElement).getContext('2d')!.getImageData(0, 40, 720, 260);
      let blue = 0;
      let red = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - 0x1f) < 8 && Math.abs(data[i + 1] - 0x77) < 8 && Math.abs(data[i + 2] - 0xb4) < 8) blue++;
        if (Math.abs(data[i] - 0xd6) < 8 && Math.abs(data[i + 1] - 0x27) < 8 && Math.abs(data[i + 2] - 0x28) < 8) red++;
      }
      return { blue, red };
    });
    expect(colours.blue).toBeGreaterThan(100);
    expect(colours.red).toBeGreaterThan(100);
    const images = await page.$$eval('.model canvas', (canvases) =>
      canvases.map((canvas) => {
        const { width, height } = canvas as HTMLCanvasElement;
        const { data } = (canvas as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, width, height);
        let lit = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 30) lit++;
        return { width, height, lit };
      }),
    );
    expect(images).toHaveLength(4);
    // Reconstructions: 6 images of 64 px, 2 px apart, in 2 rows; interpolation: 3 images of 96 px.
    expect(images.map(({ width, height }) => [width, height])).toEqual([[394, 130], [292, 96], [394, 130], [292, 96]]);
    // Some pixels are lit: the evaluation images at least (an early model may decode near-black).
    for (const { lit } of images) expect(lit).toBeGreaterThan(50);
  });

  it('moves the interpolation with the slider', async () => {
    const read = () => page.$eval('#irmae .interpolation', (canvas) => (canvas as HTMLCanvasElement).toDataURL());
    await page.fill('#t', '0');
    const atStart = await read();
    await page.fill('#t', '10');
    await page.waitForFunction(() => document.querySelector('#t-value')?.textContent === '1.0');
    expect(await read()).not.toBe(atStart);
  });

  it('logs no error to the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
