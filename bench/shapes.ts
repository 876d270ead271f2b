/**
 * Shape data set generator: speed against the reference NumPy + OpenCV code,
 * and pixel equality with OpenCV, measured in one run.
 *
 *   npm run bench:shapes            # 50,000 images (one training epoch)
 *   npm run bench:shapes -- 10000   # another count
 *
 * The reference (bench/reference/shapes.py, run with /usr/bin/python3 when it
 * has cv2) draws one image at a time as the paper's ShapeDataset does, each on
 * a fresh np.zeros canvas, and times its own loop without interpreter
 * start-up. The TypeScript side is timed on the same count, four ways:
 * - `generateShapes` in batches of 32 into one reused buffer (`out`): the
 *   generator's own work per image, clearing a canvas, sampling and drawing,
 *   which is what the reference does per image (malloc hands np.zeros the
 *   same 12 KiB again and again);
 * - `generateShapes` in batches of 32 into fresh arrays, as shapeDataset
 *   draws them;
 * - `generateShapes` one image per call, a fresh array each: the reference's
 *   procedure;
 * - a full `shapeDataset` epoch (tensors created and disposed).
 * Fresh typed arrays cost V8 more than malloc costs NumPy: each is an
 * external backing store, counted towards GC pressure, and arrays of 128 KiB
 * and more come from fresh mmapped pages that fault on first touch. Those
 * rows therefore vary with the allocator's state from round to round, and
 * with the machine's cost of a page fault, which the script also measures
 * (about 0.1 to 0.3 us per page on bare metal, far more in some VMs).
 * Rounds alternate between the sides so that load from other processes hits
 * both; the median round of each is reported.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';

import { generateShapes, shapeDataset, type ShapeVariant } from '../src/datasets';

const PYTHON = '/usr/bin/python3';
const REFERENCE = join(dirname(fileURLToPath(import.meta.url)), 'reference', 'shapes.py');
const BATCH = 32;
const ROUNDS = 5;
const TARGET_RATIO = 5;
const CHECK_COUNT = 5000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function hasOpenCv(): boolean {
  return spawnSync(PYTHON, ['-c', 'import cv2, numpy'], { stdio: 'ignore' }).status === 0;
}

/** Images per second of `draw(start, n)` over `count` images in calls of `n`. */
function timeCalls(count: number, n: number, draw: (start: number, n: number) => unknown): number {
  const t0 = performance.now();
  for (let start = 0; start < count; start += n) draw(start, Math.min(n, count - start));
  return count / ((performance.now() - t0) / 1000);
}

const generate = (seed: number) => (start: number, count: number) => generateShapes({ count, start, seed });
const reusedBuffer = new Float32Array(BATCH * 32 * 32 * 3);
const generateInto = (seed: number) => (start: number, count: number) =>
  generateShapes({ count, start, seed, out: count === BATCH ? reusedBuffer : reusedBuffer.subarray(0, count * 3072) });

/** Images per second of one shapeDataset epoch, tensors created and disposed. */
async function timeDataset(count: number, seed: number): Promise<number> {
  const dataset = shapeDataset({ count, seed, batchSize: BATCH, shuffle: true });
  const t0 = performance.now();
  await dataset.forEachAsync((batch) => tf.dispose(batch));
  return count / ((performance.now() - t0) / 1000);
}

/**
 * Microseconds to first touch a 4 KiB page of freshly allocated memory: what
 * every fresh image array pays on top of drawing (12 KiB, 3 pages).
 */
function firstTouchMicroseconds(): number {
  const pages = 8192; // 32 MiB
  const floatsPerPage = 1024;
  const fresh = new Float32Array(pages * floatsPerPage);
  const t0 = performance.now();
  for (let p = 0; p < pages; p++) fresh[p * floatsPerPage] = 1;
  return ((performance.now() - t0) * 1000) / pages;
}

/** Images per second of the reference generator, as it measures itself. */
function timeReference(count: number): number {
  const out = execFileSync(PYTHON, [REFERENCE, 'bench', String(count)], { encoding: 'utf8' });
  return (JSON.parse(out) as { imagesPerSecond: number }).imagesPerSecond;
}

/** Pixels that differ between generateShapes and cv2 drawing the same factors. */
function pixelMismatches(variant: ShapeVariant): number {
  const set = generateShapes({ count: CHECK_COUNT, seed: 12345, variant });
  const k = set.shapesPerImage;
  const images = Array.from({ length: CHECK_COUNT }, (_, i) => set.factors.slice(i * k, (i + 1) * k));
  const out = execFileSync(PYTHON, [REFERENCE, 'draw', '32'], {
    input: JSON.stringify(images),
    maxBuffer: set.images.byteLength + 1024,
  });
  const reference = new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4);
  if (reference.length !== set.images.length) return set.images.length;
  let mismatches = 0;
  for (let i = 0; i < reference.length; i++) if (reference[i] !== set.images[i]) mismatches++;
  return mismatches;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 50_000);
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, but got ${process.argv[2]}`);
  await tf.setBackend('cpu');
  const python = hasOpenCv();
  console.log(`shape generator benchmark: ${count} images of 32x32x3, ${ROUNDS} rounds, median reported`);
  if (!python) console.log(`(${PYTHON} with cv2 not found: reference skipped)`);

  // Warm up the JIT and the allocator before timing.
  timeCalls(Math.min(count, 20_000), 1, generate(1));
  timeCalls(Math.min(count, 20_000), BATCH, generate(1));
  timeCalls(Math.min(count, 20_000), BATCH, generateInto(1));
  await timeDataset(Math.min(count, 5_000), 1);

  const rates: Record<string, number[]> = { reused: [], batched: [], single: [], dataset: [], reference: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const seed = 100 + round;
    rates.reused.push(timeCalls(count, BATCH, generateInto(seed)));
    if (python) rates.reference.push(timeReference(count));
    rates.batched.push(timeCalls(count, BATCH, generate(seed)));
    rates.single.push(timeCalls(count, 1, generate(seed)));
    rates.dataset.push(await timeDataset(count, seed));
  }

  const rows: Array<[string, string]> = [
    ['reused', 'generateShapes, 32 per call, reused out'],
    ['batched', 'generateShapes, 32 per call, fresh'],
    ['single', 'generateShapes, 1 per call, fresh'],
    ['dataset', 'shapeDataset epoch, batches of 32'],
  ];
  if (python) rows.push(['reference', 'reference NumPy + OpenCV, 1 per call']);
  const ref = python ? median(rates.reference) : NaN;
  for (const [key, name] of rows) {
    const rate = median(rates[key]);
    const ratio = python && key !== 'reference' ? `  ${(rate / ref).toFixed(1).padStart(5)}x reference` : '';
    const spread = `(rounds ${Math.round(Math.min(...rates[key])).toLocaleString('en-US')}..${Math.round(Math.max(...rates[key])).toLocaleString('en-US')})`;
    console.log(`${name.padEnd(40)} ${Math.round(rate).toLocaleString('en-US').padStart(11)} images/s${ratio}  ${spread}`);
  }

  const touch = median(Array.from({ length: ROUNDS }, firstTouchMicroseconds));
  console.log(
    `first touch of memory fresh from the kernel: ${touch.toFixed(2)} us per 4 KiB page ` +
      `(${(3 * touch).toFixed(1)} us per image array, when the allocator cannot reuse memory)`,
  );

  if (!python) return;
  const mismatches = (['paper', 'half-squares', 'two-shapes'] as const).map((v) => [v, pixelMismatches(v)] as const);
  for (const [variant, n] of mismatches) {
    console.log(`pixels differing from cv2 drawing the same factors (${CHECK_COUNT} images, '${variant}'): ${n}`);
  }

  const meets = rows.filter(([key]) => key !== 'reference' && median(rates[key]) / ref >= TARGET_RATIO);
  const fast = meets.some(([key]) => key === 'reused');
  const exact = mismatches.every(([, n]) => n === 0);
  console.log(`rows at >= ${TARGET_RATIO}x the reference: ${meets.map(([, name]) => name.trim()).join('; ') || 'none'}`);
  console.log(`target (generator work, reused out, >= ${TARGET_RATIO}x): ${fast ? 'met' : 'NOT met'}; pixel-exact: ${exact ? 'yes' : 'NO'}`);
  if (!fast || !exact) process.exitCode = 1;
}

await main();
