import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import '../../src/node';
import { latestCheckpoint, restoreCheckpoint } from '../../src/checkpoints';
import { trainAutoencoder } from '../../src/training';
import { tinyAutoencoder, tinyData, weightValues } from '../training/tiny_autoencoder';

describe('latestCheckpoint and restoreCheckpoint', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'irmae-latest-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('orders checkpoints by their number of epochs, not as text', async () => {
    const dir = join(scratch, 'names');
    // As text, 'epoch-999' sorts after 'epoch-1000'.
    for (const name of ['epoch-999', 'epoch-1000', 'epoch-0002', 'not-a-checkpoint']) await mkdir(join(dir, name), { recursive: true });
    expect(await latestCheckpoint(dir)).toBe(join(dir, 'epoch-1000'));
    expect(await latestCheckpoint(join(scratch, 'missing'))).toBeUndefined();
  });

  it('restores the trained weights into an uncompiled model, as for inference, leaking no tensors', async () => {
    const dir = join(scratch, 'run');
    const data = tinyData();
    const trained = tinyAutoencoder();
    await trainAutoencoder(trained, data, { epochs: 2, batchSize: 4, seed: 1, progress: 'none', checkpointDir: dir });
    const checkpoint = await latestCheckpoint(dir);
    expect(checkpoint).toBe(join(dir, 'epoch-0002'));

    const fresh = tinyAutoencoder({ seed: 2 });
    const before = tf.memory().numTensors;
    const state = await restoreCheckpoint(fresh, checkpoint!);
    expect(tf.memory().numTensors).toBe(before);
    expect(state.epochsDone).toBe(2);
    // Weights written as float32 and read back: equal to the bit.
    expect(weightValues(fresh)).toEqual(weightValues(trained));
    tf.dispose(data);
    trained.dispose();
    fresh.dispose();
  });
});
