/**
 * Training speed of the IRMAE shape autoencoder (l = 2, latent 32, batch 16,
 * Adam) in headless Chromium: the wasm backend with irmae's training kernels,
 * single-threaded and, on a cross-origin isolated page (COOP/COEP headers),
 * threaded; and tfjs's WebGL backend. Beside them, Node's wasm figure from the
 * same run, so the ratios are fair on a busy machine: the wasm figures are
 * measured in turn over several rounds and reported as medians.
 *
 *   npm run bench:browser -- [--steps 20] [--rounds 3] [--webgl-steps 10] [--out out/bench-browser.json]
 *
 * Needs Chromium or Chrome (see tools/chromium/find_chromium.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';

import { useWasmTraining } from '../src/backends';
import { bundlePage, WASM_DIR } from '../tools/chromium/bundle_page';
import { findChromium, HOW_TO_GET_CHROMIUM } from '../tools/chromium/find_chromium';
import { launchChromium } from '../tools/chromium/launch';
import { serveStatic } from '../tools/chromium/static_server';
import { BATCH, trainingThroughput, type Throughput } from './browser/workload';
import { integerFlag, parseCommandLine, parseFlags, UsageError } from '../examples/lib/flags';

/** Chromium flags for WebGL without a GPU: ANGLE on SwiftShader, Chromium's software renderer. */
const SOFTWARE_WEBGL = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

const args = parseCommandLine('bench/browser.ts', () => {
  const flags = parseFlags(process.argv.slice(2), {
    steps: { type: 'string' },
    rounds: { type: 'string' },
    'webgl-steps': { type: 'string' },
    out: { type: 'string' },
  });
  const out = flags.out ?? 'out/bench-browser.json';
  if (out.trim() === '') throw new UsageError('--out must be a file path, but got an empty string');
  return {
    steps: integerFlag(flags, 'steps', 20, 1),
    rounds: integerFlag(flags, 'rounds', 3, 1),
    webglSteps: integerFlag(flags, 'webgl-steps', 10, 1),
    out,
  };
});

interface Row {
  label: string;
  /** Median over the rounds. */
  imagesPerSecond?: number;
  /** Each round's figure. */
  rounds?: number[];
  note: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A row from per-round throughputs: the median, the rounds, and a note from the last. */
function row(label: string, runs: Throughput[], note: string): Row {
  const rounds = runs.map((run) => run.imagesPerSecond);
  return { label, imagesPerSecond: median(rounds), rounds, note };
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
  const { steps, webglSteps } = args;
  const scratch = mkdtempSync(join(tmpdir(), 'irmae-bench-browser-'));
  // Everything opened is closed on every path, or a failure would leave the
  // servers and browsers holding the process open.
  const opened: { close(): Promise<void> }[] = [];
  const open = <T extends { close(): Promise<void> }>(resource: T): T => (opened.push(resource), resource);
  const rows: Row[] = [];
  try {
    await bundlePage('bench/browser/page.ts', scratch);
    const plain = open(await serveStatic({ '/': scratch, '/wasm/': WASM_DIR }));
    const isolated = open(await serveStatic({ '/': scratch, '/wasm/': WASM_DIR }, { isolated: true }));

    await useWasmTraining();
    const browser = open(await launchChromium(executable));
    const node: Throughput[] = [];
    const single: Awaited<ReturnType<typeof inChromium>>[] = [];
    const threaded: Awaited<ReturnType<typeof inChromium>>[] = [];
    for (let round = 0; round < args.rounds; round++) {
      node.push(await trainingThroughput(steps));
      single.push(await inChromium(browser, `${plain.url}/`, 'wasm', steps));
      threaded.push(await inChromium(browser, `${isolated.url}/`, 'wasm', steps));
    }
    const [lastSingle, lastThreaded] = [single[single.length - 1], threaded[threaded.length - 1]];
    rows.push(row('Node, wasm (1 thread)', node, `loss ${node[0].loss.toFixed(5)}`));
    rows.push(
      row(
        'Chromium, wasm (1 thread)',
        single.map((run) => run.throughput),
        `SIMD ${String(lastSingle.setup.simd)}, ${String(lastSingle.setup.threads)} thread(s), loss ${lastSingle.throughput.loss.toFixed(5)}`,
      ),
    );
    rows.push(
      row(
        'Chromium, wasm threaded build (COOP/COEP)',
        threaded.map((run) => run.throughput),
        `cross-origin isolated ${String(lastThreaded.isolated)}, wasm threads supported ` +
          `${String(lastThreaded.setup.multithreadSupport)}, ${String(lastThreaded.setup.threads)} thread(s) ` +
          `of ${String(lastThreaded.setup.cores)} cores, loss ${lastThreaded.throughput.loss.toFixed(5)}`,
      ),
    );

    try {
      const glBrowser = open(await launchChromium(executable, SOFTWARE_WEBGL));
      const webgl = await inChromium(glBrowser, `${plain.url}/`, 'webgl', webglSteps);
      rows.push(row('Chromium, WebGL (1 round)', [webgl.throughput], `renderer ${String(webgl.setup.renderer)}`));
    } catch (error) {
      rows.push({ label: 'Chromium, WebGL', note: `did not run: ${(error as Error).message.split('\n')[0]}` });
    }
  } finally {
    await Promise.allSettled(opened.reverse().map((resource) => resource.close()));
    rmSync(scratch, { recursive: true, force: true });
  }
  report(rows, steps, webglSteps);
}

function report(rows: Row[], steps: number, webglSteps: number): void {
  const reference = rows[0].imagesPerSecond!;
  console.log(
    `\nShape autoencoder, IRMAE l=2, batch ${BATCH}: ${steps} timed steps per round (WebGL ${webglSteps}), ` +
      `median of ${args.rounds} rounds, ${cpus().length} cores\n`,
  );
  console.log('| where | images/s (median) | rounds | ratio to Node wasm | notes |');
  console.log('| --- | ---: | --- | ---: | --- |');
  for (const { label, imagesPerSecond, rounds, note } of rows) {
    const speed = imagesPerSecond === undefined ? '–' : imagesPerSecond.toFixed(1);
    const each = rounds === undefined ? '–' : rounds.map((value) => value.toFixed(1)).join(', ');
    const ratio = imagesPerSecond === undefined ? '–' : (imagesPerSecond / reference).toFixed(2);
    console.log(`| ${label} | ${speed} | ${each} | ${ratio} | ${note} |`);
  }
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify({ batch: BATCH, steps, rounds: args.rounds, webglSteps, cores: cpus().length, rows }, null, 2)}\n`);
  console.log(`\nwritten to ${args.out}`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench/browser.ts failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
