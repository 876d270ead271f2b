import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  generateShapes,
  SHAPE_EVAL_SEED,
  SHAPE_TRAIN_SEED,
  shapeDataset,
  shapeEpochOrder,
  shapeImages,
} from '../../src/datasets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// The @example blocks of src/datasets, run as written, with their stated results.
describe('JSDoc examples', () => {
  it('generateShapes', () => {
    const set = generateShapes({ count: 2, seed: 7 });
    expect(set.shape).toEqual([2, 32, 32, 3]);
    expect(set.factors[0]).toEqual({
      kind: 'square',
      cx: 13,
      cy: 24,
      size: 8,
      r: 0.7430620789527893,
      g: 0.8971251249313354,
      b: 0.17245519161224365,
    });
    expect(set.images[(24 * 32 + 13) * 3]).toBe(0.7430620789527893);
    expect(set.images.length).toBe(6144);
  });

  it('SHAPE_TRAIN_SEED', () => {
    const train = shapeDataset({ count: 50_000, seed: SHAPE_TRAIN_SEED, shuffle: true });
    expect(train).toBeInstanceOf(tf.data.Dataset);
    const { kind, cx, cy, size } = generateShapes({ count: 1, seed: SHAPE_TRAIN_SEED }).factors[0];
    expect([kind, cx, cy, size]).toEqual(['circle', 16, 18, 4]);
  });

  it('SHAPE_EVAL_SEED', () => {
    const evaluation = generateShapes({ count: 10_000, seed: SHAPE_EVAL_SEED });
    const { kind, cx, cy, size } = evaluation.factors[0];
    expect([kind, cx, cy, size]).toEqual(['circle', 18, 8, 4]);
  });

  it('ShapeVariant', () => {
    const two = generateShapes({ count: 1, seed: 7, variant: 'two-shapes' });
    expect(two.factors.map((f) => f.kind)).toEqual(['square', 'circle']);
  });

  it('ShapeOptions', () => {
    const big = generateShapes({ count: 4, imageSize: 64, centerRange: [16, 48], sizeRange: [6, 16] });
    expect(big.shape).toEqual([4, 64, 64, 3]);
  });

  it('shapeImages', () => {
    const xs = shapeImages(generateShapes({ count: 4, seed: SHAPE_EVAL_SEED }));
    expect(xs.shape).toEqual([4, 32, 32, 3]);
    xs.dispose();
  });

  it('shapeEpochOrder', () => {
    expect(shapeEpochOrder(5, { seed: 1, epoch: 0 })).toEqual(new Uint32Array([3, 2, 1, 0, 4]));
  });

  it('shapeDataset', async () => {
    const batches = await shapeDataset({ count: 70, seed: SHAPE_TRAIN_SEED }).toArray();
    expect(batches.map((b) => b.xs.shape)).toEqual([
      [32, 32, 32, 3],
      [32, 32, 32, 3],
      [6, 32, 32, 3],
    ]);
    tf.dispose(batches);
  });

  it('shapeDataset trains an autoencoder with fitDataset, leaking no tensors', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [32, 32, 3] }),
        tf.layers.dense({ units: 4 }),
        tf.layers.dense({ units: 32 * 32 * 3, activation: 'sigmoid' }),
        tf.layers.reshape({ targetShape: [32, 32, 3] }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
    const dataset = shapeDataset({ count: 64, batchSize: 16, shuffle: true });
    // The first fit creates Adam's moment estimates (2 per weight); count from there.
    await model.fitDataset(dataset, { epochs: 1, verbose: 0 });
    const before = tf.memory().numTensors;
    const history = await model.fitDataset(dataset, { epochs: 2, verbose: 0 });
    expect(history.history.loss).toHaveLength(2);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
