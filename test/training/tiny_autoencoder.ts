import * as tf from '@tensorflow/tfjs';

import { streamSeed } from '../../src/random';
import { codePenalty } from '../../src/layers';

/**
 * A two-layer dense autoencoder, 4 -> 2 -> 4, small enough for training
 * tests to run in milliseconds, with optional L1 / L2 penalty on the code.
 */
export function tinyAutoencoder(
  options: { seed?: number; l1?: number; l2?: number } = {},
): tf.LayersModel {
  const { seed = 1, l1, l2 } = options;
  const input = tf.input({ shape: [4] });
  let code = tf.layers
    .dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: streamSeed(seed, 'tiny-encoder') }) })
    .apply(input) as tf.SymbolicTensor;
  if (l1 !== undefined || l2 !== undefined) code = codePenalty({ l1, l2 }).apply(code) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: streamSeed(seed, 'tiny-decoder') }) })
    .apply(code) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

/** 16 samples of 4 features on a 2-d subspace plus a little structure, deterministic. */
export function tinyData(count = 16): tf.Tensor2D {
  const values: number[][] = [];
  for (let i = 0; i < count; i++) {
    const a = Math.sin(i * 1.3);
    const b = Math.cos(i * 0.7);
    values.push([a, b, a + b, a - 0.5 * b]);
  }
  return tf.tensor2d(values);
}

/** All weights of a model as plain numbers, for exact comparisons. */
export function weightValues(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync() as Float32Array));
}

/** Largest absolute difference between two weight lists of the same shapes. */
export function maxDifference(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((values, i) => values.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i][j])))));
  return worst;
}
