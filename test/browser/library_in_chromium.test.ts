import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MNIST_FEATURES_SHA256, setGemmPath, useWasmTraining } from '../../src';
import { loadMnistFeatureNetwork } from '../../src/node';
import { bundlePage, ROOT, WASM_DIR } from '../../tools/chromium/bundle_page';
import { browserRequired, findChromium, HOW_TO_GET_CHROMIUM } from '../../tools/chromium/find_chromium';
import { collectPageErrors, launchChromium } from '../../tools/chromium/launch';
import { serveStatic, type StaticServer } from '../../tools/chromium/static_server';
import * as computations from './computations';

type Computations = typeof computations & {
  mnistFeatureNetwork(from: 'default' | 'bytes'): Promise<ReturnType<typeof computations.digitMeasures> & { left: number }>;
  mnistFeatureError(): Promise<{ message: string; left: number }>;
  setUp(threads?: boolean): Promise<{ backend: string; simd: boolean; threads: number; kernels: string[]; multithreaded: boolean }>;
  chooseBackend(): Promise<{ name: string; reason: string }>;
  numTensors(): number;
};

const executable = findChromium();
if (executable === undefined && !browserRequired()) {
  console.warn(`Skipping the browser tests: no Chromium or Chrome found. ${HOW_TO_GET_CHROMIUM}`);
}

describe.runIf(executable === undefined && browserRequired())('with IRMAE_REQUIRE_BROWSER=1', () => {
  it('finds a browser', () => {
    throw new Error(`IRMAE_REQUIRE_BROWSER=1, but no Chromium or Chrome was found. ${HOW_TO_GET_CHROMIUM}`);
  });
});

describe.skipIf(executable === undefined)('the library bundled for the browser, in Chromium', () => {
  let scratch: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'irmae-browser-'));
    await bundlePage('test/browser/page.ts', scratch);
    // Beside the bundle, where `new URL('./mnist-features.bin', import.meta.url)` points, as a bundler puts the asset.
    await copyFile(join(ROOT, 'src/presets/mnist-features.bin'), join(scratch, 'mnist-features.bin'));
    server = await serveStatic({ '/': scratch, '/wasm/': WASM_DIR });
    browser = await launchChromium(executable!);
    page = await browser.newPage();
    consoleErrors = collectPageErrors(page);
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => 'irmaeTest' in window);
    await useWasmTraining();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const inPage = <T>(run: (test: Computations) => Promise<T>): Promise<T> =>
    page.evaluate(`(${run.toString()})(window.irmaeTest)`) as Promise<T>;

  it("trains on the wasm backend with this library's kernels (useWasmTraining, selectBackend with the bundled package)", async () => {
    const setUp = await inPage((test) => test.setUp());
    expect(setUp.backend).toBe('wasm');
    expect(setUp.kernels).toEqual(['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'IrmaeAdamStep']);
    expect(setUp.threads).toBe(1); // not cross-origin isolated: no SharedArrayBuffer, no threads
    const choice = await inPage((test) => test.chooseBackend());
    expect(choice).toEqual({
      name: 'wasm',
      reason: "wasm with this library's training kernels (SIMD, 1 thread(s)); @tensorflow/tfjs-node needs Node",
    });
  });

  it("gives the layer's output that Node gives", async () => {
    const inBrowser = await inPage((test) => test.layerOutput());
    const inNode = await computations.layerOutput();
    expect(inBrowser).toHaveLength(64 * 8);
    inBrowser.forEach((value, i) => expect(value).toBeCloseTo(inNode[i], 5));
  });

  it('gives the spectrum and effective rank that Node gives, read with data() not dataSync()', async () => {
    const inBrowser = await inPage((test) => test.spectrum());
    const inNode = await computations.spectrum();
    expect(inBrowser.spectrum).toHaveLength(8);
    inBrowser.spectrum.forEach((value, i) => expect(value).toBeCloseTo(inNode.spectrum[i], 12));
    expect(inBrowser.effectiveRank).toBeCloseTo(inNode.effectiveRank, 12);
  });

  it('takes the training step of the shape autoencoder that Node takes, and leaks no tensor', async () => {
    const before = await inPage(async (test) => test.numTensors());
    const inBrowser = await inPage((test) => test.trainingStep());
    const after = await inPage(async (test) => test.numTensors());
    const inNode = await computations.trainingStep();
    expect(Number.isFinite(inBrowser.loss)).toBe(true);
    expect(Math.abs(inBrowser.loss - inNode.loss)).toBeLessThan(1e-5 * inNode.loss);
    expect(inBrowser.weightSums).toHaveLength(inNode.weightSums.length);
    inBrowser.weightSums.forEach((sum, i) => expect(Math.abs(sum - inNode.weightSums[i])).toBeLessThan(1e-3));
    // Adam ran as the fused one-pass kernel in both.
    expect(inBrowser.kernels).toContain('IrmaeAdamStep');
    expect(inNode.kernels).toContain('IrmaeAdamStep');
    expect(after).toBe(before);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('checkpoints to IndexedDB and resumes to the weights of an uninterrupted run', async () => {
    const result = await inPage((test) => test.indexedDbResume());
    expect(result.stored).toEqual(['indexeddb://irmae-resume-test/epoch-0002']);
    expect(result.epochs).toEqual([0, 1, 2]);
    expect(result.maxDifference).toBe(0);
  });

  it('loads the pinned MNIST feature network from beside the bundle or from bytes, and measures digits as Node does', async () => {
    const fromUrl = await inPage((test) => test.mnistFeatureNetwork('default'));
    const fromBytes = await inPage((test) => test.mnistFeatureNetwork('bytes'));
    const network = await loadMnistFeatureNetwork();
    // Node's kernels without relaxed SIMD are XNNPACK's; Chromium's fuse multiply-adds: the same to float32 rounding.
    setGemmPath('xnnpack');
    const inNode = computations.digitMeasures(network);
    setGemmPath(undefined);
    network.dispose();
    for (const inBrowser of [fromUrl, fromBytes]) {
      expect(inBrowser.sha256).toBe(MNIST_FEATURES_SHA256);
      expect(inBrowser.testAccuracy).toBe(inNode.testAccuracy);
      expect(inBrowser.leaked).toBe(0);
      expect(inBrowser.left).toBe(0);
      expect(inBrowser.features).toHaveLength(256);
      inBrowser.features.forEach((value, i) => expect(Math.abs(value - inNode.features[i])).toBeLessThan(1e-4 * (1 + Math.abs(inNode.features[i]))));
      expect(Math.abs(inBrowser.distance - inNode.distance)).toBeLessThan(1e-4 * inNode.distance);
    }
    expect(inNode.distance).toBeGreaterThan(1);
    expect(fromBytes.features).toEqual(fromUrl.features);
  });

  it('refuses a damaged MNIST feature network file', async () => {
    const { message, left } = await inPage((test) => test.mnistFeatureError());
    expect(message).toMatch(new RegExp(`^mnist-features\\.bin has SHA-256 [0-9a-f]{64}, but ${MNIST_FEATURES_SHA256} was expected`));
    expect(left).toBe(0);
  });

  it('logs no error to the console', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('on a cross-origin isolated page, starts the single-threaded build unless threads: true, and trains as in Node', async () => {
    const isolated = await serveStatic({ '/': scratch, '/wasm/': WASM_DIR }, { isolated: true });
    try {
      const open = async (threads?: boolean) => {
        const isolatedPage = await browser.newPage();
        const errors = collectPageErrors(isolatedPage);
        await isolatedPage.goto(`${isolated.url}/`);
        await isolatedPage.waitForFunction(() => 'irmaeTest' in window);
        const run = <T>(code: string) => isolatedPage.evaluate(code) as Promise<T>;
        const setUp = await run<Awaited<ReturnType<Computations['setUp']>>>(`window.irmaeTest.setUp(${String(threads)})`);
        return { isolatedPage, errors, setUp, run, crossOriginIsolated: await run<boolean>('crossOriginIsolated') };
      };
      const single = await open();
      expect(single.crossOriginIsolated).toBe(true);
      expect(single.setUp).toMatchObject({ backend: 'wasm', simd: true, threads: 1, multithreaded: false });
      const step = await single.run<{ loss: number }>('window.irmaeTest.trainingStep()');
      const inNode = await computations.trainingStep();
      expect(Math.abs(step.loss - inNode.loss)).toBeLessThan(1e-5 * inNode.loss);
      expect(single.errors).toEqual([]);
      await single.isolatedPage.close();
      // This bundle is not minified, so tfjs's threaded build can start its thread workers.
      const threaded = await open(true);
      expect(threaded.setUp).toMatchObject({ backend: 'wasm', simd: true, multithreaded: true });
      expect(threaded.errors).toEqual([]);
      await threaded.isolatedPage.close();
    } finally {
      await isolated.close();
    }
  }, 120_000);
});
