/**
 * Training speed of the IRMAE shape autoencoder (l = 2, latent 32, batch 16,
 * Adam) in headless Chromium: the wasm backend with irmae's training kernels,
 * single-threaded and, on a cross-origin isolated page (COOP/COEP headers),
 * threaded; and tfjs's WebGL backend. Beside them, Node's wasm figure from the
 * same run, so the ratios are fair on a busy machine.
 *
 *   npm run bench:browser -- [--steps 20] [--webgl-steps 10] [--out out/bench-browser.json]
 *
 * Needs Chromium or Chrome (see tools/chromium/find_chromium.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';

import { useWasmTraining } from '../src/backends';
import { bundlePage, WASM_DIR } from '../tools/chromium/bundle_page';
import { findChromium, HOW_TO_GET_CHROMIUM } from '../tools/chromium/find_chromium';
import { launchChromium } from '../tools/chromium/launch';
import { serveStatic } from '../tools/chromium/static_server';
import { BATCH, trainingThroughput, type Throughput } from './browser/workload';

/** Chromium flags for WebGL without a GPU: ANGLE on SwiftShader, Chromium's software renderer. */
const SOFTWARE_WEBGL = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '20' },
    'webgl-steps': { type: 'string', default: '10' },
    out: { type: 'string', default: 'out/bench-browser.json' },
  },
});

interface Row {
  label: string;
  imagesPerSecond?: number;
  note: string;
}

async function inChromium(
  browser: Browser,
  url: string,
  backend: 'wasm' | 'webgl',
  steps: number,
): Promise<{ throughput: Throughput; setup: Record<string, unknown>; isolated: boolean }> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => 'irmaeBench' in window);
    return (await page.evaluate(
      `(async () => {
        const bench = window.irmaeBench;
        const setup = await bench.useBackend(${JSON.stringify(backend)});
        const throughput = await bench.trainingThroughput(${steps});
        return { throughput, setup, isolated: bench.crossOriginIsolated() };
      })()`,
    )) as { throughput: Throughput; setup: Record<string, unknown>; isolated: boolean };
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const executable = findChromium();
  if (executable === undefined) throw new Error(`No Chromium or Chrome found. ${HOW_TO_GET_CHROMIUM}`);
  const steps = Number(args.steps);
  const webglSteps = Number(args['webgl-steps']);
  const scratch = mkdtempSync(join(tmpdir(), 'irmae-bench-browser-'));
  const rows: Row[] = [];
  try {
    await bundlePage('bench/browser/page.ts', scratch);
    const plain = await serveStatic({ '/': scratch, '/wasm/': WASM_DIR });
    const isolated = await serveStatic({ '/': scratch, '/wasm/': WASM_DIR }, { isolated: true });

    await useWasmTraining();
    const node = await trainingThroughput(steps);
    rows.push({ label: 'Node, wasm (1 thread)', imagesPerSecond: node.imagesPerSecond, note: `loss ${node.loss.toFixed(5)}` });

    const browser = await launchChromium(executable);
    const single = await inChromium(browser, `${plain.url}/`, 'wasm', steps);
    rows.push({
      label: 'Chromium, wasm (1 thread)',
      imagesPerSecond: single.throughput.imagesPerSecond,
      note: `SIMD ${String(single.setup.simd)}, ${String(single.setup.threads)} thread(s), loss ${single.throughput.loss.toFixed(5)}`,
    });
    const threaded = await inChromium(browser, `${isolated.url}/`, 'wasm', steps);
    rows.push({
      label: 'Chromium, wasm threaded (COOP/COEP)',
      imagesPerSecond: threaded.throughput.imagesPerSecond,
      note:
        `cross-origin isolated ${String(threaded.isolated)}, wasm threads supported ${String(threaded.setup.multithreadSupport)}, ` +
        `${String(threaded.setup.threads)} thread(s) of ${String(threaded.setup.cores)} cores, loss ${threaded.throughput.loss.toFixed(5)}`,
    });
    await browser.close();

    const glBrowser = await launchChromium(executable, SOFTWARE_WEBGL);
    try {
      const webgl = await inChromium(glBrowser, `${plain.url}/`, 'webgl', webglSteps);
      rows.push({
        label: 'Chromium, WebGL',
        imagesPerSecond: webgl.throughput.imagesPerSecond,
        note: `renderer ${String(webgl.setup.renderer)}, loss ${webgl.throughput.loss.toFixed(5)}`,
      });
    } catch (error) {
      rows.push({ label: 'Chromium, WebGL', note: `did not run: ${(error as Error).message.split('\n')[0]}` });
    } finally {
      await glBrowser.close();
    }
    await plain.close();
    await isolated.close();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  report(rows, steps, webglSteps);
}

function report(rows: Row[], steps: number, webglSteps: number): void {
  const reference = rows[0].imagesPerSecond!;
  console.log(`\nShape autoencoder, IRMAE l=2, batch ${BATCH}: ${steps} timed steps (WebGL ${webglSteps}), ${cpus().length} cores\n`);
  console.log('| where | images/s | ratio to Node wasm | notes |');
  console.log('| --- | ---: | ---: | --- |');
  for (const row of rows) {
    const speed = row.imagesPerSecond === undefined ? '–' : row.imagesPerSecond.toFixed(1);
    const ratio = row.imagesPerSecond === undefined ? '–' : (row.imagesPerSecond / reference).toFixed(2);
    console.log(`| ${row.label} | ${speed} | ${ratio} | ${row.note} |`);
  }
  mkdirSync(dirname(args.out!), { recursive: true });
  writeFileSync(args.out!, `${JSON.stringify({ batch: BATCH, steps, webglSteps, cores: cpus().length, rows }, null, 2)}\n`);
  console.log(`\nwritten to ${args.out}`);
}

await main();
