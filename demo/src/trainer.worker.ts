/**
 * Trains one model in a Web Worker, on the wasm backend with irmae's
 * training kernels, so the page stays responsive: a shape autoencoder, or an
 * AE, IRMAE or VAE on MNIST digits. Reports the latent spectrum,
 * reconstructions and an interpolation every few steps, and a PCA grid when
 * asked.
 */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  type Autoencoder,
  createMnistAutoencoder,
  createShapeAutoencoder,
  createVae,
  effectiveRank,
  fusedAdam,
  latentPca,
  latentSpectrumAsync,
  pcaTraversal,
  thresholdRank,
  useWasmTraining,
} from 'irmae';

import { digitsData, shapesData, type TrainingData } from './training_data';
import {
  INTERPOLATION_STEPS,
  PCA_STEPS,
  RECONSTRUCTED,
  type FromWorker,
  type ToWorker,
  type TrainerConfig,
} from './messages';

interface Run {
  config: TrainerConfig;
  autoencoder: Autoencoder;
  /** The training objective of one batch: MSE, or the VAE's cross-entropy plus KL term. */
  objective: (x: tf.Tensor4D) => tf.Scalar;
  optimizer: tf.Optimizer;
  variables: tf.Variable[];
  data: TrainingData;
  /** The two evaluation images to interpolate between. */
  ends: tf.Tensor4D;
  step: number;
  /** Training losses since the last report, read only then. */
  losses: tf.Scalar[];
  since: number;
}

const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

let run: Run | undefined;
/** Whether the page last asked to run (rather than pause). */
let wanted = false;
/** Whether the training loop is going. */
let looping = false;
let ready: Promise<void> | undefined;

let queue: Promise<unknown> = Promise.resolve();

scope.onmessage = ({ data }) => {
  if (data.type === 'configure') void exclusive(() => configure(data.config)).catch(fail);
  else if (data.type === 'run') {
    wanted = true;
    void start().catch(fail);
  }
  else if (data.type === 'pair') void exclusive(() => choosePair(data.index)).catch(fail);
  else if (data.type === 'pca') void exclusive(pcaGrid).catch(fail);
  else wanted = false;
};

/**
 * Runs tasks that use the model one at a time: a report or a PCA grid awaits
 * tensor reads, and a message handled meanwhile must not swap or dispose
 * what it is using.
 */
function exclusive<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task);
  queue = result.catch(() => undefined);
  return result;
}

function fail(error: unknown): void {
  wanted = false;
  scope.postMessage({ type: 'error', message: (error as Error).message ?? String(error) });
}

/**
 * Starts the wasm backend once; the binaries are assets of the bundle. It is
 * single-threaded even on a cross-origin isolated page: the threaded build
 * cannot start its thread workers from a minified bundle, and each model
 * already has a core of its own.
 */
function backend(): Promise<void> {
  ready ??= (async () => {
    // setWasmPaths wants all three binaries in a map, the threaded one unused here.
    const wasmPaths = {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    };
    const info = await useWasmTraining({ wasmPackage: wasm, wasmPaths });
    scope.postMessage({ type: 'ready', backend: info.backend, simd: info.simd });
  })();
  return ready;
}

async function configure(config: TrainerConfig): Promise<void> {
  await backend();
  dispose();
  const data = config.data === 'shapes' ? shapesData(config) : await digitsData(config);
  const { autoencoder, objective } = buildModel(config);
  // PyTorch's epsilon, as the paper's runs; the fused update is tfjs's Adam in one kernel per weight.
  const optimizer = fusedAdam(config.learningRate, 0.9, 0.999, 1e-8);
  const variables = autoencoder.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const ends = config.data === 'shapes' ? brightestPair(data.evaluation) : pairAt(data.evaluation, config.pair);
  run = { config, autoencoder, objective, optimizer, variables, data, ends, step: 0, losses: [], since: performance.now() };
  await report(run);
}

/** The model of a configuration and its training objective. */
function buildModel(config: TrainerConfig): Pick<Run, 'autoencoder' | 'objective'> {
  const { irmLayers, latentDim, seed, initialization } = config;
  if (config.data === 'shapes' || !config.vae) {
    const options = { irmLayers, latentDim, seed, initialization };
    const autoencoder = config.data === 'shapes' ? createShapeAutoencoder(options) : createMnistAutoencoder(options);
    const objective = (x: tf.Tensor4D) =>
      tf.losses.meanSquaredError(x, autoencoder.model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
    return { autoencoder, objective };
  }
  const vae = createVae({ data: 'mnist', latentDim, seed, initialization });
  // One pass gives the reconstruction and the statistics (mu, log variance) the sampler drew from.
  const view = tf.model({ inputs: vae.model.inputs, outputs: [vae.model.outputs[0], vae.sampler.input as tf.SymbolicTensor] });
  const objective = (x: tf.Tensor4D) => {
    const [reconstructed, stats] = view.apply(x, { training: true }) as tf.Tensor[];
    const crossEntropy = tf.metrics.binaryCrossentropy(x, reconstructed).mean();
    return crossEntropy.add(vae.sampler.klPerSample(stats).mean()) as tf.Scalar;
  };
  return { autoencoder: vae, objective };
}

function dispose(): void {
  if (run === undefined) return;
  run.optimizer.dispose();
  run.autoencoder.model.dispose();
  tf.dispose([run.data.train, run.data.evaluation, run.ends, ...run.losses]);
  run = undefined;
}

/** Trains until paused or reconfigured, once a configuration asked for before has been set up. */
async function start(): Promise<void> {
  await exclusive(async () => {});
  if (looping || !wanted || run === undefined) return;
  looping = true;
  const current = run;
  current.since = performance.now();
  try {
    while (wanted && run === current) {
      await exclusive(async () => {
        if (!wanted || run !== current) return;
        trainStep(current);
        if (current.step % current.config.reportEvery === 0) await report(current);
      });
      await nextTask(); // lets 'pause', 'configure', 'pair' and 'pca' in
    }
  } finally {
    looping = false;
  }
}

function trainStep(current: Run): void {
  const { batchSize } = current.config;
  const batches = Math.floor(current.data.train.shape[0] / batchSize);
  const start = (current.step % batches) * batchSize;
  const x = current.data.train.slice(start, batchSize);
  current.losses.push(current.optimizer.minimize(() => current.objective(x), true, current.variables)!);
  x.dispose();
  current.step += 1;
}

/** Encodes the evaluation images and posts the spectrum, reconstructions and an interpolation. */
async function report(current: Run): Promise<void> {
  const { autoencoder, data, ends, config } = current;
  const trainedUntil = performance.now(); // the speed shown is the training steps' alone
  const codes = autoencoder.encode(data.evaluation);
  const spectrum = await latentSpectrumAsync(codes);
  codes.dispose();
  const reconstructions = await imagesOf(() => {
    const shown = data.evaluation.slice(0, RECONSTRUCTED);
    return tf.concat([shown, autoencoder.model.predict(shown) as tf.Tensor4D]);
  });
  const interpolation = await imagesOf(() => {
    const t = tf.linspace(0, 1, INTERPOLATION_STEPS).reshape([INTERPOLATION_STEPS, 1]);
    const [a, b] = tf.split(autoencoder.encode(ends), 2);
    return autoencoder.decode(a.mul(tf.sub(1, t)).add(b.mul(t)) as tf.Tensor2D);
  });
  const steps = current.losses.length;
  const lossSum = steps === 0 ? NaN : await readScalar(tf.addN(current.losses));
  tf.dispose(current.losses);
  scope.postMessage(
    {
      type: 'report',
      report: {
        step: current.step,
        epoch: Math.floor((current.step * config.batchSize) / data.train.shape[0]),
        loss: lossSum / steps,
        imagesPerSecond: steps === 0 ? 0 : (steps * config.batchSize) / ((trainedUntil - current.since) / 1000),
        spectrum,
        effectiveRank: effectiveRank(spectrum),
        above1e3: thresholdRank(spectrum, 1e-3),
        channels: data.channels,
        reconstructions,
        ends: await imagesOf(() => ends.clone()),
        interpolation,
      },
    },
    [spectrum.buffer, reconstructions.buffer, interpolation.buffer],
  );
  current.losses = [];
  current.since = performance.now();
}

/** Interpolates between another pair of evaluation digits from now on, and reports at once. */
async function choosePair(index: number): Promise<void> {
  if (run === undefined || run.config.data !== 'digits') return;
  run.ends.dispose();
  run.ends = pairAt(run.data.evaluation, index);
  run.config = { ...run.config, pair: index };
  await report(run);
}

/**
 * Decodes a PCA_STEPS x PCA_STEPS grid over the evaluation codes' first two
 * principal components, -2 to +2 standard deviations (the reference's pca
 * picture), and posts it.
 */
async function pcaGrid(): Promise<void> {
  if (run === undefined) return;
  const codes = run.autoencoder.encode(run.data.evaluation);
  const values = (await codes.data()) as Float32Array;
  const grid = pcaTraversal(latentPca({ data: values, dim: codes.shape[1] }), { steps: PCA_STEPS, range: 2 });
  codes.dispose();
  const { autoencoder } = run;
  const images = await imagesOf(() => autoencoder.decode(tf.tensor2d(grid.data, [grid.count, grid.dim])));
  scope.postMessage({ type: 'pca', grid: images, steps: PCA_STEPS, channels: run.data.channels }, [images.buffer]);
}

/**
 * The two evaluation images with the most ink among those after the
 * reconstructed ones (large shapes show an interpolation best).
 */
function brightestPair(evaluation: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const candidates = evaluation.slice(RECONSTRUCTED, Math.min(64, evaluation.shape[0] - RECONSTRUCTED));
    const { indices } = tf.topk(candidates.sum([1, 2, 3]), 2);
    return tf.gather(candidates, indices) as tf.Tensor4D;
  });
}

/** Evaluation images 2 * index and 2 * index + 1, the pairs of the reference's generation.py. */
function pairAt(evaluation: tf.Tensor4D, index: number): tf.Tensor4D {
  const pairs = Math.floor(evaluation.shape[0] / 2);
  if (!Number.isInteger(index) || index < 0 || index >= pairs) {
    throw new Error(`The digit pair must be an integer from 0 to ${pairs - 1}, but got ${index}`);
  }
  return evaluation.slice(2 * index, 2);
}

/** Runs `make` in a tidy scope, reads its images clamped to [0, 1], and disposes them. */
async function imagesOf(make: () => tf.Tensor): Promise<Float32Array> {
  const images = tf.tidy(() => make().clipByValue(0, 1));
  const values = (await images.data()) as Float32Array;
  images.dispose();
  return values;
}

/** Reads a scalar and disposes it. */
async function readScalar(scalar: tf.Tensor): Promise<number> {
  const [value] = await scalar.data();
  scalar.dispose();
  return value;
}

/** Yields to the worker's event loop without the 4 ms clamp of nested timers. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}
