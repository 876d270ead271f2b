/**
 * The workload of `npm run bench:browser`, run alike in Chromium (bundled by
 * page.ts) and in Node: Adam steps of the IRMAE shape autoencoder (l = 2,
 * latent 32, batch 16) on whatever tfjs backend is active.
 */
import * as tf from '@tensorflow/tfjs';
import { createShapeAutoencoder, generateShapes, SHAPE_TRAIN_SEED, shapeImages } from 'irmae';

export const BATCH = 16;

/** Training speed on the active backend. */
export interface Throughput {
  backend: string;
  imagesPerSecond: number;
  steps: number;
  seconds: number;
  /** The last step's loss, to show the backend computed something real. */
  loss: number;
}

/**
 * Times `steps` training steps after `warmup` untimed ones (kernel
 * compilation, shader caches), reading the loss back each step as a training
 * loop does.
 */
export async function trainingThroughput(steps: number, warmup = 3): Promise<Throughput> {
  const { model } = createShapeAutoencoder({ latentDim: 32, irmLayers: 2, seed: 1 });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  const batches = 8;
  const xs = shapeImages(generateShapes({ count: batches * BATCH, seed: SHAPE_TRAIN_SEED }));
  const step = async (i: number) => {
    const x = xs.slice((i % batches) * BATCH, BATCH);
    const loss = (await model.trainOnBatch(x, x)) as number;
    x.dispose();
    return loss;
  };
  for (let i = 0; i < warmup; i++) await step(i);
  const start = performance.now();
  let loss = NaN;
  for (let i = 0; i < steps; i++) loss = await step(i);
  const seconds = (performance.now() - start) / 1000;
  xs.dispose();
  model.optimizer.dispose();
  model.dispose();
  return { backend: tf.getBackend(), imagesPerSecond: (steps * BATCH) / seconds, steps, seconds, loss };
}
