import * as tf from '@tensorflow/tfjs';

import { assertNonNegativeInteger, assertOneOf, assertPositiveInteger, assertSeed } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import { isTensor } from '../internal/is_tensor';
import { FusedAdamOptimizer } from '../optimizers/fused_adam_optimizer';
import { seededPermutation } from '../random/seeded_permutation';
import { streamSeed } from '../random/stream_seed';
import { checkedLabels } from './class_labels';
import { shiftImages, shiftOffsets } from './shift_images';

/**
 * Options of {@link trainClassifier}. Defaults are the IRMAE reference
 * code's `classification.py` (Adam 1e-3, batch 100).
 *
 * @category Classification
 */
export interface TrainClassifierOptions {
  /** Number of passes over the rows, a positive integer. Default 1. */
  epochs?: number;
  /** Rows per step, a positive integer; a set smaller than it is one batch. Default 100. */
  batchSize?: number;
  /** Adam's learning rate, a finite number > 0 ({@link fusedAdam}, betas 0.9 / 0.999, epsilon 1e-7). Default 1e-3. */
  learningRate?: number;
  /**
   * How the learning rate moves over the run: `'constant'`, or `'cosine'`,
   * which takes step t of T (0-based, T = epochs * ceil(rows / batchSize))
   * at `learningRate * (1 + cos(pi t / T)) / 2`, from `learningRate` down
   * towards 0 (Loshchilov and Hutter, ICLR 2017, without restarts).
   * Default 'constant'.
   */
  schedule?: 'constant' | 'cosine';
  /**
   * Seeded shift augmentation for images `[rows, height, width, channels]`:
   * each epoch moves every image by whole pixels `(dy, dx)`, each uniform in
   * [-shift, shift], zeros where the image moved away. Row r's offset in
   * epoch e comes from draws 2r and 2r + 1 of the stream
   * `streamSeed(seed, 'classifier-shift', e)`. A non-negative integer,
   * pixels; 0 trains on the images as they are. Default 0.
   */
  shift?: number;
  /**
   * Seed of the visiting order, an integer in [0, 2^32 - 1]: epoch e visits
   * the rows in the order of `seededPermutation(rows, streamSeed(seed,
   * 'classifier-shuffle', e))`. (Dropout masks come from the model's own
   * {@link SeededDropout} seeds.) Default 0.
   */
  seed?: number;
  /** Called after each epoch with its 0-based index and mean loss; awaited when it returns a promise. */
  onEpochEnd?: (epoch: number, logs: ClassifierEpochLogs) => void | Promise<void>;
}

/**
 * What {@link TrainClassifierOptions.onEpochEnd} receives.
 *
 * @category Classification
 */
export interface ClassifierEpochLogs {
  /** Mean cross-entropy over the epoch's rows, nats. */
  loss: number;
  /** Optimizer steps taken so far, this epoch's included. */
  steps: number;
}

/**
 * What {@link trainClassifier} returns.
 *
 * @category Classification
 */
export interface ClassifierHistory {
  /** Mean cross-entropy of each epoch, nats, in epoch order. */
  loss: number[];
  /** Optimizer steps taken: epochs * ceil(rows / batchSize). */
  steps: number;
}

/**
 * Trains a classifier by minimizing the softmax cross-entropy of its logits,
 * `-log softmax(model(x))[label]` averaged over the batch (the reference's
 * `F.nll_loss(F.log_softmax(y_hat))`), with Adam, in training mode (dropout
 * on). Every trainable weight of the model is trained: pass codes and a head
 * for a frozen encoder, images and encoder + head for a supervised one.
 *
 * Each epoch visits every row once in a seeded order, in batches of
 * `min(batchSize, rows)` (the last one smaller when the rows do not divide),
 * so a model built with the same seeds and trained with the same options
 * ends with the same weights to the bit on one backend.
 *
 * @param model Maps `inputs` to logits `[rows, classes]`, one output; trained in place.
 * @param inputs Codes `[rows, n]` or NHWC images `[rows, height, width, channels]`, any tensor whose first axis is the rows.
 * @param labels The class of each row, integers in [0, classes), `rows` of them.
 * @param options See {@link TrainClassifierOptions}.
 * @returns The loss of each epoch and the steps taken.
 * @throws Error naming `model` when it has not one output `[batch, classes]`,
 *   `inputs` when not a tensor of rank >= 2, `labels` when their count
 *   differs from the rows or a label is out of range, an option when invalid;
 *   naming the epoch and step when the loss is not finite.
 *
 * @example
 * ```ts
 * const head = classifierHead(2, 2, { seed: 1 });
 * const codes = tf.tensor2d([[1, 0], [0, 1], [1, 0.1], [0.1, 1]]);
 * const { loss } = await trainClassifier(head, codes, [0, 1, 0, 1], { epochs: 50 });
 * loss[49] < loss[0]; // => true
 * ```
 *
 * @category Classification
 */
export async function trainClassifier(
  model: tf.LayersModel,
  inputs: tf.Tensor,
  labels: ArrayLike<number>,
  options: TrainClassifierOptions = {},
): Promise<ClassifierHistory> {
  const classes = classCount(model);
  const rows = checkInputs(inputs);
  const checked = checkedLabels(labels, classes, 'labels');
  if (checked.length !== rows) {
    throw new Error(`\`labels\` must hold one label per row of \`inputs\` (${rows}), but holds ${checked.length}`);
  }
  const { epochs = 1, batchSize = 100, learningRate = 1e-3, seed = 0, schedule = 'constant', shift = 0, onEpochEnd } = options;
  assertPositiveInteger(epochs, 'epochs');
  assertPositiveInteger(batchSize, 'batchSize');
  assertSeed(seed, 'seed');
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new Error(`\`learningRate\` must be a finite number > 0, but got ${describeValue(learningRate)}`);
  }
  assertOneOf(schedule, 'schedule', ['constant', 'cosine']);
  assertNonNegativeInteger(shift, 'shift');
  if (shift > 0 && inputs.rank !== 4) {
    throw new Error(`\`shift\` needs images [rows, height, width, channels] as \`inputs\`, but \`inputs\` has shape [${inputs.shape.join(', ')}]`);
  }
  const batch = Math.min(batchSize, rows);
  const totalSteps = epochs * Math.ceil(rows / batch);
  const optimizer = new ScheduledAdam(learningRate);
  const step = trainStep(model, optimizer, classes);
  const loss: number[] = [];
  let steps = 0;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = seededPermutation(rows, streamSeed(seed, 'classifier-shuffle', epoch));
      const shiftKey = streamSeed(seed, 'classifier-shift', epoch);
      let sum = 0;
      for (let start = 0; start < rows; start += batch) {
        const chosen = order.subarray(start, Math.min(start + batch, rows));
        if (schedule === 'cosine') optimizer.setLearningRate((learningRate * (1 + Math.cos((Math.PI * steps) / totalSteps))) / 2);
        const offsets = shift > 0 ? shiftOffsets(chosen, shiftKey, shift) : undefined;
        const value = step(inputs, chosen, pick(checked, chosen), offsets && { offsets, shift });
        if (!Number.isFinite(value)) {
          throw new Error(`The classifier's loss is ${value} at epoch ${epoch + 1}, step ${steps + 1}`);
        }
        sum += value * chosen.length;
        steps += 1;
      }
      loss.push(sum / rows);
      await onEpochEnd?.(epoch, { loss: sum / rows, steps });
    }
  } finally {
    optimizer.dispose();
  }
  return { loss, steps };
}

/** The fused Adam, whose learning rate the loop sets before each step. */
class ScheduledAdam extends FusedAdamOptimizer {
  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }
}

/** One Adam step on the rows `chosen`, shifted by `shifts` when given; returns the batch's mean loss. */
function trainStep(model: tf.LayersModel, optimizer: tf.Optimizer, classes: number) {
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  return (inputs: tf.Tensor, chosen: Uint32Array, labels: Int32Array, shifts?: { offsets: Int32Array; shift: number }): number => {
    const { value, grads } = tf.tidy(() => {
      const rows = tf.gather(inputs, tf.tensor1d(Int32Array.from(chosen), 'int32'));
      const xs = shifts ? shiftImages(rows as tf.Tensor4D, shifts.offsets, shifts.shift) : rows;
      const targets = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
      return tf.variableGrads(() => softmaxCrossEntropy(model.apply(xs, { training: true }) as tf.Tensor, targets), variables);
    });
    const loss = value.dataSync()[0];
    if (Number.isFinite(loss)) optimizer.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads)]);
    return loss;
  };
}

/** Mean over rows of -log softmax(logits)[label], with `targets` one-hot. */
function softmaxCrossEntropy(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

function pick(labels: Int32Array, rows: Uint32Array): Int32Array {
  return Int32Array.from(rows, (row) => labels[row]);
}

/**
 * The number of classes: the width of the model's one output `[batch, classes]`.
 *
 * @throws Error naming `model` otherwise.
 */
export function classCount(model: tf.LayersModel): number {
  const shape = model.outputs?.length === 1 ? model.outputs[0].shape : undefined;
  const classes = shape?.length === 2 ? shape[1] : null;
  if (classes === null || classes === undefined || !(classes > 0)) {
    throw new Error(
      `\`model\` must have one output of logits [batch, classes], but has ${shape === undefined ? `${model.outputs?.length ?? 0} outputs` : `shape [${shape.join(', ')}]`}`,
    );
  }
  return classes;
}

/**
 * The rows of the inputs.
 *
 * @throws Error naming `inputs` unless a tensor of rank >= 2 with rows.
 */
export function checkInputs(inputs: unknown): number {
  if (!isTensor(inputs) || inputs.rank < 2 || inputs.shape[0] === 0) {
    throw new Error(`\`inputs\` must be a tensor [rows, ...] of rank >= 2 with rows, but got ${describeValue(inputs)}`);
  }
  return inputs.shape[0];
}
