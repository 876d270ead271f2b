import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useWasmTraining } from '../../src/backends';
import '../../src/node';
import { generateShapes } from '../../src/datasets';
import { createVae } from '../../src/presets';
import { trainAutoencoder } from '../../src/training';

let scratch: string;
beforeAll(async () => {
  await useWasmTraining();
  scratch = await mkdtemp(join(tmpdir(), 'irmae-vae-resume-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const weights = (model: tf.LayersModel) => model.getWeights().flatMap((w) => Array.from(w.dataSync()));

describe('trainAutoencoder: a VAE that resumes', () => {
  it('draws the noise an uninterrupted run draws, so it ends with the same weights', async () => {
    const { images, shape } = generateShapes({ count: 8, seed: 4 });
    const xs = tf.tensor4d(images, shape);
    const options = { epochs: 2, batchSize: 4, learningRate: 1e-3, seed: 3, progress: 'none' as const, log: false as const };
    const straight = createVae({ data: 'shapes', latentDim: 4, seed: 2 });
    await trainAutoencoder(straight.model, xs, options);
    expect(straight.sampler.draws).toBe(4); // 2 epochs x 2 batches

    const dir = join(scratch, 'run');
    const first = createVae({ data: 'shapes', latentDim: 4, seed: 2 });
    await trainAutoencoder(first.model, xs, { ...options, epochs: 1, checkpointDir: dir });
    // A new process builds the model anew, its sampler at draw 0.
    const resumed = createVae({ data: 'shapes', latentDim: 4, seed: 2 });
    await trainAutoencoder(resumed.model, xs, { ...options, checkpointDir: dir, resume: true });
    expect(resumed.sampler.draws).toBe(4);
    expect(weights(resumed.model)).toEqual(weights(straight.model));
    xs.dispose();
  });
});
