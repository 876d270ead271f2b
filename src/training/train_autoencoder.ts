import * as tf from '@tensorflow/tfjs';

import { assertBoolean, assertPositiveInteger, assertSeed } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import { type AutoencoderObjective, autoencoderObjective, vaeSampler } from './autoencoder_objective';
import { type BatchSource, batchSource, type TrainingData } from './batch_source';
import { restoreNewestCheckpoint, saveCheckpoint } from '../checkpoints/checkpoint';
import { checkpointStorage } from '../checkpoints/checkpoint_storage';
import { fusedAdam } from '../optimizers/fused_adam_optimizer';
import { NonFiniteLossError } from './non_finite_loss_error';
import { callbackList, type TrainingCallbacks } from './training_callbacks';
import {
  createProgress,
  type ProgressMode,
  type ProgressReporter,
  type ProgressStream,
} from './progress';

/**
 * Logs of one batch, as `onBatchEnd(batch, logs)` receives them.
 *
 * @category Training
 */
export interface BatchLogs {
  /** Batch index within the epoch, 0-based (also the callback's first argument). */
  batch: number;
  /** Samples in the batch. */
  size: number;
  /** Objective of the batch: reconstruction MSE plus code penalties. */
  loss: number;
  /** Reconstruction MSE of the batch (mean over samples, pixels and channels). */
  reconstructionLoss: number;
}

/**
 * Logs of one epoch, as `onEpochEnd(epoch, logs)` receives them:
 * sample-weighted means over the epoch, named as `model.fit` names them.
 *
 * @category Training
 */
export interface EpochLogs {
  /** Mean objective over the epoch's batches (weighted by batch size). */
  loss: number;
  /** Mean reconstruction MSE over the epoch. */
  reconstructionLoss: number;
  /** Objective on `validationData` after the epoch, when given (what `tf.callbacks.earlyStopping` monitors by default). */
  val_loss?: number;
}

/**
 * Per-epoch record returned by {@link trainAutoencoder}; arrays are indexed
 * by entry, and `epoch[i]` is the 0-based epoch of entry i. Named after the
 * {@link EpochLogs}, as tfjs's `History.history` is.
 *
 * @category Training
 */
export interface TrainingHistory {
  epoch: number[];
  loss: number[];
  reconstructionLoss: number[];
  /** Present when `validationData` was given. */
  val_loss?: number[];
  /**
   * @deprecated Use `val_loss`; removed in 0.3. The same array, left out of
   *   `JSON.stringify` and of object spreads.
   */
  readonly valLoss?: number[];
  /**
   * `'completed'`; `'aborted'` when the signal stopped training early;
   * `'stopped'` when a callback set `model.stopTraining` (as
   * `tf.callbacks.earlyStopping` does).
   */
  stopReason: 'completed' | 'aborted' | 'stopped';
}

/**
 * Options of {@link trainAutoencoder}. Defaults are the IRMAE paper's where it
 * gives one (Adam, learning rate 1e-4, batch 32).
 *
 * @category Training
 */
export interface TrainAutoencoderOptions {
  /** Number of epochs to reach; a positive integer. Default 1 (the paper trains 100). */
  epochs?: number;
  /** Batch size for tensor data (datasets come batched); default 32. */
  batchSize?: number;
  /**
   * Adam learning rate, used when the model is not compiled yet (the model is
   * then compiled with `fusedAdam(learningRate)`, tfjs's Adam in one pass per
   * variable on wasm, and MSE). A compiled
   * model keeps its own optimizer. Default 1e-4.
   */
  learningRate?: number;
  /** Shuffle tensor data each epoch, in an order fixed by `seed` and the epoch. Default true. */
  shuffle?: boolean;
  /**
   * Seed of the shuffling order, an integer in [0, 2^32 - 1]: epoch e visits
   * the samples in the order of `streamSeed(seed, 'shuffle', e)` (see
   * {@link seededPermutation}). Default 0.
   */
  seed?: number;
  /** For datasets: end each epoch after this many batches (e.g. for an endless dataset). */
  batchesPerEpoch?: number;
  /** Data for `val_loss` after each epoch, in any {@link TrainingData} form. */
  validationData?: TrainingData;
  /**
   * Stops training after the batch that is running when the signal fires.
   * The partial epoch is neither recorded nor checkpointed (the last
   * checkpoint stays), and the history is returned with `stopReason: 'aborted'`.
   */
  signal?: AbortSignal;
  /**
   * tfjs callbacks, as `model.fit` takes them: `tf.callbacks.earlyStopping()`,
   * a `tf.CustomCallback`, `{ onBatchEnd(batch, logs), onEpochEnd(epoch, logs) }`,
   * {@link rankMonitor}, or an array of them (see {@link TrainingCallbacks}).
   * Each hook may return a promise, which is awaited. Logs are
   * {@link BatchLogs} and {@link EpochLogs}. A callback that sets
   * `model.stopTraining = true` ends training after the current epoch (or,
   * set during an epoch, after the current batch, the partial epoch neither
   * recorded nor checkpointed), with `stopReason: 'stopped'`. Once
   * `onTrainBegin` has run, `onTrainEnd` runs on every way out: completed,
   * stopped, aborted, or thrown (a non-finite loss, a failing callback or
   * data source); there the thrown error is reported even if `onTrainEnd`
   * fails too.
   */
  callbacks?: TrainingCallbacks;
  /** Progress display, see {@link ProgressMode}. Default `'auto'`. */
  progress?: ProgressMode;
  /** Stream for progress output. Default `process.stderr`. */
  progressStream?: ProgressStream;
  /**
   * Where to keep checkpoints: after every epoch the model, the optimizer
   * state and the history are written to `epoch-NNNN` under it, atomically.
   * A directory in Node (after `import 'irmae/node'`), or an IndexedDB URL
   * such as `'indexeddb://my-run'` in a browser. Default: no checkpoints.
   */
  checkpointDir?: string;
  /** How many of the newest checkpoints to keep; default 1. */
  keepCheckpoints?: number;
  /**
   * Continue from the newest checkpoint in `checkpointDir`: weights, optimizer
   * state (Adam moments and step count) and history are restored, and
   * training goes on with the next epoch. Starts from scratch when there is no
   * checkpoint yet. A checkpoint that cannot be restored (truncated, corrupt)
   * is skipped for the one before it, saying so through `log`; keep two or
   * more (`keepCheckpoints`) for that. When none can be restored, throws
   * naming the checkpoint and what to delete. Default false.
   */
  resume?: boolean;
  /**
   * Where notes on the run go, one line each: a damaged checkpoint skipped
   * on resume. Default `console.warn`; `false` for none.
   */
  log?: ((line: string) => void) | false;
}

/**
 * Trains an autoencoder to reconstruct its targets: minimizes MSE (mean over
 * batch, pixels and channels) plus the penalty of any {@link CodePenalty}
 * layer in the model and of any weight regularizer (a layer's
 * `kernelRegularizer`, such as a {@link nuclearNormRegularizer}; as
 * `model.fit` does, the reported loss includes it, the validation loss does
 * not), with Adam, batch by batch.
 *
 * Deterministic epochs: tensor data are shuffled in an order that depends
 * only on `seed` and the epoch index, so a run that is interrupted and
 * resumed from its checkpoint ends with the same weights as a run that never
 * stopped. A dataset must likewise yield the same batches each time it is
 * iterated (e.g. a seeded shape dataset without reshuffling).
 *
 * @param model The autoencoder, one input and one output, e.g. the `model` of
 *   {@link createShapeAutoencoder}; trained in place.
 * @param data Training data, see {@link TrainingData}; images are NHWC
 *   `[batch, 32, 32, 3]` for the shape models.
 * @param options See {@link TrainAutoencoderOptions}.
 * @returns The per-epoch history (including epochs restored from a checkpoint).
 * @throws NonFiniteLossError naming the epoch and batch when the loss becomes
 *   NaN or infinite; that batch's update is not applied and the last
 *   checkpoint is kept.
 * @throws Error naming the option when an option is invalid, or when
 *   `resume` is set without `checkpointDir`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { createFigureModel, generateShapes, trainAutoencoder } from 'irmae';
 *
 * const { images, shape } = generateShapes({ count: 256, seed: 1 });
 * const xs = tf.tensor4d(images, shape);
 * const { model } = createFigureModel('irmae-l2', { seed: 1 });
 * const history = await trainAutoencoder(model, xs, { epochs: 2, checkpointDir: 'runs/irmae-l2', resume: true });
 * history.loss.length; // => 2
 * ```
 *
 * @category Training
 */
export async function trainAutoencoder(
  model: tf.LayersModel,
  data: TrainingData,
  options: TrainAutoencoderOptions = {},
): Promise<TrainingHistory> {
  const settings = resolveOptions(options);
  const { checkpointDir, signal } = options;
  ensureCompiled(model, settings.learningRate);
  const objective = autoencoderObjective(model);
  // A VAE's noise continues across a resume: its draw count is checkpointed.
  const sampler = vaeSampler(model);
  const batching = { batchSize: settings.batchSize, shuffle: settings.shuffle, seed: settings.seed };
  const train = batchSource(data, { ...batching, batchesPerEpoch: options.batchesPerEpoch }, 'data');
  const validation =
    options.validationData === undefined
      ? undefined
      : batchSource(options.validationData, { ...batching, shuffle: false }, 'validationData');

  let history = emptyHistory(validation !== undefined);
  let checkpoint: string | undefined;
  if (settings.resume && checkpointDir !== undefined) {
    const restored = await restoreNewestCheckpoint<TrainingHistory>(model, checkpointDir, settings.log);
    if (restored !== undefined) {
      checkpoint = restored.checkpoint;
      history = upgradeHistory(restored.state.history);
      if (sampler !== undefined) sampler.draws = restored.state.samplerDraws ?? 0;
    }
  }

  const callbacks = callbackList(options.callbacks, model, {
    epochs: settings.epochs,
    initialEpoch: history.epoch.length,
    batchSize: settings.batchSize,
    doValidation: validation !== undefined,
    ...(train.batchesPerEpoch !== undefined && { steps: train.batchesPerEpoch }),
  });
  const progress = createProgress(settings.progress, settings.epochs, options.progressStream);
  const step = trainStep(model, objective);
  model.stopTraining = false;

  /** The epochs from the first not done to the last: why they ended. */
  const runEpochs = async (): Promise<TrainingHistory['stopReason']> => {
    for (let epoch = history.epoch.length; epoch < settings.epochs; epoch++) {
      if (signal?.aborted) return 'aborted';
      progress.epochStart(epoch, train.batchesPerEpoch);
      await callbacks.onEpochBegin(epoch);
      const totals = await trainEpoch(epoch, train, step, { model, progress, callbacks, signal, checkpoint });
      if (totals === undefined) return model.stopTraining ? 'stopped' : 'aborted';
      const logs: EpochLogs = {
        loss: totals.loss / totals.samples,
        reconstructionLoss: totals.reconstruction / totals.samples,
        ...(validation !== undefined && { val_loss: await validationLoss(objective, validation) }),
      };
      history = record(history, epoch, logs);
      if (checkpointDir !== undefined) {
        const state = { epochsDone: epoch + 1, history, ...(sampler !== undefined && { samplerDraws: sampler.draws }) };
        checkpoint = await saveCheckpoint(checkpointDir, model, state, settings.keep);
      }
      progress.epochEnd(epoch, logs.loss, logs.val_loss);
      await callbacks.onEpochEnd(epoch, { ...logs });
      if (model.stopTraining && epoch + 1 < settings.epochs) return 'stopped';
    }
    return 'completed';
  };

  try {
    await callbacks.onTrainBegin();
    let stopReason: TrainingHistory['stopReason'];
    try {
      stopReason = await runEpochs();
    } catch (error) {
      // Callbacks close what they opened in onTrainBegin on every path; the
      // training error is the one reported, even if one of them fails too.
      await callbacks.onTrainEnd().catch(() => undefined);
      throw error;
    }
    await callbacks.onTrainEnd();
    return withDeprecatedValLoss({ ...history, stopReason });
  } finally {
    progress.close();
  }
}

/**
 * Adds the deprecated `valLoss` of 0.1 as a non-enumerable alias of
 * `val_loss`, so that old readers work and a saved history holds one copy.
 */
function withDeprecatedValLoss(history: TrainingHistory): TrainingHistory {
  if (history.val_loss === undefined) return history;
  return Object.defineProperty(history, 'valLoss', { value: history.val_loss, enumerable: false });
}

/** A history restored from a checkpoint of 0.1, which named `val_loss` `valLoss`. */
function upgradeHistory(history: TrainingHistory): TrainingHistory {
  const { valLoss, ...rest } = history;
  return valLoss === undefined || rest.val_loss !== undefined ? rest : { ...rest, val_loss: valLoss };
}

/** Sample-weighted sums over an epoch's batches. */
interface EpochTotals {
  loss: number;
  reconstruction: number;
  samples: number;
}

/**
 * Runs the batches of one epoch.
 *
 * @returns The epoch's totals, or undefined when the signal or
 *   `model.stopTraining` stopped it.
 * @throws NonFiniteLossError at the first batch whose loss is not finite.
 */
async function trainEpoch(
  epoch: number,
  train: BatchSource,
  step: ReturnType<typeof trainStep>,
  context: {
    model: tf.LayersModel;
    progress: ProgressReporter;
    callbacks: tf.CallbackList;
    signal: AbortSignal | undefined;
    checkpoint: string | undefined;
  },
): Promise<EpochTotals | undefined> {
  const { model, progress, callbacks, signal, checkpoint } = context;
  let totals: EpochTotals = { loss: 0, reconstruction: 0, samples: 0 };
  let batch = 0;
  for await (const { xs, ys, owned } of train.batches(epoch)) {
    const size = xs.shape[0] ?? 1;
    let logs: BatchLogs;
    try {
      await callbacks.onBatchBegin(batch, { batch, size });
      const result = step(xs, ys);
      if (!Number.isFinite(result.loss)) throw new NonFiniteLossError(epoch, batch, result.loss, checkpoint);
      logs = { batch, size, loss: result.loss, reconstructionLoss: result.reconstruction };
      totals = accumulate(totals, logs);
    } finally {
      tf.dispose(owned);
    }
    progress.batchEnd(batch, logs.loss);
    await callbacks.onBatchEnd(batch, { ...logs });
    batch += 1;
    if (signal?.aborted || model.stopTraining) return undefined;
  }
  if (totals.samples === 0) throw new Error(`\`data\` yielded no batch in epoch ${epoch + 1}`);
  return totals;
}

/** Options with their defaults filled in. */
interface Settings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  shuffle: boolean;
  seed: number;
  keep: number;
  resume: boolean;
  progress: ProgressMode;
  log: (line: string) => void;
}

function resolveOptions(options: TrainAutoencoderOptions): Settings {
  const {
    epochs = 1,
    batchSize = 32,
    learningRate = 1e-4,
    shuffle = true,
    seed = 0,
    keepCheckpoints = 1,
    resume = false,
    progress = 'auto',
    log = console.warn,
  } = options;
  assertPositiveInteger(epochs, 'epochs');
  assertPositiveInteger(batchSize, 'batchSize');
  assertPositiveInteger(keepCheckpoints, 'keepCheckpoints');
  if (options.batchesPerEpoch !== undefined) assertPositiveInteger(options.batchesPerEpoch, 'batchesPerEpoch');
  assertSeed(seed, 'seed');
  assertBoolean(shuffle, 'shuffle');
  assertBoolean(resume, 'resume');
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new Error(`\`learningRate\` must be a finite number > 0, but got ${describeValue(learningRate)}`);
  }
  if (resume && options.checkpointDir === undefined) {
    throw new Error('`resume` needs `checkpointDir`, the directory to resume from, but got none');
  }
  if (options.checkpointDir !== undefined) checkpointStorage(options.checkpointDir); // fails before training, not after
  if (log !== false && typeof log !== 'function') {
    throw new Error(`\`log\` must be a function of one line or false, but got ${describeValue(log)}`);
  }
  const logLine = log === false ? () => {} : log;
  return { epochs, batchSize, learningRate, shuffle, seed, keep: keepCheckpoints, resume, progress, log: logLine };
}

/** Compiles an uncompiled model with Adam and MSE, so its optimizer can be saved. */
function ensureCompiled(model: tf.LayersModel, learningRate: number): void {
  if (model.optimizer == null) {
    model.compile({ optimizer: fusedAdam(learningRate), loss: 'meanSquaredError' });
  }
}

/**
 * One optimizer step per call. The gradient is computed first and applied
 * only when the loss is finite, so a NaN batch leaves the weights untouched.
 * Gradients are passed in `model.trainableWeights` order, the order in which
 * Adam indexes its moments, so a restored optimizer lines up with them.
 */
function trainStep(model: tf.LayersModel, objective: AutoencoderObjective) {
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  return (xs: tf.Tensor, ys: tf.Tensor): { loss: number; reconstruction: number } => {
    let reconstruction: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const terms = objective(xs, ys, true);
      reconstruction = tf.keep(terms.reconstruction);
      return terms.total;
    }, variables);
    const loss = value.dataSync()[0];
    const reconstructionValue = reconstruction!.dataSync()[0];
    tf.dispose([value, reconstruction!]);
    if (Number.isFinite(loss)) {
      const gradients = variables
        .filter((variable) => grads[variable.name] !== undefined)
        .map((variable) => ({ name: variable.name, tensor: grads[variable.name] }));
      model.optimizer.applyGradients(gradients);
    }
    tf.dispose(Object.values(grads));
    return { loss, reconstruction: reconstructionValue };
  };
}

/** Sample-weighted mean of the objective over a source, without training. */
async function validationLoss(objective: AutoencoderObjective, source: BatchSource): Promise<number> {
  let sum = 0;
  let samples = 0;
  for await (const { xs, ys, owned } of source.batches(0)) {
    const count = xs.shape[0] ?? 1;
    sum += tf.tidy(() => objective(xs, ys, false).total.dataSync()[0]) * count;
    samples += count;
    tf.dispose(owned);
  }
  return sum / samples;
}

function accumulate(totals: EpochTotals, logs: BatchLogs): EpochTotals {
  return {
    loss: totals.loss + logs.loss * logs.size,
    reconstruction: totals.reconstruction + logs.reconstructionLoss * logs.size,
    samples: totals.samples + logs.size,
  };
}

function emptyHistory(withValidation: boolean): TrainingHistory {
  return {
    epoch: [],
    loss: [],
    reconstructionLoss: [],
    ...(withValidation && { val_loss: [] }),
    stopReason: 'completed',
  };
}

function record(history: TrainingHistory, epoch: number, logs: EpochLogs): TrainingHistory {
  return {
    ...history,
    epoch: [...history.epoch, epoch],
    loss: [...history.loss, logs.loss],
    reconstructionLoss: [...history.reconstructionLoss, logs.reconstructionLoss],
    ...(logs.val_loss !== undefined && { val_loss: [...(history.val_loss ?? []), logs.val_loss] }),
  };
}
