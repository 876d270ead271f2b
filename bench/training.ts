/**
 * Training and encoding throughput of the IRMAE shape autoencoder (l = 2,
 * batch 32, Adam 1e-4, MSE) on every tfjs backend available here, and of the
 * same model in PyTorch on the CPU when /usr/bin/python3 has torch. All
 * numbers come from this one run, so ratios are fair even on a busy machine.
 *
 *   npm run bench -- [--steps 40] [--cpu-steps 1] [--encode-count 10000] [--no-torch] [--profile]
 *
 * It also runs itself in a child process with `--wasm-threads 2` to measure
 * tfjs-backend-wasm's threaded build, which tfjs disables in Node; see
 * `enableWasmThreadsInNode` for the two shims that make it start.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { useWasmTraining } from '../src/backends';
import { cpuMegahertz } from './cpu_speed';
import { conv2DBackpropFilterWasm } from '../src/backends/conv2d_backprop_filter';
import { generateShapes, SHAPE_EVAL_SEED } from '../src/datasets';
import { createShapeAutoencoder } from '../src/presets';

const BATCH = 32;
const LATENT = 32;
const IRM_LAYERS = 2;
const ENCODE_BATCH = 500;

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '40' },
    'cpu-steps': { type: 'string', default: '1' },
    'encode-count': { type: 'string', default: '10000' },
    'no-torch': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'wasm-threads': { type: 'string' },
  },
});
const steps = Number(args.steps);
const cpuSteps = Number(args['cpu-steps']);
const encodeCount = Number(args['encode-count']);

interface Measurement {
  label: string;
  trainImagesPerSecond?: number;
  encodeImagesPerSecond?: number;
  note?: string;
}

const results: Measurement[] = [];

/** The presets' shape autoencoder with IRMAE l = 2, compiled with the paper's Adam 1e-4 and MSE. */
function buildModel(): { model: tf.LayersModel; encode: (x: tf.Tensor4D) => tf.Tensor2D } {
  const { model, encode } = createShapeAutoencoder({ latentDim: LATENT, irmLayers: IRM_LAYERS, seed: 1 });
  model.compile({ optimizer: tf.train.adam(1e-4), loss: 'meanSquaredError' });
  return { model, encode };
}

const data = generateShapes({ count: Math.max(encodeCount, 8 * BATCH), seed: SHAPE_EVAL_SEED }).images;
const imageSize = 32 * 32 * 3;

function batchOf(index: number, size: number): tf.Tensor4D {
  const start = (index * size) % (data.length / imageSize - size + 1);
  return tf.tensor4d(data.subarray(start * imageSize, (start + size) * imageSize), [size, 32, 32, 3]);
}

/** Images per second of `count` training steps (after one warm-up step), or the error that stopped training. */
async function trainingThroughput(model: tf.LayersModel, count: number, warmupBatch = BATCH): Promise<number> {
  const warmup = batchOf(0, warmupBatch);
  await model.trainOnBatch(warmup, warmup);
  warmup.dispose();
  const batches = Array.from({ length: Math.min(count, 8) }, (_, i) => batchOf(i + 1, BATCH));
  const start = performance.now();
  for (let i = 0; i < count; i++) await model.trainOnBatch(batches[i % batches.length], batches[i % batches.length]);
  const seconds = (performance.now() - start) / 1000;
  tf.dispose(batches);
  return (count * BATCH) / seconds;
}

/** Images per second of computing the codes (after the linear layers) of `count` images, batch 500. */
async function encodingThroughput(encode: (x: tf.Tensor4D) => tf.Tensor2D, count: number): Promise<number> {
  tf.tidy(() => encode(batchOf(0, Math.min(ENCODE_BATCH, count))));
  const start = performance.now();
  for (let done = 0; done < count; done += ENCODE_BATCH) {
    const size = Math.min(ENCODE_BATCH, count - done);
    const codes = tf.tidy(() => encode(batchOf(done / ENCODE_BATCH, size)));
    await codes.data();
    codes.dispose();
  }
  return count / ((performance.now() - start) / 1000);
}

async function measure(
  label: string,
  backend: string,
  trainSteps: number,
  encodeImages: number,
  options: { warmupBatch?: number } = {},
): Promise<void> {
  await tf.setBackend(backend);
  const { model, encode } = buildModel();
  const entry: Measurement = { label };
  try {
    entry.trainImagesPerSecond = await trainingThroughput(model, trainSteps, options.warmupBatch);
  } catch (error) {
    entry.note = `cannot train: ${(error as Error).message}`;
  }
  if (encodeImages > 0) entry.encodeImagesPerSecond = await encodingThroughput(encode, encodeImages);
  if (encodeImages < encodeCount && encodeImages > 0) entry.note = `encoding rate from ${encodeImages} images`;
  model.dispose();
  results.push(entry);
  console.log(format(entry));
}

function format(m: Measurement): string {
  const train = m.trainImagesPerSecond === undefined ? '-' : m.trainImagesPerSecond.toFixed(1);
  const encode = m.encodeImagesPerSecond === undefined ? '-' : m.encodeImagesPerSecond.toFixed(0);
  return `${m.label.padEnd(52)} train ${train.padStart(8)} img/s   encode ${encode.padStart(7)} img/s${m.note ? `   (${m.note})` : ''}`;
}

/** Multiply-adds per image of every convolution (forward), from the layer shapes. */
function forwardMacsPerImage(): number {
  const conv = (out: number, k: number, cin: number, cout: number) => out * out * k * k * cin * cout;
  const encoder = conv(16, 4, 3, 32) + conv(8, 4, 32, 64) + conv(4, 4, 64, 128) + conv(2, 4, 128, 256) + conv(1, 2, 256, LATENT);
  // A transposed convolution costs what the convolution it transposes costs.
  const decoder = conv(1, 2, 256, LATENT) + conv(2, 4, 128, 256) + conv(4, 4, 64, 128) + conv(8, 4, 32, 64) + conv(16, 4, 3, 32);
  return encoder + decoder + IRM_LAYERS * LATENT * LATENT;
}

async function profileStep(): Promise<void> {
  const { model } = buildModel();
  const x = batchOf(0, BATCH);
  await model.trainOnBatch(x, x);
  const profile = await tf.profile(async () => {
    await model.trainOnBatch(x, x);
  });
  const perKernel = new Map<string, number>();
  for (const kernel of profile.kernels) {
    perKernel.set(kernel.name, (perKernel.get(kernel.name) ?? 0) + (kernel.kernelTimeMs as number));
  }
  const total = [...perKernel.values()].reduce((a, b) => a + b, 0);
  console.log(`\nKernel time of one training step on wasm (batch ${BATCH}, total ${total.toFixed(1)} ms):`);
  for (const [name, ms] of [...perKernel].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${name.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)} %`);
  }
  x.dispose();
  model.dispose();
}

function torchAvailable(): boolean {
  if (args['no-torch']) return false;
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

function measureTorch(threads: number): void {
  const run = spawnSync(
    '/usr/bin/python3',
    ['bench/reference/train_shapes.py', '--threads', String(threads), '--steps', String(steps), '--irm', String(IRM_LAYERS), '--encode-count', String(encodeCount)],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) {
    results.push({ label: `PyTorch CPU, ${threads} thread(s)`, note: `failed: ${run.stderr.trim().split('\n').pop()}` });
    return;
  }
  const out = JSON.parse(run.stdout.trim().split('\n').pop() as string);
  const entry = {
    label: `PyTorch ${out.torch} CPU, ${threads} thread(s)`,
    trainImagesPerSecond: out.trainImagesPerSecond,
    encodeImagesPerSecond: out.encodeImagesPerSecond,
  };
  results.push(entry);
  console.log(format(entry));
}

/**
 * Starts tfjs-backend-wasm's threaded build in Node. tfjs turns it off there
 * (WASM_HAS_MULTITHREAD_SUPPORT is false when IS_NODE); forced on, it fails
 * because it hands worker_threads `blob:` URLs for its pthread workers. So,
 * during initialisation only: URL.createObjectURL returns files holding the
 * worker script and the main script, and os.cpus() reports 2 x `threads`
 * cores because the backend caps its pool at half the logical cores.
 */
async function enableWasmThreadsInNode(threads: number): Promise<void> {
  const require = createRequire(import.meta.url);
  const wasmOut = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const folder = mkdtempSync(join(tmpdir(), 'irmae-wasm-threads-'));
  const mainScript = join(folder, 'main.js');
  const threadedBuild = join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js');
  writeFileSync(mainScript, `var WasmBackendModuleThreadedSimd = require(${JSON.stringify(threadedBuild)});\n`);
  const { wasmWorkerContents } = require(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js'));
  const workerScript = join(folder, 'worker.js');
  // The worker, too, turns the main script it receives into an object URL.
  const workerShim = `URL.createObjectURL = () => ${JSON.stringify(mainScript)};\n`;
  writeFileSync(workerScript, workerShim + (wasmWorkerContents as string).replace(/\n/g, '\\n'));
  const os = require('node:os') as { cpus: typeof cpus };
  const { createObjectURL } = URL;
  const realCpus = os.cpus;
  URL.createObjectURL = (blob: Blob) => (blob.type === 'application/javascript' ? workerScript : mainScript);
  os.cpus = () => Array.from({ length: 2 * threads }, () => realCpus()[0]);
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasm.setThreadsCount(threads);
    await useWasmTraining();
  } finally {
    URL.createObjectURL = createObjectURL;
    os.cpus = realCpus;
  }
}

/** Child mode: wasm + irmae kernels on the threaded build; prints one JSON line. */
async function measureThreaded(threads: number): Promise<void> {
  await enableWasmThreadsInNode(threads);
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  await measure(`tfjs wasm + irmae kernels, threaded build, ${wasm.getThreadsCount()} threads`, 'wasm', steps, encodeCount);
  console.log(JSON.stringify(results[0]));
  // The threaded build's pthread workers keep Node's event loop alive.
  process.exit(0);
}

function measureThreadedInChild(threads: number): void {
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, process.argv[1], '--wasm-threads', String(threads), '--steps', String(steps), '--encode-count', String(encodeCount)],
    { encoding: 'utf8', timeout: 30 * 60_000 },
  );
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    const entry = { label: `tfjs wasm + irmae kernels, threaded build, ${threads} threads`, note: `failed (${run.signal ?? `exit ${run.status}`}): ${run.stderr.trim().split('\n').pop()}` };
    results.push(entry);
    console.log(format(entry));
    return;
  }
  const entry = JSON.parse(line) as Measurement;
  results.push(entry);
  console.log(format(entry));
}

async function main(): Promise<void> {
  if (args['wasm-threads'] !== undefined) return measureThreaded(Number(args['wasm-threads']));
  const cores = cpus().length;
  const mhz = cpuMegahertz();
  console.log(`Shape autoencoder, IRMAE l = ${IRM_LAYERS}, batch ${BATCH}; ${cores} cores at ${mhz.toFixed(0)} MHz; ${steps} timed steps (cpu backend: ${cpuSteps}).\n`);

  await measure('tfjs cpu backend', 'cpu', cpuSteps, Math.min(encodeCount, 1000), { warmupBatch: 2 });

  // The wasm package registers its backend on import; stock kernels first.
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  await measure('tfjs wasm backend, stock 4.22', 'wasm', steps, 0);
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilterWasm as tf.KernelFunc });
  await measure('tfjs wasm, stock Conv2DBackpropInput + our filter grad', 'wasm', 2, 0);
  tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');

  const info = await useWasmTraining();
  await measure(`tfjs wasm + irmae kernels (SIMD ${info.simd}, ${wasm.getThreadsCount()} thread)`, 'wasm', steps, encodeCount);
  if (args.profile) await profileStep();
  measureThreadedInChild(2);

  try {
    await import(/* @vite-ignore */ '@tensorflow/tfjs-node' as string);
    await measure('tfjs-node (TensorFlow C++)', 'tensorflow', steps, encodeCount);
  } catch {
    console.log('tfjs-node: not installed, skipped');
  }

  if (torchAvailable()) {
    measureTorch(1);
    measureTorch(cores);
  } else {
    console.log('PyTorch: /usr/bin/python3 has no torch (or --no-torch), skipped');
  }

  printRatios(mhz, cores);
}

function printRatios(mhz: number, cores: number): void {
  const find = (prefix: string) => results.find((r) => r.label.startsWith(prefix));
  const ours = find('tfjs wasm + irmae kernels (');
  if (ours?.trainImagesPerSecond === undefined) return;
  console.log('\nRatios, wasm + irmae kernels over each (same run):');
  for (const other of results) {
    if (other === ours) continue;
    const train = other.trainImagesPerSecond ? `train ${(ours.trainImagesPerSecond / other.trainImagesPerSecond).toFixed(1)}x` : 'train -';
    const encode =
      other.encodeImagesPerSecond && ours.encodeImagesPerSecond
        ? `encode ${(ours.encodeImagesPerSecond / other.encodeImagesPerSecond).toFixed(2)}x`
        : 'encode -';
    console.log(`  vs ${other.label.padEnd(52)} ${train.padEnd(16)} ${encode}`);
  }
  const flopsPerImage = 2 * forwardMacsPerImage();
  // Training = forward + input gradient + filter gradient, each about one forward.
  const trainFlops = 3 * flopsPerImage;
  const achieved = (ours.trainImagesPerSecond * trainFlops) / 1e9;
  // WebAssembly SIMD128 has no fused multiply-add: 4 lanes x (2 multiply + 2 add pipes) per cycle.
  const wasmPeakOneCore = (mhz * 1e6 * 16) / 1e9;
  // Native AVX2: 8 lanes x 2 FMA units x 2 FLOP per cycle, on every core.
  const avx2PeakAllCores = (mhz * 1e6 * 32 * cores) / 1e9;
  console.log(
    `\nFLOPs: ${(flopsPerImage / 1e6).toFixed(1)} MFLOP per image forward, ~${(trainFlops / 1e6).toFixed(1)} per training image.` +
      `\nwasm + irmae training runs at ${achieved.toFixed(1)} GFLOP/s: ${((100 * achieved) / wasmPeakOneCore).toFixed(0)} % of one core's WebAssembly SIMD128 peak ` +
      `(${wasmPeakOneCore.toFixed(1)} GFLOP/s), ${((100 * achieved) / avx2PeakAllCores).toFixed(0)} % of the ${cores}-core AVX2 FMA peak (${avx2PeakAllCores.toFixed(0)} GFLOP/s).`,
  );
}

await main();
