import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { batchSource } from '../../src/training/batch_source';
import { epochOrder } from '../../src/random/seeded_permutation';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function collect(source: ReturnType<typeof batchSource>, epoch: number): Promise<number[][]> {
  const batches: number[][] = [];
  for await (const { xs, ys, owned } of source.batches(epoch)) {
    batches.push(Array.from(xs.dataSync()));
    expect(Array.from(ys.dataSync())).toEqual(Array.from(xs.dataSync()).map((v) => v * 10));
    tf.dispose(owned);
  }
  return batches;
}

describe('batchSource over tensors', () => {
  const xs = tf.tensor1d([0, 1, 2, 3, 4, 5, 6]);
  const data = { xs, ys: xs.mul(10) };

  it('cuts in order without shuffle, the last batch holding the remainder', async () => {
    const source = batchSource(data, { batchSize: 3, shuffle: false, seed: 0 }, 'data');
    expect(source.batchesPerEpoch).toBe(3);
    expect(await collect(source, 0)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('shuffles each epoch in the order of epochOrder, xs and ys alike', async () => {
    const source = batchSource(data, { batchSize: 3, shuffle: true, seed: 5 }, 'data');
    const before = tf.memory().numTensors;
    const epoch2 = (await collect(source, 2)).flat();
    expect(epoch2).toEqual(Array.from(epochOrder(7, 5, 2)));
    expect((await collect(source, 2)).flat()).toEqual(epoch2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects mismatched or unknown data, naming the argument', () => {
    const options = { batchSize: 2, shuffle: false, seed: 0 };
    expect(() => batchSource({ xs, ys: tf.zeros([3]) }, options, 'validationData')).toThrow(
      '`validationData.ys` must be a tensor with as many samples as `validationData.xs` (7), but got shape [3]',
    );
    expect(() => batchSource([1, 2] as unknown as tf.Tensor, options, 'data')).toThrow(
      '`data` must be a tensor, { xs, ys } tensors, a tf.data.Dataset or a function of the epoch returning one, but got [1,2]',
    );
  });
});

describe('batchSource over datasets', () => {
  it('iterates a dataset once per epoch, or the dataset a factory returns for the epoch', async () => {
    const dataset = tf.data.array([0, 1, 2, 3]).map((v) => ({ xs: tf.scalar(v as number), ys: tf.scalar((v as number) * 10) })).batch(2);
    expect(await collect(batchSource(dataset, { batchSize: 32, shuffle: false, seed: 0 }, 'data'), 0)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    const factory = (epoch: number) =>
      tf.data.array([epoch, epoch + 1, epoch + 2]).map((v) => ({ xs: tf.scalar(v as number), ys: tf.scalar((v as number) * 10) })).batch(2);
    const source = batchSource(factory, { batchSize: 32, shuffle: false, seed: 0, batchesPerEpoch: 1 }, 'data');
    expect(await collect(source, 5)).toEqual([[5, 6]]);
    const bad = batchSource(() => 3 as unknown as tf.data.Dataset<tf.Tensor>, { batchSize: 1, shuffle: false, seed: 0 }, 'data');
    await expect(collect(bad, 1)).rejects.toThrow('`data`(1) must return a tf.data.Dataset, but got 3');
    const wrongKeys = tf.data.array([{ a: tf.scalar(1) }]);
    const before = tf.memory().numTensors;
    await expect(collect(batchSource(wrongKeys, { batchSize: 1, shuffle: false, seed: 0 }, 'data'), 0)).rejects.toThrow(
      'Dataset element 0 must be a tensor or { xs, ys } tensors, but has keys ["a"]',
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
