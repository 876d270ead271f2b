import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// File-system checkpoints come with the Node entry.
import '../../src/node';
import { SHAPE_TRAIN_SEED, shapeDataset } from '../../src/datasets';
import { createShapeAutoencoder } from '../../src/presets';
import { trainAutoencoder } from '../../src/training';
import { maxDifference, weightValues } from './tiny_autoencoder';

let scratch: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'irmae-shape-resume-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('resuming on a shuffled shape dataset', () => {
  it('ends with the weights of an uninterrupted run when the dataset is built per epoch', async () => {
    // The documented recipe: a factory of the epoch, so epoch e is shuffled
    // by (seed, e) whether or not the run was interrupted before it.
    const data = (epoch: number) =>
      shapeDataset({ count: 8, batchSize: 4, seed: SHAPE_TRAIN_SEED, shuffle: true, firstEpoch: epoch });
    const build = () => createShapeAutoencoder({ irmLayers: 2, width: 4, seed: 9 }).model;
    const options = { epochs: 3, progress: 'none' as const, learningRate: 1e-3 };

    const straight = build();
    await trainAutoencoder(straight, data, options);

    const dir = join(scratch, 'run');
    const controller = new AbortController();
    const interrupted = build();
    await trainAutoencoder(interrupted, data, {
      ...options,
      checkpointDir: dir,
      signal: controller.signal,
      callbacks: { onEpochBegin: (epoch) => void (epoch === 1 && controller.abort()) },
    });
    const resumed = build();
    const history = await trainAutoencoder(resumed, data, { ...options, checkpointDir: dir, resume: true });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(maxDifference(weightValues(resumed), weightValues(straight))).toBe(0);
  });
});
