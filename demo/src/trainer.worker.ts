/**
 * Trains one shape autoencoder in a Web Worker, on the wasm backend with
 * irmae's training kernels, so the page stays responsive. Reports the latent
 * spectrum, reconstructions and an interpolation every few steps.
 */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  createShapeAutoencoder,
  effectiveRank,
  fusedAdam,
  generateShapes,
  latentSpectrumAsync,
  SHAPE_EVAL_SEED,
  SHAPE_TRAIN_SEED,
  shapeImages,
  thresholdRank,
  useWasmTraining,
  type ShapeAutoencoder,
} from 'irmae';

import { INTERPOLATION_STEPS, RECONSTRUCTED, type FromWorker, type ToWorker, type TrainerConfig } from './messages';

interface Run {
  config: TrainerConfig;
  autoencoder: ShapeAutoencoder;
  train: tf.Tensor4D;
  evaluation: tf.Tensor4D;
  /** The two evaluation images to interpolate between. */
  ends: tf.Tensor4D;
  step: number;
  losses: number[];
  since: number;
}

const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

let run: Run | undefined;
let running = false;
let ready: Promise<void> | undefined;

scope.onmessage = ({ data }) => {
  if (data.type === 'configure') void configure(data.config).catch(fail);
  else if (data.type === 'run') void start().catch(fail);
  else running = false;
};

function fail(error: unknown): void {
  running = false;
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
  running = false;
  await backend();
  dispose();
  const { irmLayers, latentDim, seed, initialization } = config;
  const autoencoder = createShapeAutoencoder({ irmLayers, latentDim, seed, initialization });
  // PyTorch's epsilon, as the paper's runs; the fused update is tfjs's Adam in one kernel per weight.
  autoencoder.model.compile({ optimizer: fusedAdam(config.learningRate, 0.9, 0.999, 1e-8), loss: 'meanSquaredError' });
  const train = shapeImages(generateShapes({ count: config.images, seed: SHAPE_TRAIN_SEED }));
  const evaluation = shapeImages(generateShapes({ count: config.evalImages, seed: SHAPE_EVAL_SEED }));
  const ends = brightestPair(evaluation);
  run = { config, autoencoder, train, evaluation, ends, step: 0, losses: [], since: performance.now() };
  await report(run);
}

function dispose(): void {
  if (run === undefined) return;
  run.autoencoder.model.optimizer.dispose();
  run.autoencoder.model.dispose();
  tf.dispose([run.train, run.evaluation, run.ends]);
  run = undefined;
}

async function start(): Promise<void> {
  if (running || run === undefined) return;
  running = true;
  const current = run;
  current.since = performance.now();
  while (running && run === current) {
    await trainStep(current);
    if (current.step % current.config.reportEvery === 0) await report(current);
    await nextTask(); // lets 'pause' and 'configure' in
  }
}

async function trainStep(current: Run): Promise<void> {
  const { batchSize, images } = current.config;
  const batches = Math.floor(images / batchSize);
  const start = (current.step % batches) * batchSize;
  const x = current.train.slice(start, batchSize);
  const loss = await current.autoencoder.model.trainOnBatch(x, x);
  x.dispose();
  current.losses.push(loss as number);
  current.step += 1;
}

/** Encodes the evaluation images and posts the spectrum, reconstructions and an interpolation. */
async function report(current: Run): Promise<void> {
  const { autoencoder, evaluation, ends, config } = current;
  const codes = autoencoder.encode(evaluation);
  const spectrum = await latentSpectrumAsync(codes);
  codes.dispose();
  const reconstructions = await imagesOf(() => {
    const shown = evaluation.slice(0, RECONSTRUCTED);
    return tf.concat([shown, autoencoder.model.predict(shown) as tf.Tensor4D]);
  });
  const interpolation = await imagesOf(() => {
    const t = tf.linspace(0, 1, INTERPOLATION_STEPS).reshape([INTERPOLATION_STEPS, 1]);
    const [a, b] = tf.split(autoencoder.encode(ends), 2);
    return autoencoder.decoder.predict(a.mul(tf.sub(1, t)).add(b.mul(t))) as tf.Tensor4D;
  });
  const now = performance.now();
  const steps = current.losses.length;
  scope.postMessage(
    {
      type: 'report',
      report: {
        step: current.step,
        epoch: Math.floor((current.step * config.batchSize) / config.images),
        loss: steps === 0 ? NaN : current.losses.reduce((sum, value) => sum + value, 0) / steps,
        imagesPerSecond: steps === 0 ? 0 : (steps * config.batchSize) / ((now - current.since) / 1000),
        spectrum,
        effectiveRank: effectiveRank(spectrum),
        above1e3: thresholdRank(spectrum, 1e-3),
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

/** Runs `make` in a tidy scope, reads its images clamped to [0, 1], and disposes them. */
async function imagesOf(make: () => tf.Tensor): Promise<Float32Array> {
  const images = tf.tidy(() => make().clipByValue(0, 1));
  const values = (await images.data()) as Float32Array;
  images.dispose();
  return values;
}

/** Yields to the worker's event loop without the 4 ms clamp of nested timers. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}
