/**
 * Training speed in the demo's tab: the demo built by Vite, served, and run
 * in headless Chromium in shapes mode, AE and IRMAE l=2 training side by side
 * in their workers. Per model it prints images per second over whole report
 * cycles (training plus the page's own work: spectrum, reconstructions,
 * interpolation, their transfer and drawing), and the workers' own figure for
 * the training steps alone. Compare the first with the single-model
 * "Chromium, wasm" row of `npm run bench:browser` (batch 16 there, the
 * default here) on the same idle machine.
 *
 *   npm run bench:demo -- [--batch 16] [--cycles 4] [--out out/bench-demo.json]
 *
 * Needs Chromium or Chrome (see tools/chromium/find_chromium.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'vite';

import { integerFlag, parseCommandLine, parseFlags, UsageError } from '../examples/lib/flags';
import { ROOT } from '../tools/chromium/bundle_page';
import { findChromium, HOW_TO_GET_CHROMIUM } from '../tools/chromium/find_chromium';
import { launchChromium } from '../tools/chromium/launch';
import { serveStatic } from '../tools/chromium/static_server';

const args = parseCommandLine('bench/demo.ts', () => {
  const flags = parseFlags(process.argv.slice(2), {
    batch: { type: 'string' },
    cycles: { type: 'string' },
    out: { type: 'string' },
  });
  const out = flags.out ?? 'out/bench-demo.json';
  if (out.trim() === '') throw new UsageError('--out must be a file path, but got an empty string');
  const batch = integerFlag(flags, 'batch', 16, 1);
  if (![16, 32, 64].includes(batch)) throw new UsageError(`--batch must be 16, 32 or 64 (the page's choices), but got ${batch}`);
  return { batch, cycles: integerFlag(flags, 'cycles', 4, 1), out };
});

/** Models of the shapes mode and the training steps between their reports (the page's setting). */
const MODELS = ['ae', 'irmae'] as const;
const REPORT_EVERY = 50;

/** One report as the page received it. */
interface Arrival {
  step: number;
  /** The page's clock when it drew the report, ms. */
  at: number;
  /** The worker's figure for the training steps since its previous report. */
  trainingOnly: number;
}

interface ModelSpeed {
  model: string;
  /** Images per second from the first timed report to the last, the page's work included. */
  inTab: number;
  /** Median of the workers' figures over the same reports: training steps alone. */
  trainingOnly: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Speeds from the arrivals after the first training report (its cycle includes warm-up). */
function speedOf(model: string, arrivals: Arrival[], batch: number): ModelSpeed {
  const timed = arrivals.filter(({ step }) => step >= REPORT_EVERY);
  const first = timed[0];
  const last = timed[timed.length - 1];
  return {
    model,
    inTab: ((last.step - first.step) * batch) / ((last.at - first.at) / 1000),
    trainingOnly: median(timed.slice(1).map(({ trainingOnly }) => trainingOnly)),
  };
}

async function main(): Promise<void> {
  const executable = findChromium();
  if (executable === undefined) throw new Error(`No Chromium or Chrome found. ${HOW_TO_GET_CHROMIUM}`);
  const [load] = loadavg();
  if (load > cpus().length / 2) {
    console.warn(`The machine is busy (load ${load.toFixed(1)} on ${cpus().length} cores): the figures will not be an idle machine's.`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'irmae-bench-demo-'));
  await build({ configFile: join(ROOT, 'demo/vite.config.ts'), build: { outDir: scratch, emptyOutDir: true }, logLevel: 'error' });
  const server = await serveStatic({ '/': scratch });
  const browser = await launchChromium(executable);
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#toggle:not([disabled])', { timeout: 120_000 });
    await page.fill('#images', '2000');
    await page.selectOption('#batch-size', String(args.batch));
    await page.click('#apply');
    // Records each report's step, arrival time and the worker's own figure, as the page draws it.
    await page.evaluate((ids) => {
      const arrivals: Record<string, Array<{ step: number; at: number; trainingOnly: number }>> = {};
      for (const id of ids) {
        arrivals[id] = [];
        const stats = document.querySelector<HTMLElement>(`#${id} .stats`)!;
        new MutationObserver(() => {
          const step = Number(stats.dataset.step);
          const trainingOnly = Number(/([\d.]+) images\/s/.exec(stats.textContent ?? '')?.[1]);
          const list = arrivals[id];
          if (list.length === 0 || list[list.length - 1].step !== step) list.push({ step, at: performance.now(), trainingOnly });
        }).observe(stats, { childList: true, subtree: true, characterData: true });
      }
      Object.assign(window, { demoArrivals: arrivals });
    }, MODELS);
    await page.click('#toggle');
    const lastStep = REPORT_EVERY * (args.cycles + 1);
    await page.waitForFunction(
      ({ ids, step }) => ids.every((id) => Number(document.querySelector<HTMLElement>(`#${id} .stats`)?.dataset.step) >= step),
      { ids: MODELS, step: lastStep },
      { timeout: 0, polling: 500 },
    );
    await page.click('#toggle');
    const arrivals = await page.evaluate(() => (window as unknown as { demoArrivals: Record<string, Arrival[]> }).demoArrivals);
    const speeds = MODELS.map((model) => speedOf(model, arrivals[model], args.batch));
    console.log(`Demo in Chromium, shapes mode, two models, batch ${args.batch}, ${args.cycles} report cycles of ${REPORT_EVERY} steps:`);
    console.log('| model | images/s in the tab | images/s of the training steps alone |');
    console.log('| --- | ---: | ---: |');
    for (const { model, inTab, trainingOnly } of speeds) {
      console.log(`| ${model} | ${inTab.toFixed(1)} | ${trainingOnly.toFixed(1)} |`);
    }
    console.log("Compare with the single-model 'Chromium, wasm' row of `npm run bench:browser` on the same idle machine.");
    mkdirSync(dirname(args.out), { recursive: true });
    writeFileSync(
      args.out,
      `${JSON.stringify({ batch: args.batch, cycles: args.cycles, cores: cpus().length, loadBefore: load, speeds, arrivals }, null, 2)}\n`,
    );
  } finally {
    await browser.close();
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
