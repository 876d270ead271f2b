/**
 * Everything the figures need from one model: train it (or resume, or reuse
 * its finished checkpoint), then encode the evaluation images and decode the
 * interpolations. Runs in a worker thread or in the calling thread alike.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  SHAPE_EVAL_SEED,
  SHAPE_TRAIN_SEED,
  createFigureModel,
  generateShapes,
  trainAutoencoder,
  useFastestBackend,
  type ShapeAutoencoder,
} from 'irmae';
import 'irmae/node'; // file-system checkpoints
import { encodeImages } from './encode-images';
import { ScheduledAdam } from './learning-rate-schedule';
import type { ReproductionOptions } from './args';
import type { FigureModelName } from './model-names';
import type { ModelProgress } from './progress';

/** What decides a model's weights; a checkpoint is reused only for the same budget. */
export type TrainingBudget = Pick<
  ReproductionOptions,
  'trainSize' | 'epochs' | 'learningRate' | 'schedule' | 'warmup' | 'batchSize' | 'latentDim' | 'seed' | 'initialisation'
>;

/** One model's job. Plain data, so it can be posted to a worker. */
export interface ModelTask {
  model: FigureModelName;
  /** The model's own directory, `<out>/models/<name>`. */
  dir: string;
  budget: TrainingBudget;
  evalSize: number;
  /** Evaluation-image index pairs to interpolate between. */
  pairs: Array<[number, number]>;
  /** Interpolation weights t; code (1 - t) z1 + t z2. */
  ts: number[];
}

/** What a model's job sends back. */
export interface ModelTaskResult extends TrainingOutcome {
  model: FigureModelName;
  /** The tfjs backend that ran the job. */
  backend: string;
  /** Codes after the linear layers, row-major [evalSize, latentDim]. */
  codes: Float32Array;
  /** Mean squared reconstruction error over the evaluation images. */
  evalMse: number;
  /** interpolations[pair][step]: HWC images [32, 32, 3], decoder output in [-1, 1]. */
  interpolations: Float32Array[][];
  /** The pairs' real images: pairImages[pair] = [first, last]. */
  pairImages: Array<[Float32Array, Float32Array]>;
}

/** Progress and notes a job reports while it runs. */
export type TaskEvent =
  | { kind: 'progress'; progress: ModelProgress; epochEnd: boolean }
  | { kind: 'log'; message: string };

const BUDGET_FILE = 'budget.json';
const CHECKPOINTS = 'checkpoints';
const PROGRESS_INTERVAL_MS = 250;

/** Chosen once per thread: each worker has its own tfjs and backend. */
let backendChoice: ReturnType<typeof useFastestBackend> | undefined;

/** How a model's training went in this run. */
export interface TrainingOutcome {
  /** 'trained' from scratch, 'resumed' from a checkpoint, or 'reused' as finished. */
  origin: 'trained' | 'resumed' | 'reused';
  /** Training loss of the last epoch trained so far. */
  finalLoss: number;
  /** Seconds spent training in this run (0 when reused). */
  trainSeconds: number;
}

/**
 * Trains or reuses the model, then measures it.
 *
 * @param report Receives progress, throttled to a few events per second.
 */
export async function runModelTask(task: ModelTask, report: (event: TaskEvent) => void): Promise<ModelTaskResult> {
  return withModel(task, async (autoencoder, backend) => {
    const training = await trainOrReuse(task, autoencoder, report, task.budget.epochs);
    const evaluation = evaluate(task, autoencoder);
    return { model: task.model, backend, ...training, ...evaluation };
  });
}

/**
 * Trains the model up to `untilEpoch` only, resuming from its checkpoint, and
 * leaves the rest of its epochs and its measurement to a later
 * {@link runModelTask}, possibly in another worker.
 */
export async function trainModelPart(
  task: ModelTask,
  untilEpoch: number,
  report: (event: TaskEvent) => void,
): Promise<TrainingOutcome> {
  return withModel(task, (autoencoder) => trainOrReuse(task, autoencoder, report, untilEpoch));
}

async function withModel<T>(task: ModelTask, use: (autoencoder: ShapeAutoencoder, backend: string) => Promise<T>): Promise<T> {
  backendChoice ??= useFastestBackend();
  const backend = (await backendChoice).name;
  const { budget } = task;
  const autoencoder = createFigureModel(task.model, { latentDim: budget.latentDim, seed: budget.seed, initialization: budget.initialisation });
  try {
    return await use(autoencoder, backend);
  } finally {
    // The model does not own an optimizer it was compiled with: free Adam's moments too.
    autoencoder.model.optimizer?.dispose();
    autoencoder.model.dispose();
  }
}

/**
 * Whether a checkpoint made with `saved` can continue to `wanted`: the same
 * budget, or more epochs of a constant learning rate (a decaying schedule
 * spans the whole run, so its epochs must match).
 */
export function checkpointUsable(saved: TrainingBudget, wanted: TrainingBudget): boolean {
  const { epochs: savedEpochs, ...savedRest } = saved;
  const { epochs: wantedEpochs, ...wantedRest } = wanted;
  const epochsFit = wanted.schedule === 'constant' ? savedEpochs <= wantedEpochs : savedEpochs === wantedEpochs;
  return epochsFit && JSON.stringify(savedRest) === JSON.stringify(wantedRest);
}

/**
 * PyTorch's Adam epsilon, which the reference code trains with; tfjs's
 * default is 1e-7, and after 50,000 images 23% to 39% of the weights of the
 * encoder's middle layers have gradient scales below that (measured from
 * Adam's second moments), whose steps tfjs's default would shrink.
 */
const REFERENCE_ADAM_EPSILON = 1e-8;

/** Adam on the budget's learning-rate schedule, counted in steps. */
function budgetOptimizer({ trainSize, epochs, batchSize, learningRate, schedule, warmup }: TrainingBudget) {
  const steps = { warmupSteps: Math.round(warmup / batchSize), totalSteps: epochs * Math.ceil(trainSize / batchSize) };
  return new ScheduledAdam({ kind: schedule, peak: learningRate, ...steps, final: 0 }, REFERENCE_ADAM_EPSILON);
}

/** Trains to `untilEpoch` (the budget's last epoch, or a part's end) from the newest usable checkpoint. */
async function trainOrReuse(
  task: ModelTask,
  autoencoder: ShapeAutoencoder,
  report: (event: TaskEvent) => void,
  untilEpoch: number,
): Promise<TrainingOutcome> {
  const { budget, dir } = task;
  const checkpointDir = join(dir, CHECKPOINTS);
  const budgetFile = join(dir, BUDGET_FILE);
  if (existsSync(budgetFile)) {
    // Budgets saved before the initialisation was a choice were PyTorch's.
    const file = JSON.parse(readFileSync(budgetFile, 'utf8')) as Partial<TrainingBudget>;
    const saved = { ...file, initialisation: file.initialisation ?? 'pytorch' } as TrainingBudget;
    if (!checkpointUsable(saved, budget)) {
      report({ kind: 'log', message: `${task.model}: checkpoint was made with other settings; training from scratch` });
      rmSync(checkpointDir, { recursive: true, force: true });
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(budgetFile, `${JSON.stringify(budget, null, 2)}\n`);

  const { images, shape } = generateShapes({ count: budget.trainSize, seed: SHAPE_TRAIN_SEED });
  const xs = tf.tensor4d(images, shape);
  autoencoder.model.compile({ optimizer: budgetOptimizer(budget), loss: 'meanSquaredError' });
  const meter = progressMeter(task, report);
  const started = performance.now();
  try {
    const history = await trainAutoencoder(autoencoder.model, xs, {
      epochs: untilEpoch,
      batchSize: budget.batchSize,
      seed: budget.seed,
      checkpointDir,
      // Two, so that a resume survives a damaged newest checkpoint by falling back to the one before.
      keepCheckpoints: 2,
      resume: true,
      progress: 'none',
      log: (message) => report({ kind: 'log', message: `${task.model}: ${message}` }),
      callbacks: meter.callbacks,
    });
    const trainedNow = meter.epochsTrained();
    const origin = trainedNow === 0 ? 'reused' : trainedNow < untilEpoch ? 'resumed' : 'trained';
    // A part that stops early leaves its last epoch's line standing until the model goes on.
    if (untilEpoch === budget.epochs) meter.finish(origin === 'reused' ? 'reused' : 'done', history.loss.at(-1) ?? NaN);
    return {
      origin,
      finalLoss: history.loss.at(-1) ?? NaN,
      trainSeconds: trainedNow === 0 ? 0 : (performance.now() - started) / 1000,
    };
  } finally {
    xs.dispose();
  }
}

/**
 * Turns batch and epoch callbacks into throttled progress events. The speed
 * is timed from the end of the run's first batch: that batch also sets up
 * every kernel, which once made the first line of a run read a third of
 * the true speed.
 */
function progressMeter(task: ModelTask, report: (event: TaskEvent) => void) {
  const { trainSize, epochs, batchSize } = task.budget;
  let images = 0;
  let timedSince: { time: number; images: number } | undefined;
  let epochsTrained = 0;
  let lastReport = 0;
  let lastLoss = NaN;
  const imagesPerSecond = () =>
    timedSince === undefined || images === timedSince.images
      ? NaN
      : (images - timedSince.images) / Math.max((performance.now() - timedSince.time) / 1000, 1e-3);
  const progress = (state: ModelProgress['state'], epoch: number, imagesLeft: number): ModelProgress => ({
    state,
    epoch,
    epochs,
    images,
    imagesLeft,
    imagesPerSecond: imagesPerSecond(),
    loss: lastLoss,
  });
  let epoch = 0;
  const callbacks: tf.CustomCallbackArgs = {
    onEpochBegin(begun) {
      epoch = begun;
    },
    onBatchEnd(batch, logs) {
      images += Math.min(batchSize, trainSize - batch * batchSize);
      timedSince ??= { time: performance.now(), images };
      lastLoss = logs?.loss ?? NaN;
      if (performance.now() - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = performance.now();
      const left = (epochs - epoch - 1) * trainSize + Math.max(0, trainSize - (batch + 1) * batchSize);
      report({ kind: 'progress', progress: progress('training', epoch + 1, left), epochEnd: false });
    },
    onEpochEnd(ended, logs) {
      epochsTrained += 1;
      lastLoss = logs?.loss ?? NaN;
      // The last epoch's end is reported by finish(), as 'done'.
      if (ended + 1 < epochs) {
        report({ kind: 'progress', progress: progress('training', ended + 1, (epochs - ended - 1) * trainSize), epochEnd: true });
      }
    },
  };
  return {
    callbacks,
    epochsTrained: () => epochsTrained,
    finish(state: 'done' | 'reused', loss: number) {
      lastLoss = loss;
      report({ kind: 'progress', progress: progress(state, epochs, 0), epochEnd: false });
    },
  };
}

/** Codes and reconstruction error of the evaluation images, and the interpolations. */
function evaluate(task: ModelTask, autoencoder: ShapeAutoencoder) {
  const { images, shape } = generateShapes({ count: task.evalSize, seed: SHAPE_EVAL_SEED });
  const [, height, width, channels] = shape;
  const pixels = height * width * channels;
  const { codes, dim, evalMse } = encodeImages(autoencoder, images, task.evalSize);
  const image = (index: number) => images.slice(index * pixels, (index + 1) * pixels);
  const interpolations = task.pairs.map(([i, j]) => {
    const decoded = tf.tidy(() => {
      const z1 = tf.tensor2d(codes.subarray(i * dim, (i + 1) * dim), [1, dim]);
      const z2 = tf.tensor2d(codes.subarray(j * dim, (j + 1) * dim), [1, dim]);
      const t = tf.tensor2d(task.ts, [task.ts.length, 1]);
      return autoencoder.decode(tf.add(tf.mul(tf.sub(1, t), z1), tf.mul(t, z2)));
    });
    const values = decoded.dataSync() as Float32Array;
    decoded.dispose();
    return task.ts.map((_, step) => values.slice(step * pixels, (step + 1) * pixels));
  });
  return {
    codes,
    evalMse,
    interpolations,
    pairImages: task.pairs.map(([i, j]) => [image(i), image(j)] as [Float32Array, Float32Array]),
  };
}
