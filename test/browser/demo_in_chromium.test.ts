import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
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

/** Records, on `window.mainThreadWatch`, the longest gap between timer ticks meant to fire every 50 ms. */
async function watchMainThread(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const state = { last: performance.now(), longest: 0 };
    setInterval(() => {
      const now = performance.now();
      state.longest = Math.max(state.longest, now - state.last);
      state.last = now;
    }, 50);
    Object.assign(window, { mainThreadWatch: state });
  });
}

/** The longest gap between the page's 50 ms ticks so far, in ms. */
function longestTickGap(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { mainThreadWatch: { longest: number } }).mainThreadWatch.longest);
}

/** Waits until both shape models have reported at least `steps` training steps. */
async function waitForSteps(page: Page, steps: number, timeout: number): Promise<void> {
  await page.waitForFunction(
    (atLeast) =>
      ['ae', 'irmae'].every((id) => Number(document.querySelector<HTMLElement>(`#${id} .stats`)?.dataset.step) >= atLeast),
    steps,
    { timeout, polling: 500 },
  );
}

describe.skipIf(executable === undefined)('the demo page, built by Vite, in Chromium', () => {
  let scratch: string;
  let browser: Browser;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'irmae-demo-'));
    await build({
      configFile: join(ROOT, 'demo/vite.config.ts'),
      build: { outDir: join(scratch, 'dist'), emptyOutDir: true },
      logLevel: 'error',
    });
    browser = await launchChromium(executable!);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe('served plainly', () => {
    let server: StaticServer;
    let page: Page;
    let consoleErrors: string[] = [];

    beforeAll(async () => {
      server = await serveStatic({ '/': join(scratch, 'dist') });
      page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
      consoleErrors = collectPageErrors(page);
      await watchMainThread(page);
      await page.goto(`${server.url}/`);
    }, 120_000);

    afterAll(async () => {
      await page?.close();
      await server?.close();
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
      expect(await longestTickGap(page)).toBeGreaterThan(0);
      await waitForSteps(page, STEPS, 30_000 + STEPS * 1_000);
      await page.click('#toggle');
      expect(await longestTickGap(page)).toBeLessThan(1_000);
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

    it('logs no error to the console', async () => {
      expect(consoleErrors).toEqual([]);
      await expect(page.isVisible('#problem')).resolves.toBe(false);
    });
  });

  describe('cross-origin isolated (COOP: same-origin, COEP: require-corp)', () => {
    let server: StaticServer;
    let page: Page;
    let consoleErrors: string[] = [];

    beforeAll(async () => {
      server = await serveStatic({ '/': join(scratch, 'dist') }, { isolated: true });
      page = await browser.newPage();
      consoleErrors = collectPageErrors(page);
      await page.goto(`${server.url}/`);
    }, 60_000);

    afterAll(async () => {
      await page?.close();
      await server?.close();
    });

    it('starts on the single-threaded SIMD build and trains both models', async () => {
      await expect(page.evaluate(() => crossOriginIsolated)).resolves.toBe(true);
      await page.waitForSelector('#toggle:not([disabled])', { timeout: 60_000 });
      await expect(page.textContent('#status')).resolves.toBe('backend: wasm (SIMD), one worker per model');
      await page.fill('#images', '640');
      await page.click('#apply');
      await page.click('#toggle');
      await waitForSteps(page, 50, 120_000); // the first report after training
      await page.click('#toggle');
      for (const id of ['ae', 'irmae']) {
        const loss = await page.$eval(`#${id} .stats`, (element) => Number((element as HTMLElement).dataset.loss));
        expect(loss).toBeGreaterThan(0);
        expect(loss).toBeLessThan(0.1); // mean squared error of images in [0, 1] from a tanh decoder
      }
      expect(consoleErrors).toEqual([]);
      await expect(page.isVisible('#problem')).resolves.toBe(false);
    }, 180_000);
  });

  describe('with its .wasm binaries missing', () => {
    let server: StaticServer;
    let page: Page;

    beforeAll(async () => {
      const broken = join(scratch, 'no-wasm');
      await cp(join(scratch, 'dist'), broken, { recursive: true });
      for (const file of await readdir(join(broken, 'assets'))) {
        if (file.endsWith('.wasm')) await rm(join(broken, 'assets', file));
      }
      server = await serveStatic({ '/': broken });
      page = await browser.newPage();
      await page.goto(`${server.url}/`);
    }, 60_000);

    afterAll(async () => {
      await page?.close();
      await server?.close();
    });

    it('says on the page that the backend failed to start, and keeps Start disabled', async () => {
      await page.waitForSelector('#problem:not([hidden])', { timeout: 60_000 });
      await expect(page.textContent('#problem')).resolves.toMatch(
        /^(AE|IRMAE l=2): The tfjs 'wasm' backend failed to initialise; see the console for the reason tfjs gave\.$/,
      );
      await expect(page.isDisabled('#toggle')).resolves.toBe(true);
    }, 90_000);
  });
});
