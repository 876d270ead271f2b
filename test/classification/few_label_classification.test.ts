import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { classifierHead, defaultFewLabelEpochs, fewLabelClassification, type FewLabelRun } from '../../src';
import { randomLabels, separableClusters } from './clusters';

const CLASSES = 10;
const DIM = 16;

function clusterSet(perClass: number, seed: number) {
  const { codes, labels } = separableClusters(CLASSES, perClass, seed, DIM);
  return { inputs: tf.tensor2d(codes, [CLASSES * perClass, DIM]), labels };
}

describe('fewLabelClassification', () => {
  it('classifies separable clusters perfectly from 10 and from 100 labels, and disposes its models', async () => {
    const train = clusterSet(100, 1);
    const test = clusterSet(100, 2);
    const before = tf.memory().numTensors;
    const runs: FewLabelRun[] = [];
    const results = await fewLabelClassification(train, test, {
      labelCounts: [10, 100],
      seeds: [0, 1, 2],
      epochs: (count) => (count === 10 ? 200 : 100),
      learningRate: 1e-2,
      onRun: (run) => void runs.push(run),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map(({ labelCount, accuracies, mean, std, min, max, epochs, steps }) => ({ labelCount, accuracies, mean, std, min, max, epochs, steps }))).toEqual([
      // 10 labels: one batch of 10 per epoch; 100 labels: one batch of 100.
      { labelCount: 10, accuracies: [1, 1, 1], mean: 1, std: 0, min: 1, max: 1, epochs: 200, steps: 200 },
      { labelCount: 100, accuracies: [1, 1, 1], mean: 1, std: 0, min: 1, max: 1, epochs: 100, steps: 100 },
    ]);
    expect(runs.map(({ labelCount, seed, index, runs: total }) => [labelCount, seed, index, total])).toEqual([
      [10, 0, 1, 6], [10, 1, 2, 6], [10, 2, 3, 6], [100, 0, 4, 6], [100, 1, 5, 6], [100, 2, 6, 6],
    ]);
    tf.dispose([train.inputs, test.inputs]);
  });

  it('is at chance when the labels are independent of the codes', async () => {
    const train = clusterSet(50, 3);
    const testRows = 5000;
    const test = { inputs: clusterSet(testRows / CLASSES, 4).inputs, labels: randomLabels(testRows, CLASSES, 5) };
    const [result] = await fewLabelClassification(
      { inputs: train.inputs, labels: randomLabels(500, CLASSES, 6) },
      test,
      { labelCounts: [100], seeds: [0, 1], epochs: 50 },
    );
    // The predictions cannot depend on the test labels, drawn independently
    // and uniformly: each accuracy is Binomial(5000, 1/10) / 5000, sd 0.00424.
    // Within 5 sd of 1/10 (a miss has probability below 1e-6).
    const sd = Math.sqrt((0.1 * 0.9) / testRows);
    for (const accuracy of result.accuracies) expect(Math.abs(accuracy - 0.1)).toBeLessThan(5 * sd);
    tf.dispose([train.inputs, test.inputs]);
  });

  it('reports the sample standard deviation of the accuracies', async () => {
    const train = clusterSet(10, 1);
    const test = { inputs: clusterSet(10, 2).inputs, labels: randomLabels(100, CLASSES, 7) };
    const [result] = await fewLabelClassification(train, test, { labelCounts: [10], seeds: [4, 5, 6], epochs: 5 });
    const { accuracies } = result;
    const mean = (accuracies[0] + accuracies[1] + accuracies[2]) / 3;
    const std = Math.sqrt(accuracies.reduce((sum, a) => sum + (a - mean) ** 2, 0) / 2);
    expect(result.mean).toBeCloseTo(mean, 12);
    expect(result.std).toBeCloseTo(std, 12);
    expect(result.min).toBe(Math.min(...accuracies));
    expect(result.max).toBe(Math.max(...accuracies));
    expect(result.seeds).toEqual([4, 5, 6]);
    tf.dispose([train.inputs, test.inputs]);
  });

  it('trains the model a factory builds, on images', async () => {
    const { codes, labels } = separableClusters(CLASSES, 20, 1, 16);
    const images = tf.tensor4d(codes, [200, 4, 4, 1]);
    const created: number[] = [];
    const [result] = await fewLabelClassification({ inputs: images, labels }, { inputs: images, labels }, {
      labelCounts: [100],
      seeds: [0],
      epochs: 100,
      learningRate: 1e-2,
      createModel: ({ seed, classes }) => {
        created.push(seed);
        const head = classifierHead(16, classes, { seed });
        return tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), head] });
      },
    });
    expect(created).toHaveLength(1);
    expect(result.accuracies).toEqual([1]);
    images.dispose();
  });

  it('trains 200 epochs up to 100 labels, 100 up to 1,000 and 50 above, unless told', async () => {
    expect([10, 100, 101, 1000, 1001, 10000].map(defaultFewLabelEpochs)).toEqual([200, 200, 100, 100, 50, 50]);
    const train = clusterSet(10, 1);
    const [result] = await fewLabelClassification(train, train, { labelCounts: [10], seeds: [0] });
    expect([result.epochs, result.steps]).toEqual([200, 200]);
    tf.dispose([train.inputs]);
  });

  it('names the argument that is wrong', async () => {
    const train = clusterSet(5, 1);
    const test = clusterSet(5, 2);
    await expect(fewLabelClassification(train, test, { labelCounts: [100] })).rejects.toThrow(
      '`count` 100 needs 10 rows of each class, but class 0 has 5 in `labels`',
    );
    await expect(fewLabelClassification(train, test, { labelCounts: [] })).rejects.toThrow('`labelCounts` must be a non-empty array');
    await expect(fewLabelClassification(train, test, { seeds: [1.5] })).rejects.toThrow('`seeds[0]` must be an integer in [0, 2^32 - 1], but got 1.5');
    await expect(fewLabelClassification(train, test, { epochs: (count) => count / 100 })).rejects.toThrow('`epochs(10)` must be a positive integer, but got 0.1');
    await expect(fewLabelClassification({ inputs: train.inputs, labels: [0, 1] }, test)).rejects.toThrow(
      '`train.labels` must hold one label per row of `train.inputs` (50)',
    );
    await expect(fewLabelClassification(train, { inputs: test.inputs, labels: [0] })).rejects.toThrow(
      '`test.labels` must hold one label per row of `test.inputs` (50), but got [0]',
    );
    const badTest = { inputs: test.inputs, labels: Array.from(test.labels, (label) => (label === 9 ? 10 : label)) };
    await expect(fewLabelClassification(train, badTest)).rejects.toThrow('`test.labels`[9] must be an integer in [0, 9], but got 10');
    const images = tf.zeros([50, 2, 2, 1]);
    await expect(fewLabelClassification({ inputs: images, labels: train.labels }, test, { labelCounts: [10] })).rejects.toThrow(
      '`train.inputs` must be codes [rows, n] for the default head, but has shape [50, 2, 2, 1]; pass `createModel` for images',
    );
    tf.dispose([train.inputs, test.inputs, images]);
  });
});
