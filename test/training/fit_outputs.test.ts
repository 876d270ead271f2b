import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { generateShapes, shapeDataset } from '../../src/datasets';
import { createFigureModel, type FigureModelName } from '../../src/presets';
import { codePenalty } from '../../src/layers';
import { fitOutputs, trainAutoencoder } from '../../src/training';
import { maxDifference, weightValues } from './tiny_autoencoder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// lambda 1e-2 (ignored by IRMAE): large enough that a dropped penalty would move the weights.
const SMALL = { width: 2, latentDim: 6, seed: 3, lambda: 1e-2 };
const BUDGET = { epochs: 2, batchSize: 6 };
const LEARNING_RATE = 1e-3;

function images(count: number): tf.Tensor4D {
  const { images: pixels, shape } = generateShapes({ count, seed: 11 });
  return tf.tensor4d(pixels, shape);
}

/** Trains `name` both ways from the same seed; returns both weight lists and histories. */
async function bothWays(name: FigureModelName, xs: tf.Tensor4D) {
  const ours = createFigureModel(name, SMALL).model;
  const history = await trainAutoencoder(ours, xs, { ...BUDGET, learningRate: LEARNING_RATE, shuffle: false, progress: 'none' });
  const theirs = createFigureModel(name, SMALL).model;
  const fit = fitOutputs(theirs);
  fit.model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: fit.loss });
  const ys = fit.targets(xs);
  const fitted = await fit.model.fit(xs, ys, { ...BUDGET, shuffle: false, verbose: 0 });
  tf.dispose(ys);
  const result = { ours: weightValues(ours), theirs: weightValues(theirs), history, fitted: fitted.history.loss as number[] };
  for (const model of [ours, theirs]) {
    model.optimizer?.dispose();
    model.dispose();
  }
  fit.model.optimizer.dispose();
  return result;
}

describe('fitOutputs: the figure models under plain model.fit', () => {
  // 15 images in batches of 6: a last batch of 3, so the per-sample losses
  // must line up for a batch size other than the code size or pixel count.
  it.each(['ae-l1', 'irmae-l2'] as const)('%s: model.fit reaches the weights of trainAutoencoder', async (name) => {
    const xs = images(15);
    const { ours, theirs, history, fitted } = await bothWays(name, xs);
    xs.dispose();
    // Same objective, same batches, same Adam: only float32 rounding differs
    // (tfjs sums the per-output losses in another order).
    expect(maxDifference(theirs, ours)).toBeLessThan(1e-5);
    fitted.forEach((loss, i) => expect(Math.abs(loss - history.loss[i])).toBeLessThan(1e-6 * Math.max(1, history.loss[i])));
  });

  it('has one output and one loss per term, and targets of matching shapes', () => {
    const { model } = createFigureModel('ae-l1', SMALL);
    const fit = fitOutputs(model);
    expect(fit.model.outputs.map((output) => output.shape)).toEqual([[null, 32, 32, 3], [null, 6]]);
    expect(fit.loss).toHaveLength(2);
    const xs = images(2);
    const before = tf.memory().numTensors;
    const ys = fit.targets(xs);
    expect(ys.map((y) => y.shape)).toEqual([[2, 32, 32, 3], [2, 6]]);
    tf.dispose(ys);
    expect(tf.memory().numTensors).toBe(before);
    xs.dispose();
    model.dispose();
  });

  it('adds the L1 penalty per sample: l1 * sum |e|, checked by hand', () => {
    const { model } = createFigureModel('ae-l1', { ...SMALL, lambda: 0.5 });
    const penalty = fitOutputs(model).loss[1];
    const value = tf.tidy(() => penalty(tf.zeros([2, 3]), tf.tensor2d([[1, -2, 0.5], [0, 0, -4]])).arraySync());
    expect(value).toEqual([0.5 * 3.5, 0.5 * 4]);
    model.dispose();
  });

  it('trains AE+L2 with model.fitDataset on a shape dataset, its targets mapped through fit.targets', async () => {
    const { model } = createFigureModel('ae-l2', SMALL);
    const fit = fitOutputs(model);
    fit.model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: fit.loss });
    const dataset = shapeDataset({ count: 12, seed: 11, batchSize: 6 }).map(({ xs, ys }) => ({ xs, ys: fit.targets(ys) }));
    const before = weightValues(model);
    const history = await fit.model.fitDataset(dataset, { epochs: 2, verbose: 0 });
    expect(history.history.loss).toHaveLength(2);
    // The penalty is part of the loss: loss > the reconstruction output's own loss.
    const [reconstructionKey] = Object.keys(history.history).filter((key) => key !== 'loss' && key.endsWith('_loss'));
    expect((history.history.loss[1] as number) - (history.history[reconstructionKey][1] as number)).toBeGreaterThan(0);
    expect(maxDifference(weightValues(model), before)).toBeGreaterThan(1e-4);
    fit.model.optimizer.dispose();
    model.dispose();
  });

  it('folds a penalty layer that is the model output itself into the reconstruction loss', () => {
    const input = tf.input({ shape: [2] });
    const dense = tf.layers.dense({ units: 2, useBias: false, kernelInitializer: 'identity' });
    const output = codePenalty({ l2: 0.5 }).apply(dense.apply(input)) as tf.SymbolicTensor;
    const fit = fitOutputs(tf.model({ inputs: input, outputs: output }));
    expect(fit.model.outputs).toHaveLength(1);
    // y = x (identity kernel), target t: (x - t)^2 averaged over 2 features, plus 0.5 * sum x^2.
    const value = tf.tidy(() => fit.loss[0](tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 2]])).arraySync());
    expect(value).toEqual([(1 + 4) / 2 + 0.5 * 5]);
  });
});
