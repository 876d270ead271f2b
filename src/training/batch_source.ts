import * as tf from '@tensorflow/tfjs';

import { describeValue } from '../internal/describe_value';
import { epochOrder } from '../random/seeded_permutation';

/**
 * What {@link trainAutoencoder} trains or validates on:
 * - a tensor `xs` (an autoencoder: the targets are the inputs),
 * - `{ xs, ys }` tensors with the same first dimension,
 * - a `tf.data.Dataset` of already batched elements, each a tensor or
 *   `{ xs, ys }` (`ys` defaults to `xs`), iterated once per epoch;
 * - a function from the epoch index (0-based) to such a dataset, for data
 *   whose order depends on the epoch, e.g.
 *   `(epoch) => shapeDataset({ count, seed, shuffle: true, firstEpoch: epoch })`,
 *   so that a resumed run sees the same batches as an uninterrupted one.
 *
 * @category Training
 */
export type TrainingData =
  | tf.Tensor
  | { xs: tf.Tensor; ys?: tf.Tensor }
  | BatchedDataset
  | ((epoch: number) => BatchedDataset);

/**
 * A dataset of batches, each a tensor (inputs and targets) or `{ xs, ys }`,
 * checked as batches arrive (typed loosely: `tf.data` pipelines such as
 * `tf.data.array(...).batch(n)` lose their element types).
 *
 * @category Training
 */
export type BatchedDataset = tf.data.Dataset<tf.TensorContainer>;

/** One batch; the consumer disposes `owned` (everything the batch holds). */
export interface Batch {
  xs: tf.Tensor;
  ys: tf.Tensor;
  owned: tf.TensorContainer;
}

/** Yields the batches of an epoch; the same epoch index gives the same batches. */
export interface BatchSource {
  /** Number of batches per epoch, when known in advance. */
  readonly batchesPerEpoch?: number;
  batches(epoch: number): AsyncGenerator<Batch>;
}

/** How tensors are cut into batches. */
export interface BatchOptions {
  batchSize: number;
  shuffle: boolean;
  seed: number;
  /** For datasets: end an epoch after this many batches (for endless datasets). */
  batchesPerEpoch?: number;
}

/**
 * Turns any {@link TrainingData} into a {@link BatchSource}.
 *
 * @param data The data.
 * @param options Batching of tensor data.
 * @param argName Argument name for error messages (`data`, `validationData`).
 * @throws Error naming `argName` when the data has another form, or `xs` and
 *   `ys` differ in length.
 */
export function batchSource(data: TrainingData, options: BatchOptions, argName: string): BatchSource {
  if (data instanceof tf.Tensor) return tensorSource(data, data, options);
  if (data instanceof tf.data.Dataset) return datasetSource(() => data, options.batchesPerEpoch);
  if (typeof data === 'function') return datasetSource(checkedFactory(data, argName), options.batchesPerEpoch);
  if (data != null && typeof data === 'object' && (data as { xs?: unknown }).xs instanceof tf.Tensor) {
    const { xs, ys = xs } = data as { xs: tf.Tensor; ys?: tf.Tensor };
    if (!(ys instanceof tf.Tensor) || ys.shape[0] !== xs.shape[0]) {
      throw new Error(
        `\`${argName}.ys\` must be a tensor with as many samples as \`${argName}.xs\` (${xs.shape[0]}), ` +
          `but got ${ys instanceof tf.Tensor ? `shape [${ys.shape}]` : typeof ys}`,
      );
    }
    return tensorSource(xs, ys, options);
  }
  throw new Error(
    `\`${argName}\` must be a tensor, { xs, ys } tensors, a tf.data.Dataset or a function of the epoch ` +
      `returning one, but got ${describeValue(data)}`,
  );
}

function checkedFactory(factory: (epoch: number) => BatchedDataset, argName: string) {
  return (epoch: number) => {
    const dataset = factory(epoch);
    if (!(dataset instanceof tf.data.Dataset)) {
      throw new Error(`\`${argName}\`(${epoch}) must return a tf.data.Dataset, but got ${describeValue(dataset)}`);
    }
    return dataset;
  };
}

function tensorSource(xs: tf.Tensor, ys: tf.Tensor, { batchSize, shuffle, seed }: BatchOptions): BatchSource {
  const n = xs.shape[0];
  if (n === undefined || n === 0) throw new Error('`data` must hold at least one sample, but got 0');
  return {
    batchesPerEpoch: Math.ceil(n / batchSize),
    async *batches(epoch) {
      const order = shuffle ? epochOrder(n, seed, epoch) : null;
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(start + batchSize, n);
        yield tf.tidy(() => {
          if (order === null) {
            const x = xs.slice(start, end - start);
            const y = ys === xs ? x : ys.slice(start, end - start);
            return { xs: x, ys: y, owned: [x, y] };
          }
          const indices = tf.tensor1d(Int32Array.from(order.subarray(start, end)), 'int32');
          const x = tf.gather(xs, indices);
          const y = ys === xs ? x : tf.gather(ys, indices);
          return { xs: x, ys: y, owned: [x, y] };
        });
      }
    },
  };
}

function datasetSource(datasetOf: (epoch: number) => BatchedDataset, batchesPerEpoch: number | undefined): BatchSource {
  return {
    batchesPerEpoch,
    async *batches(epoch) {
      const iterator = await datasetOf(epoch).iterator();
      for (let count = 0; batchesPerEpoch === undefined || count < batchesPerEpoch; count++) {
        const { value, done } = await iterator.next();
        if (done) return;
        yield asBatch(value, count);
      }
    },
  };
}

function asBatch(element: tf.TensorContainer, index: number): Batch {
  if (element instanceof tf.Tensor) return { xs: element, ys: element, owned: element };
  const { xs, ys = xs } = (element ?? {}) as { xs?: unknown; ys?: unknown };
  if (!(xs instanceof tf.Tensor) || !(ys instanceof tf.Tensor)) {
    tf.dispose(element);
    throw new Error(
      `Dataset element ${index} must be a tensor or { xs, ys } tensors, but has keys ` +
        `${describeValue(Object.keys(element ?? {}))}`,
    );
  }
  return { xs, ys, owned: element };
}
