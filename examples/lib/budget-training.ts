/**
 * Training one model to a budget with checkpoints: train from scratch,
 * resume from the newest checkpoint, or reuse a finished one, reporting
 * throttled progress. The shape and the MNIST reproductions both train this
 * way, in a worker thread or in the calling thread alike.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { trainAutoencoder, useFastestBackend } from 'irmae';
import 'irmae/node'; // file-system checkpoints
import type { ReproductionOptions, ShapeDataVariant } from './args';
import { ScheduledAdam } from './learning-rate-schedule';
import type { ModelProgress } from './progress';

/** What decides a model's weights; a checkpoint is reused only for the same budget. */
export type TrainingBudget = Pick<
  ReproductionOptions<string>,
  'trainSize' | 'epochs' | 'learningRate' | 'schedule' | 'warmup' | 'batchSize' | 'latentDim' | 'seed' | 'initialisation'
> & {
  /** The shape data set when it is not the paper's; absent for the paper's, so that budgets from before the choice still match. */
  variant?: Exclude<ShapeDataVariant, 'paper'>;
};

/** How a model's training went in this run. */
export interface TrainingOutcome {
  /** 'trained' from scratch, 'resumed' from a checkpoint, or 'reused' as finished. */
  origin: 'trained' | 'resumed' | 'reused';
  /** Training loss of the last epoch trained so far. */
  finalLoss: number;
  /** Seconds spent training in this run (0 when reused). */
  trainSeconds: number;
}

/** Progress and notes a job reports while it runs. */
export type TaskEvent =
  | { kind: 'progress'; progress: ModelProgress; epochEnd: boolean }
  | { kind: 'log'; message: string };

/** One model to train: where its checkpoints live, its budget, the model and its data. */
export interface BudgetTrainingJob {
  /** The model's name in log lines. */
  name: string;
  /** The model's own directory: `budget.json` and `checkpoints/`. */
  dir: string;
  budget: TrainingBudget;
  model: tf.LayersModel;
  /** The training images, NHWC row-major, `budget.trainSize` of them; `trainOrReuse` holds them as a tensor while it trains. */
  images: Float32Array;
  /** `[trainSize, height, width, channels]`. */
  shape: [number, number, number, number];
}

/** Chosen once per thread: each worker has its own tfjs and backend. */
let backendChoice: ReturnType<typeof useFastestBackend> | undefined;

/** Sets this thread's backend to the fastest, once, and names it. */
export async function threadBackend(): Promise<string> {
  backendChoice ??= useFastestBackend();
  return (await backendChoice).name;
}

/**
 * Builds a model on this thread's backend (the fastest, chosen once), hands
 * it to `use`, then frees it and the optimizer it was compiled with.
 */
export async function withBuiltModel<M extends { model: tf.LayersModel }, T>(
  build: () => M,
  use: (built: M, backend: string) => Promise<T>,
): Promise<T> {
  const backend = await threadBackend();
  const built = build();
  try {
    return await use(built, backend);
  } finally {
    // The model does not own an optimizer it was compiled with: free Adam's moments too.
    built.model.optimizer?.dispose();
    built.model.dispose();
  }
}

const BUDGET_FILE = 'budget.json';
const CHECKPOINTS = 'checkpoints';
const PROGRESS_INTERVAL_MS = 250;

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

/**
 * Trains to `untilEpoch` (the budget's last epoch, or a part's end) from the
 * newest usable checkpoint; a checkpoint of other settings is removed first.
 */
export async function trainOrReuse(
  job: BudgetTrainingJob,
  report: (event: TaskEvent) => void,
  untilEpoch: number,
): Promise<TrainingOutcome> {
  const { budget, dir, model } = job;
  const checkpointDir = join(dir, CHECKPOINTS);
  const budgetFile = join(dir, BUDGET_FILE);
  if (existsSync(budgetFile)) {
    // Budgets saved before the initialisation was a choice were PyTorch's.
    const file = JSON.parse(readFileSync(budgetFile, 'utf8')) as Partial<TrainingBudget>;
    const saved = { ...file, initialisation: file.initialisation ?? 'pytorch' } as TrainingBudget;
    if (!checkpointUsable(saved, budget)) {
      report({ kind: 'log', message: `${job.name}: checkpoint was made with other settings; training from scratch` });
      rmSync(checkpointDir, { recursive: true, force: true });
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(budgetFile, `${JSON.stringify(budget, null, 2)}\n`);

  // trainAutoencoder minimises the model's own objective (MSE, or a VAE's); the loss named here is for tfjs alone.
  model.compile({ optimizer: budgetOptimizer(budget), loss: 'meanSquaredError' });
  const meter = progressMeter(budget, report);
  const started = performance.now();
  const xs = tf.tensor4d(job.images, job.shape);
  const history = await trainAutoencoder(model, xs, {
    epochs: untilEpoch,
    batchSize: budget.batchSize,
    seed: budget.seed,
    checkpointDir,
    // Two, so that a resume survives a damaged newest checkpoint by falling back to the one before.
    keepCheckpoints: 2,
    resume: true,
    progress: 'none',
    log: (message) => report({ kind: 'log', message: `${job.name}: ${message}` }),
    callbacks: meter.callbacks,
  }).finally(() => xs.dispose());
  const trainedNow = meter.epochsTrained();
  const origin = trainedNow === 0 ? 'reused' : trainedNow < untilEpoch ? 'resumed' : 'trained';
  // A part that stops early leaves its last epoch's line standing until the model goes on.
  if (untilEpoch === budget.epochs) meter.finish(origin === 'reused' ? 'reused' : 'done', history.loss.at(-1) ?? NaN);
  return {
    origin,
    finalLoss: history.loss.at(-1) ?? NaN,
    trainSeconds: trainedNow === 0 ? 0 : (performance.now() - started) / 1000,
  };
}

/**
 * Turns batch and epoch callbacks into throttled progress events. The speed
 * is timed from the end of the run's first batch: that batch also sets up
 * every kernel, which once made the first line of a run read a third of
 * the true speed.
 */
function progressMeter(budget: TrainingBudget, report: (event: TaskEvent) => void) {
  const { trainSize, epochs, batchSize } = budget;
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
