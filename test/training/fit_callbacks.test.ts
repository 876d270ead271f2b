import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import '../../src/node';
import { checkpointCallback } from '../../src/checkpoints';
import { NonFiniteLossError, stopOnNonFiniteLoss } from '../../src/training';
import { maxDifference, tinyAutoencoder, tinyData, weightValues } from './tiny_autoencoder';

let scratch: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'irmae-fit-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function compiled(): tf.LayersModel {
  const model = tinyAutoencoder({ seed: 4 });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  return model;
}

const FIT = { batchSize: 4, shuffle: false, verbose: 0 } as const;

describe('checkpointCallback with model.fit', () => {
  it('resumes an interrupted model.fit to the weights of an uninterrupted one, bit for bit', async () => {
    const data = tinyData(16);
    const straight = compiled();
    await straight.fit(data, data, { ...FIT, epochs: 4 });

    const dir = join(scratch, 'resume');
    const first = compiled();
    const checkpoints = checkpointCallback(dir, { keepCheckpoints: 2 });
    expect(await checkpoints.resume(first)).toBe(0);
    await first.fit(data, data, { ...FIT, epochs: 2, callbacks: [checkpoints] });
    expect(await readdir(dir)).toEqual(['epoch-0001', 'epoch-0002']);

    const second = compiled();
    const again = checkpointCallback(dir, { keepCheckpoints: 2 });
    const initialEpoch = await again.resume(second);
    expect(initialEpoch).toBe(2);
    expect(maxDifference(weightValues(second), weightValues(first))).toBe(0);
    await second.fit(data, data, { ...FIT, epochs: 4, initialEpoch, callbacks: [again] });
    expect(maxDifference(weightValues(second), weightValues(straight))).toBe(0);
    // The logs of all four epochs, the restored two included.
    const state = JSON.parse(await readFile(join(dir, 'epoch-0004', 'training.json'), 'utf8'));
    expect(state.epochsDone).toBe(4);
    expect(state.history.epoch).toEqual([0, 1, 2, 3]);
    expect(state.history.loss).toHaveLength(4);
    expect(state.history.loss.every((loss: unknown) => typeof loss === 'number' && loss > 0)).toBe(true);
  });

  it('rejects a bad keepCheckpoints by name', () => {
    expect(() => checkpointCallback(scratch, { keepCheckpoints: 0 })).toThrow(
      '`keepCheckpoints` must be a positive integer, but got 0',
    );
  });
});

describe('stopOnNonFiniteLoss with model.fit', () => {
  it('throws NonFiniteLossError naming the epoch, the batch and the newest checkpoint', async () => {
    const clean = tinyData(8);
    const poisoned = clean.add(tf.tensor2d([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, Number.NaN, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]));
    const model = compiled();
    const dir = join(scratch, 'nan');
    const checkpoints = checkpointCallback(dir);
    await model.fit(clean, clean, { ...FIT, epochs: 1, callbacks: [checkpoints] });
    const run = model.fit(poisoned, poisoned, {
      ...FIT,
      epochs: 3,
      initialEpoch: 1,
      callbacks: [checkpoints, stopOnNonFiniteLoss({ checkpoints })],
    });
    // Samples 4-7 form batch 1 (0-based) of epoch 1, the first poisoned epoch.
    await expect(run).rejects.toThrow(
      `Training stopped: the loss became NaN in epoch 2, batch 2 (0-based epoch 1, batch 1); the update of this batch was applied, and the last good checkpoint is kept at ${join(dir, 'epoch-0001')}.`,
    );
    await expect(run).rejects.toBeInstanceOf(NonFiniteLossError);
  });
});

describe("tfjs's Adam internals that checkpoints rely on", () => {
  it('keeps its bias-correction state in accBeta1 / accBeta2 variables (checkpoint.ts reads them)', () => {
    // checkpoint.ts recomputes these after a restore so that resumed runs are
    // bit-identical; if a tfjs release renames them, resuming silently loses
    // that property. This test makes the rename loud.
    const adam = tf.train.adam(0.1);
    const x = tf.variable(tf.scalar(1));
    adam.minimize(() => x.square() as tf.Scalar);
    const internals = adam as unknown as { accBeta1?: unknown; accBeta2?: unknown };
    expect(internals.accBeta1, 'AdamOptimizer.accBeta1 is no longer a tf.Variable').toBeInstanceOf(tf.Variable);
    expect(internals.accBeta2, 'AdamOptimizer.accBeta2 is no longer a tf.Variable').toBeInstanceOf(tf.Variable);
    // After one step they hold beta^2 (tfjs multiplies once more per step, starting from beta).
    expect((internals.accBeta1 as tf.Variable).dataSync()[0]).toBeCloseTo(0.9 ** 2, 6);
    adam.dispose();
    x.dispose();
  });
});
