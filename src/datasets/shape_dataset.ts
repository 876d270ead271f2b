import * as tf from '@tensorflow/tfjs';

import { assertBoolean, assertIntegerIn, assertOptionsObject, assertSeed } from '../internal/assert_args';
import { renderShapes } from './generate_shapes';
import { shapeEpochOrder } from './shape_epoch_order';
import { resolveShapeOptions, type ResolvedShapeOptions, type ShapeOptions } from './shape_options';

/**
 * Options of {@link shapeDataset}.
 *
 * @category Datasets
 */
export interface ShapeDatasetOptions extends ShapeOptions {
  /** Images per epoch: indices `start` .. `start + count - 1` of the seed's stream. */
  count: number;
  /** Index of the first image. Default 0. */
  start?: number;
  /** Images per batch; the last batch of an epoch holds the remainder. Default 32. */
  batchSize?: number;
  /** Visit the images in a new seeded order every epoch. Default false. */
  shuffle?: boolean;
  /** Seed of the epoch orders ({@link shapeEpochOrder}). Default: `seed`. */
  shuffleSeed?: number;
  /** Epoch number of the first iteration, to resume a run. Default 0. */
  firstEpoch?: number;
}

/**
 * One batch of {@link shapeDataset}: `xs` the images and `ys` the same
 * images, the autoencoder's target.
 *
 * @category Datasets
 */
export interface ShapeBatch extends tf.TensorContainerObject {
  /** Images, NHWC float32 `[batch, imageSize, imageSize, 3]`, in [0, 1). */
  xs: tf.Tensor4D;
  /** Equal to `xs`, a separate tensor handle (disposing one leaves the other). */
  ys: tf.Tensor4D;
}

/** The batches of one epoch; `order` null visits the images in index order. */
function* epochBatches(
  drawing: ResolvedShapeOptions,
  start: number,
  count: number,
  batchSize: number,
  order: Uint32Array | null,
): Generator<ShapeBatch> {
  for (let first = 0; first < count; first += batchSize) {
    const indexOf =
      order === null ? (i: number) => start + first + i : (i: number) => start + order[first + i];
    const set = renderShapes(drawing, Math.min(batchSize, count - first), indexOf);
    const xs = tf.tensor4d(set.images, set.shape, 'float32');
    yield { xs, ys: xs.clone() };
  }
}

/**
 * The shape data set of the Implicit Rank-Minimizing Autoencoder paper (see
 * {@link generateShapes}) as a `tf.data.Dataset` of batches drawn on the fly:
 * only the batch in use is in memory, so the 50,000 training images never
 * need to be held at once.
 *
 * Epochs. Each call of `dataset.iterator()` (what `model.fitDataset` and
 * `dataset.forEachAsync` do once per pass) is one epoch; the k-th call
 * (k = 0, 1, ...) is epoch `firstEpoch + k`. Without `shuffle` every epoch
 * visits images `start` .. `start + count - 1` in order. With `shuffle` epoch
 * e visits image `start + shapeEpochOrder(count, { seed: shuffleSeed, epoch:
 * e })[k]` at step k: a fresh, reproducible order per epoch that depends only
 * on (shuffleSeed, e). The images themselves never change; only their order.
 *
 * Each element is `{ xs, ys }` with `ys` equal to `xs` (autoencoder
 * targets); both are new tensors the consumer disposes (`fitDataset` does).
 *
 * @param options `count` images from `start` (default 0) of the stream of
 *   `seed`, batched by `batchSize` (default 32), optionally shuffled per
 *   epoch, drawn as {@link ShapeOptions} says.
 * @returns A dataset of `ceil(count / batchSize)` batches per epoch.
 * @throws Error naming the bad option when `count` or `start` is not a
 *   non-negative integer, `batchSize` not a positive integer, `shuffle` not a
 *   boolean, `shuffleSeed` or `firstEpoch` out of range, or a drawing option
 *   is invalid.
 * @example
 * ```ts
 * const batches = await shapeDataset({ count: 70, seed: SHAPE_TRAIN_SEED }).toArray();
 * batches.map((b) => b.xs.shape);
 * // => [[32, 32, 32, 3], [32, 32, 32, 3], [6, 32, 32, 3]]
 * tf.dispose(batches);
 *
 * // The paper's training set, reshuffled every epoch:
 * const train = shapeDataset({ count: 50_000, seed: SHAPE_TRAIN_SEED, shuffle: true });
 * await model.fitDataset(train, { epochs: 100 }); // disposes each batch
 * ```
 * @category Datasets
 */
export function shapeDataset(options: ShapeDatasetOptions): tf.data.Dataset<ShapeBatch> {
  assertOptionsObject(options, 'options', 'an options object with a `count`');
  const { count, start = 0, batchSize = 32, shuffle = false, shuffleSeed, firstEpoch = 0, ...drawingOptions } =
    options;
  assertIntegerIn(count, 'count', 0, 4294967295, 'a non-negative integer');
  assertIntegerIn(start, 'start', 0, 4294967296 - count, `a non-negative integer with start + count <= 2^32`);
  assertIntegerIn(batchSize, 'batchSize', 1, Number.MAX_SAFE_INTEGER, 'a positive integer');
  assertBoolean(shuffle, 'shuffle');
  assertIntegerIn(firstEpoch, 'firstEpoch', 0, 4294967295, 'an integer in [0, 2^32 - 1]');
  const drawing = resolveShapeOptions(drawingOptions);
  const seedOfOrder = shuffleSeed ?? drawing.seed;
  assertSeed(seedOfOrder, 'shuffleSeed');
  let iterations = 0;
  return tf.data.generator(() => {
    const epoch = firstEpoch + iterations++;
    const order = shuffle ? shapeEpochOrder(count, { seed: seedOfOrder, epoch }) : null;
    return epochBatches(drawing, start, count, batchSize, order);
  });
}
