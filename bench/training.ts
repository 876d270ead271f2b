/**
 * Training and encoding throughput of the IRMAE shape autoencoder (l = 2,
 * batch 32, Adam 1e-4, MSE) on every tfjs backend available here, and of the
 * same model in PyTorch on the CPU when /usr/bin/python3 has torch; then of
 * the reference code's MNIST IRMAE (l = 8, n = 128) on wasm with the
 * library's kernels and in PyTorch on one thread; and what the nuclear norm
 * penalty adds to a training step (bench/nuclear_norm.ts: on a toy model at
 * n = 128 and 512, and LoRAE beside the AE and IRMAE l = 8 on the MNIST
 * networks). All numbers come from this one run, so ratios are fair even on
 * a busy machine.
 *
 *   npm run bench -- [--steps 40] [--cpu-steps 1] [--encode-count 10000] [--epoch-images 2048] [--no-torch] [--profile]
 *                    [--no-nuclear | --nuclear-only] [--rank-reduction-only]
 *
 * It ends with the cost of the RRAE bottleneck (`RankReduction`) in a
 * training step with codes n = 128 (bench/rank_reduction.ts);
 * `--rank-reduction-only` runs that section alone, `--nuclear-only` the
 * nuclear norm's.
 *
 * It also runs itself in child processes: with `--wasm-threads 2` to measure
 * tfjs-backend-wasm's threaded build, which tfjs disables in Node (see
 * `enableWasmThreadsInNode` for the two shims that make it start), and with
 * `--epoch-timing` to time the epochs of a model trained from a fresh start,
 * as each model of the reproduction is.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { useWasmTraining } from '../src/backends';
import { gemmPath, hasRelaxedSimd, setGemmPath, type GemmPath } from '../src/backends/gemm';
import { cpuMegahertz } from './cpu_speed';
import { conv2DBackpropFilterWasm } from '../src/backends/conv2d_backprop_filter';
import { generateShapes, SHAPE_EVAL_SEED, SHAPE_TRAIN_SEED } from '../src/datasets';
import { createMnistAutoencoder, createShapeAutoencoder } from '../src/presets';
import { fusedAdam } from '../src/optimizers';
import { trainAutoencoder } from '../src/training';
import { integerFlag, parseCommandLine, parseFlags, UsageError } from '../examples/lib/flags';
import { formatLoraeStepCost, measureLoraeStepCost, measureNuclearNormCost, printNuclearNormCost } from './nuclear_norm';
import { formatRankReductionCost, measureRankReductionCost } from './rank_reduction';

const BATCH = 32;
const LATENT = 32;
const IRM_LAYERS = 2;
const ENCODE_BATCH = 500;
const MNIST_LATENT = 128;
const MNIST_IRM_LAYERS = 8;
/** Labels of the MNIST model's measurements start with it. */
const MNIST_LABEL = 'MNIST IRMAE l = 8: ';

const { steps, cpuSteps, encodeCount, epochImages, wasmThreads, noTorch, profile, epochTiming, nuclear, rankReductionOnly } = parseCommandLine(
  'bench/training.ts',
  () => {
    const flags = parseFlags(process.argv.slice(2), {
      steps: { type: 'string' },
      'cpu-steps': { type: 'string' },
      'encode-count': { type: 'string' },
      'no-torch': { type: 'boolean' },
      profile: { type: 'boolean' },
      'wasm-threads': { type: 'string' },
      'epoch-images': { type: 'string' },
      'epoch-timing': { type: 'boolean' },
      'no-nuclear': { type: 'boolean' },
      'nuclear-only': { type: 'boolean' },
      'rank-reduction-only': { type: 'boolean' },
    });
    if (flags['no-nuclear'] === true && flags['nuclear-only'] === true) {
      throw new UsageError('--no-nuclear and --nuclear-only exclude each other, but got both');
    }
    return {
      steps: integerFlag(flags, 'steps', 40, 1),
      cpuSteps: integerFlag(flags, 'cpu-steps', 1, 1),
      encodeCount: integerFlag(flags, 'encode-count', 10_000, 1),
      epochImages: integerFlag(flags, 'epoch-images', 2048, 1),
      wasmThreads: flags['wasm-threads'] === undefined ? undefined : integerFlag(flags, 'wasm-threads', 1, 1),
      noTorch: flags['no-torch'] === true,
      profile: flags.profile === true,
      epochTiming: flags['epoch-timing'] === true,
      nuclear: flags['no-nuclear'] === true ? 'skip' : flags['nuclear-only'] === true ? 'only' : 'run',
      rankReductionOnly: flags['rank-reduction-only'] === true,
    };
  },
);
const TIMED_EPOCHS = 3;

interface Measurement {
  label: string;
  trainImagesPerSecond?: number;
  encodeImagesPerSecond?: number;
  /** The same per second of CPU time: on a shared machine, what the core would do alone. */
  trainCpuImagesPerSecond?: number;
  encodeCpuImagesPerSecond?: number;
  note?: string;
}

/** Images per second of wall time and of CPU time. */
interface Rates {
  wall: number;
  cpu: number;
}

/** Times `run` in wall and CPU seconds and turns them into images per second. */
async function timeRates(images: number, run: () => Promise<void>): Promise<Rates> {
  const wall = performance.now();
  const cpu = cpuClock();
  await run();
  return { wall: images / ((performance.now() - wall) / 1000), cpu: images / Math.max(cpuClock() - cpu, 1e-3) };
}

const results: Measurement[] = [];

/** A model to time and the images it trains on. */
interface Workload {
  /** The model compiled with MSE and `optimizer`; `encode` gives its codes after the linear layers. */
  build(optimizer: tf.Optimizer): { model: tf.LayersModel; encode: (x: tf.Tensor4D) => tf.Tensor2D };
  /** NHWC images, row-major, at least 8 batches and the encoded count. */
  images: Float32Array;
  channels: number;
}

/** The presets' shape autoencoder with IRMAE l = 2 on the shape evaluation images. */
const SHAPES: Workload = {
  build(optimizer) {
    const { model, encode } = createShapeAutoencoder({ latentDim: LATENT, irmLayers: IRM_LAYERS, seed: 1 });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    return { model, encode };
  },
  images: generateShapes({ count: Math.max(encodeCount, 8 * BATCH), seed: SHAPE_EVAL_SEED }).images,
  channels: 3,
};

/**
 * The reference code's MNIST autoencoder with IRMAE l = 8, n = 128, on
 * uniform noise of the digits' size: its speed does not depend on what the
 * pixels hold.
 */
const MNIST: Workload = {
  build(optimizer) {
    const { model, encode } = createMnistAutoencoder({ latentDim: MNIST_LATENT, irmLayers: MNIST_IRM_LAYERS, seed: 1 });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    return { model, encode };
  },
  images: tf.tidy(() => tf.randomUniform([Math.max(encodeCount, 8 * BATCH), 32, 32, 1], 0, 1, 'float32', 1).dataSync() as Float32Array),
  channels: 1,
};

function batchOf(workload: Workload, index: number, size: number): tf.Tensor4D {
  const imageSize = 32 * 32 * workload.channels;
  const start = (index * size) % (workload.images.length / imageSize - size + 1);
  return tf.tensor4d(workload.images.subarray(start * imageSize, (start + size) * imageSize), [size, 32, 32, workload.channels]);
}

/** Images per second of `count` training steps (after one warm-up step), or the error that stopped training. */
async function trainingThroughput(workload: Workload, model: tf.LayersModel, count: number, warmupBatch = BATCH): Promise<Rates> {
  const warmup = batchOf(workload, 0, warmupBatch);
  await model.trainOnBatch(warmup, warmup);
  warmup.dispose();
  const batches = Array.from({ length: Math.min(count, 8) }, (_, i) => batchOf(workload, i + 1, BATCH));
  try {
    return await timeRates(count * BATCH, async () => {
      for (let i = 0; i < count; i++) await model.trainOnBatch(batches[i % batches.length], batches[i % batches.length]);
    });
  } finally {
    tf.dispose(batches);
  }
}

/** Images per second of computing the codes (after the linear layers) of `count` images, batch 500. */
async function encodingThroughput(workload: Workload, encode: (x: tf.Tensor4D) => tf.Tensor2D, count: number): Promise<Rates> {
  tf.tidy(() => encode(batchOf(workload, 0, Math.min(ENCODE_BATCH, count))));
  return timeRates(count, async () => {
    for (let done = 0; done < count; done += ENCODE_BATCH) {
      const size = Math.min(ENCODE_BATCH, count - done);
      const codes = tf.tidy(() => encode(batchOf(workload, done / ENCODE_BATCH, size)));
      await codes.data();
      codes.dispose();
    }
  });
}

async function measure(
  label: string,
  backend: string,
  trainSteps: number,
  encodeImages: number,
  options: { warmupBatch?: number; optimizer?: () => tf.Optimizer; workload?: Workload } = {},
): Promise<void> {
  await tf.setBackend(backend);
  const { workload = SHAPES } = options;
  // By default the library's fused Adam at the paper's 1e-4, which trainAutoencoder uses.
  const { model, encode } = workload.build(options.optimizer?.() ?? fusedAdam(1e-4));
  const entry: Measurement = { label };
  try {
    const rates = await trainingThroughput(workload, model, trainSteps, options.warmupBatch);
    entry.trainImagesPerSecond = rates.wall;
    entry.trainCpuImagesPerSecond = rates.cpu;
  } catch (error) {
    entry.note = `cannot train: ${(error as Error).message}`;
  }
  if (encodeImages > 0) {
    const rates = await encodingThroughput(workload, encode, encodeImages);
    entry.encodeImagesPerSecond = rates.wall;
    entry.encodeCpuImagesPerSecond = rates.cpu;
  }
  if (encodeImages < encodeCount && encodeImages > 0) entry.note = `encoding rate from ${encodeImages} images`;
  model.optimizer.dispose();
  model.dispose();
  results.push(entry);
  console.log(format(entry));
}

function format(m: Measurement): string {
  const rate = (wall: number | undefined, cpu: number | undefined, digits: number) =>
    wall === undefined ? '-'.padStart(7).padEnd(16) : `${wall.toFixed(digits).padStart(7)} (${cpu === undefined ? '-' : cpu.toFixed(digits)})`.padEnd(16);
  const train = rate(m.trainImagesPerSecond, m.trainCpuImagesPerSecond, 1);
  const encode = rate(m.encodeImagesPerSecond, m.encodeCpuImagesPerSecond, 0);
  return `${m.label.padEnd(52)} train ${train} img/s   encode ${encode} img/s${m.note ? `   (${m.note})` : ''}`;
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
  const { model } = SHAPES.build(fusedAdam(1e-4));
  const x = batchOf(SHAPES, 0, BATCH);
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
  if (noTorch) return false;
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

function measureTorch(threads: number, model: 'shapes' | 'mnist' = 'shapes'): void {
  const irm = model === 'mnist' ? MNIST_IRM_LAYERS : IRM_LAYERS;
  const prefix = model === 'mnist' ? MNIST_LABEL : '';
  const run = spawnSync(
    '/usr/bin/python3',
    ['bench/reference/train_shapes.py', '--model', model, '--threads', String(threads), '--steps', String(steps), '--irm', String(irm), '--encode-count', String(encodeCount)],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) {
    results.push({ label: `${prefix}PyTorch CPU, ${threads} thread(s)`, note: `failed: ${run.stderr.trim().split('\n').pop()}` });
    return;
  }
  const out = JSON.parse(run.stdout.trim().split('\n').pop() as string);
  const entry = {
    label: `${prefix}PyTorch ${out.torch} CPU, ${threads} thread(s)`,
    trainImagesPerSecond: out.trainImagesPerSecond,
    encodeImagesPerSecond: out.encodeImagesPerSecond,
    trainCpuImagesPerSecond: out.trainCpuImagesPerSecond,
    encodeCpuImagesPerSecond: out.encodeCpuImagesPerSecond,
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
  cpuClock = processCpuSeconds;
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

/** CPU seconds of this process, all its threads. */
function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** CPU seconds of the calling thread (Linux), else of the process: unlike wall time, not stretched by other jobs. */
function cpuSeconds(): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks of 1/100 s.
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return processCpuSeconds();
  }
}

/** The CPU clock of the rates: this thread, or the whole process where tfjs runs threads of its own. */
let cpuClock = cpuSeconds;

interface EpochTiming {
  wallSeconds: number[];
  cpuSeconds: number[];
}

/**
 * Child mode: trains a fresh model the way each model of the reproduction
 * starts (the whole training set as one tensor, trainAutoencoder, a process
 * that has run no kernel yet) and times every epoch; prints one JSON line.
 */
async function measureEpochs(): Promise<void> {
  await useWasmTraining();
  const { images, shape } = generateShapes({ count: epochImages, seed: SHAPE_TRAIN_SEED });
  const xs = tf.tensor4d(images, shape);
  const { model } = createShapeAutoencoder({ latentDim: LATENT, irmLayers: IRM_LAYERS, seed: 1 });
  const timing: EpochTiming = { wallSeconds: [], cpuSeconds: [] };
  let wall = performance.now();
  let cpu = cpuSeconds();
  await trainAutoencoder(model, xs, {
    epochs: TIMED_EPOCHS,
    batchSize: BATCH,
    progress: 'none',
    callbacks: {
      onEpochEnd: () => {
        timing.wallSeconds.push((performance.now() - wall) / 1000);
        timing.cpuSeconds.push(cpuSeconds() - cpu);
        wall = performance.now();
        cpu = cpuSeconds();
      },
    },
  });
  console.log(JSON.stringify(timing));
}

/** Runs `--epoch-timing` in a fresh process; undefined (and a note) when it fails. */
function measureEpochsInChild(): EpochTiming | undefined {
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, process.argv[1], '--epoch-timing', '--epoch-images', String(epochImages)],
    { encoding: 'utf8', timeout: 30 * 60_000 },
  );
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    console.log(`epoch timing failed (${run.signal ?? `exit ${run.status}`}): ${run.stderr.trim().split('\n').pop()}`);
    return undefined;
  }
  const timing = JSON.parse(line) as EpochTiming;
  const list = (seconds: number[]) => seconds.map((x) => x.toFixed(2)).join(', ');
  console.log(
    `\nEpochs of a fresh model (${epochImages} images, batch ${BATCH}, new process): ` +
      `wall ${list(timing.wallSeconds)} s; thread CPU ${list(timing.cpuSeconds)} s`,
  );
  return timing;
}

/**
 * The nuclear norm penalty's cost per step on wasm with the library's
 * kernels: on the toy model at n = 128 and 512, then LoRAE beside the AE and
 * IRMAE l = 8 on the MNIST networks (5 rounds of 3 steps per model after a
 * warm-up: 48 steps of about 0.6 s of wall time on a loaded 2-core machine).
 */
async function measureNuclearNorm(): Promise<void> {
  const info = await useWasmTraining();
  const backend = `wasm + irmae kernels (SIMD ${info.simd}, GEMM ${gemmPath()})`;
  printNuclearNormCost(await measureNuclearNormCost(cpuSeconds), backend);
  console.log(formatLoraeStepCost(await measureLoraeStepCost(5, 3, cpuSeconds), backend));
}

async function main(): Promise<void> {
  if (wasmThreads !== undefined) return measureThreaded(wasmThreads);
  if (epochTiming) return measureEpochs();
  if (nuclear === 'only') return measureNuclearNorm();
  if (rankReductionOnly) {
    await useWasmTraining();
    return measureRankReduction();
  }
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
  await measure(`tfjs wasm + irmae kernels (SIMD ${info.simd}, ${wasm.getThreadsCount()} thread, GEMM ${gemmPath()})`, 'wasm', steps, encodeCount);
  await measureGemmPaths();
  await measure("tfjs wasm + irmae conv kernels, tfjs's Adam", 'wasm', steps, 0, { optimizer: () => tf.train.adam(1e-4) });
  await measure(`${MNIST_LABEL}tfjs wasm + irmae kernels`, 'wasm', steps, encodeCount, { workload: MNIST });
  if (nuclear === 'run') await measureNuclearNorm();
  if (profile) await profileStep();
  measureThreadedInChild(2);
  const epochs = measureEpochsInChild();

  try {
    await import(/* @vite-ignore */ '@tensorflow/tfjs-node' as string);
    await measure('tfjs-node (TensorFlow C++)', 'tensorflow', steps, encodeCount);
  } catch {
    console.log('tfjs-node: not installed, skipped');
  }

  if (torchAvailable()) {
    measureTorch(1);
    measureTorch(cores);
    measureTorch(1, 'mnist');
  } else {
    console.log('PyTorch: /usr/bin/python3 has no torch (or --no-torch), skipped');
  }

  printRatios(mhz, cores, epochs);
  await measureRankReduction();
}

/** The RRAE bottleneck's cost per training step, on wasm with the library's kernels (section of its own). */
async function measureRankReduction(): Promise<void> {
  await tf.setBackend('wasm');
  console.log(formatRankReductionCost(await measureRankReductionCost(2, 2, cpuClock)));
}

/** Labels of the GEMM path measurements start with it. */
const GEMM_LABEL = 'tfjs wasm + irmae kernels, GEMM ';

/**
 * Training on each GEMM path the platform has, one after the other in this
 * process: the library's fused (relaxed SIMD) and SIMD128 builds and XNNPACK's
 * BatchMatMul, the kernels' matrix product before them.
 */
async function measureGemmPaths(): Promise<void> {
  const paths: GemmPath[] = hasRelaxedSimd() ? ['fma', 'simd128', 'xnnpack'] : ['simd128', 'xnnpack'];
  try {
    for (const path of paths) {
      setGemmPath(path);
      await measure(`${GEMM_LABEL}${path}`, 'wasm', steps, 0);
    }
  } finally {
    setGemmPath(undefined);
  }
}

/** The GEMM paths' training rates over each other, and the fused path's share of one core's FMA peak. */
function printGemmPaths(mhz: number, trainFlops: number): void {
  const entry = (path: GemmPath) => results.find((r) => r.label === `${GEMM_LABEL}${path}`);
  const ratio = (a: GemmPath, b: GemmPath) => {
    const [x, y] = [entry(a), entry(b)];
    if (!x?.trainImagesPerSecond || !y?.trainImagesPerSecond) return `${a} over ${b} not measured`;
    const cpu = x.trainCpuImagesPerSecond && y.trainCpuImagesPerSecond ? (x.trainCpuImagesPerSecond / y.trainCpuImagesPerSecond).toFixed(2) : '-';
    return `${a} over ${b} ${(x.trainImagesPerSecond / y.trainImagesPerSecond).toFixed(2)}x (CPU time ${cpu}x)`;
  };
  console.log(
    `\nGEMM paths, training (same run): ${ratio('fma', 'simd128')}, ${ratio('fma', 'xnnpack')}, ${ratio('simd128', 'xnnpack')}` +
      `${hasRelaxedSimd() ? '' : ' (no relaxed SIMD here: Node 20 needs --experimental-wasm-relaxed-simd)'}`,
  );
  const fma = entry('fma')?.trainImagesPerSecond;
  if (fma === undefined) return;
  // f32x4.relaxed_madd on FMA hardware: 4 lanes x 2 FMA pipes x 2 FLOP per cycle.
  const fmaPeakOneCore = (mhz * 1e6 * 16) / 1e9;
  const achieved = (fma * trainFlops) / 1e9;
  console.log(`fma path training at ${achieved.toFixed(1)} GFLOP/s: ${((100 * achieved) / fmaPeakOneCore).toFixed(0)} % of one core's FMA peak (${fmaPeakOneCore.toFixed(1)} GFLOP/s).`);
}

function printRatios(mhz: number, cores: number, epochs: EpochTiming | undefined): void {
  const find = (prefix: string) => results.find((r) => r.label.startsWith(prefix));
  const ours = find('tfjs wasm + irmae kernels (');
  if (ours?.trainImagesPerSecond === undefined) return;
  console.log('\nRatios, wasm + irmae kernels over each (same run):');
  for (const other of results) {
    if (other === ours || other.label.startsWith(MNIST_LABEL) || other.label.startsWith(GEMM_LABEL)) continue;
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
  const peakShare = (100 * achieved) / wasmPeakOneCore;
  const cpuPeakShare = (100 * (ours.trainCpuImagesPerSecond ?? NaN) * trainFlops) / 1e9 / wasmPeakOneCore;
  console.log(
    `\nFLOPs: ${(flopsPerImage / 1e6).toFixed(1)} MFLOP per image forward, ~${(trainFlops / 1e6).toFixed(1)} per training image.` +
      `\nwasm + irmae training runs at ${achieved.toFixed(1)} GFLOP/s: ${peakShare.toFixed(0)} % of one core's WebAssembly SIMD128 peak ` +
      `(${wasmPeakOneCore.toFixed(1)} GFLOP/s), ${((100 * achieved) / avx2PeakAllCores).toFixed(0)} % of the ${cores}-core AVX2 FMA peak (${avx2PeakAllCores.toFixed(0)} GFLOP/s).`,
  );
  printGemmPaths(mhz, trainFlops);
  const torch = find('PyTorch') as Measurement | undefined;
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}x` : 'not measured');
  const mnist = find(`${MNIST_LABEL}tfjs`);
  const mnistTorch = find(`${MNIST_LABEL}PyTorch`);
  console.log(
    `\nMNIST IRMAE l = 8 (n = 128), wasm + irmae kernels over PyTorch on 1 thread: ` +
      `train ${ratio(mnist?.trainImagesPerSecond, mnistTorch?.trainImagesPerSecond)} (CPU time ${ratio(mnist?.trainCpuImagesPerSecond, mnistTorch?.trainCpuImagesPerSecond)}), ` +
      `encode ${ratio(mnist?.encodeImagesPerSecond, mnistTorch?.encodeImagesPerSecond)} (CPU time ${ratio(mnist?.encodeCpuImagesPerSecond, mnistTorch?.encodeCpuImagesPerSecond)})`,
  );
  const percent = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} %` : 'clock unknown');
  const rows = [
    ['training, share of one core\'s SIMD128 peak', percent(peakShare), percent(cpuPeakShare), '>= 75 %'],
    ['encoding, wasm over PyTorch on 1 thread', ratio(ours.encodeImagesPerSecond, torch?.encodeImagesPerSecond), ratio(ours.encodeCpuImagesPerSecond, torch?.encodeCpuImagesPerSecond), '>= 1x'],
    [
      'first epoch\'s speed over the later epochs\'',
      epochs ? `${firstOverLater(epochs.wallSeconds).toFixed(2)}x` : 'not measured',
      epochs ? `${firstOverLater(epochs.cpuSeconds).toFixed(2)}x` : 'not measured',
      '>= 0.9x',
    ],
  ];
  console.log(`\nSummary of this run${'wall time'.padStart(32)}   ${'CPU time'.padStart(12)}   goal`);
  for (const [what, wall, cpu, goal] of rows) console.log(`  ${what.padEnd(44)} ${wall.padStart(14)}   ${cpu.padStart(12)}   ${goal}`);
  console.log('  (CPU time: per second the measuring thread ran; on a busy machine closer to what one idle core does)');
}

/** Speed of the first epoch over the mean speed of the others, from epoch durations. */
function firstOverLater(seconds: readonly number[]): number {
  const later = seconds.slice(1);
  return later.reduce((a, b) => a + b, 0) / later.length / seconds[0];
}

await main();
