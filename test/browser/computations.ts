/**
 * Computations run twice, in Node and in Chromium (bundled into the page by
 * page.ts), so that the browser test can compare the two. Each sets up what
 * it needs, returns plain numbers and disposes its tensors.
 */
import * as tf from '@tensorflow/tfjs';
import {
  createShapeAutoencoder,
  effectiveRank,
  generateShapes,
  implicitRankMinimizer,
  latentSpectrumAsync,
  mnistFeatures,
  mnistFrechetDistance,
  shapeImages,
  trainAutoencoder,
  type MnistFeatureNetwork,
} from 'irmae';

/** Deterministic codes: 64 samples in 8 dimensions, spanning 3 of them plus a small tail. */
function codes(): tf.Tensor2D {
  const rows: number[][] = [];
  for (let i = 0; i < 64; i++) {
    const [a, b, c] = [Math.sin(i * 1.3), Math.cos(i * 0.7), Math.sin(i * 0.31 + 1)];
    rows.push([a, b, c, a + b, b - c, 0.5 * a, 1e-3 * Math.cos(i), 2 * c + a]);
  }
  return tf.tensor2d(rows);
}

/** The layer's output: IRMAE l = 2 on dim 8, seeded, applied to the codes. */
export async function layerOutput(): Promise<number[]> {
  const layer = implicitRankMinimizer(2, 8, { seed: 3 });
  const input = codes();
  const output = layer.apply(input) as tf.Tensor2D;
  const values = Array.from(await output.data());
  tf.dispose([input, output]);
  layer.dispose();
  return values;
}

/** The normalised latent spectrum of the codes and its effective rank, read without blocking. */
export async function spectrum(): Promise<{ spectrum: number[]; effectiveRank: number }> {
  const input = codes();
  const values = await latentSpectrumAsync(input);
  input.dispose();
  return { spectrum: Array.from(values), effectiveRank: effectiveRank(values) };
}

/**
 * One Adam step of the shape autoencoder (IRMAE l = 2, seeded) on 16 shape
 * images, batch 16, and the names of the kernels it ran.
 */
export async function trainingStep(): Promise<{ loss: number; weightSums: number[]; kernels: string[] }> {
  const { model } = createShapeAutoencoder({ irmLayers: 2, seed: 5 });
  const xs = shapeImages(generateShapes({ count: 16, seed: 11 }));
  let loss = NaN;
  const profile = await tf.profile(async () => {
    const history = await trainAutoencoder(model, xs, {
      epochs: 1,
      batchSize: 16,
      learningRate: 1e-3,
      shuffle: false,
      progress: 'none',
    });
    loss = history.loss[0];
  });
  const weightSums = await sums(model);
  xs.dispose();
  model.optimizer.dispose(); // trainAutoencoder's Adam: the model does not own it
  model.dispose();
  return { loss, weightSums, kernels: profile.kernelNames };
}

/** The sum of each weight of a model. */
async function sums(model: tf.LayersModel): Promise<number[]> {
  const totals = tf.tidy(() => model.getWeights().map((weight) => weight.sum()));
  const values = await Promise.all(totals.map(async (total) => (await total.data())[0]));
  tf.dispose(totals);
  return values;
}

/**
 * Browser only: trains a small dense autoencoder 2 epochs with checkpoints in
 * IndexedDB, resumes it to 3 epochs, and compares it with a run of 3 epochs
 * that was never interrupted.
 *
 * @returns The checkpoints stored after the first run, the resumed run's
 *   epochs, and the largest weight difference from the uninterrupted run.
 */
export async function indexedDbResume(): Promise<{ stored: string[]; epochs: number[]; maxDifference: number }> {
  const dir = 'indexeddb://irmae-resume-test';
  const data = codes();
  const options = { batchSize: 16, learningRate: 0.01, shuffle: false, progress: 'none' as const };
  const straight = denseAutoencoder();
  await trainAutoencoder(straight, data, { ...options, epochs: 3 });
  await trainAutoencoder(denseAutoencoder(), data, { ...options, epochs: 2, checkpointDir: dir });
  const stored = Object.keys(await tf.io.listModels()).filter((url) => url.startsWith(`${dir}/`));
  const resumed = denseAutoencoder();
  const history = await trainAutoencoder(resumed, data, { ...options, epochs: 3, checkpointDir: dir, resume: true });
  const differences = tf.tidy(() =>
    straight.getWeights().map((weight, i) => weight.sub(resumed.getWeights()[i]).abs().max()),
  );
  const maxDifference = Math.max(...(await Promise.all(differences.map(async (d) => (await d.data())[0]))));
  tf.dispose([data, ...differences]);
  return { stored, epochs: history.epoch, maxDifference };
}

/** 8 -> 3 -> 8 dense layers, seeded. */
function denseAutoencoder(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [8], units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 8, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

/**
 * 64 rings of different centres and radii, 32 x 32 in [0, 1], digit-like
 * enough to give the feature network something to see: their features in
 * the pinned MNIST feature network (the first 4 of each), their Fréchet
 * distance to the MNIST test digits, and the tensors left over (0).
 */
export function digitMeasures(network: MnistFeatureNetwork): {
  sha256: string;
  testAccuracy: number;
  features: number[];
  distance: number;
  leaked: number;
} {
  const images = new Float32Array(64 * 1024);
  for (let i = 0; i < 64; i++) {
    const [cy, cx, radius] = [14 + (i % 5), 13 + (i % 7), 5 + (i % 6)];
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const distance = Math.hypot(y - cy, x - cx);
        images[i * 1024 + y * 32 + x] = Math.exp(-((distance - radius) ** 2) / 2);
      }
    }
  }
  const before = tf.memory().numTensors;
  const { data, dim } = mnistFeatures(network, images);
  const distance = mnistFrechetDistance(network, { images, count: 64 });
  const features = Array.from({ length: 64 }, (_, i) => Array.from(data.subarray(i * dim, i * dim + 4))).flat();
  return { sha256: network.sha256, testAccuracy: network.record.testAccuracy, features, distance, leaked: tf.memory().numTensors - before };
}
