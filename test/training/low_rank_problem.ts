import * as tf from '@tensorflow/tfjs';

import { implicitRankMinimizer, type ImplicitRankMinimizer } from '../../src/layers';
import { CounterStream, streamSeed } from '../../src/random';

/** Input size, latent factors and code size of the problem. */
export const FEATURES = 16;
export const FACTORS = 2;
export const CODE = 8;

/**
 * `count` samples x = tanh(z A) of a 2-factor generator embedded in 16
 * features: z uniform in [-1, 1]^2, A a fixed 2 x 16 matrix with entries
 * uniform in [-1.5, 1.5]. The data lie on a 2-d curved sheet, so a good
 * code needs about 2 directions.
 */
export function lowRankData(count: number, seed = 1): tf.Tensor2D {
  const stream = new CounterStream(streamSeed(seed, 'low-rank-data'));
  let draw = 0;
  const uniform = () => 2 * stream.unit(draw++) - 1;
  const A = Array.from({ length: FACTORS }, () => Array.from({ length: FEATURES }, () => 1.5 * uniform()));
  const rows = Array.from({ length: count }, () => {
    const z = Array.from({ length: FACTORS }, uniform);
    return A[0].map((_, j) => Math.tanh(z.reduce((sum, zi, i) => sum + zi * A[i][j], 0)));
  });
  return tf.tensor2d(rows);
}

/**
 * A dense autoencoder 16 -> 32 (relu) -> 8 -> n linear maps -> 32 (relu) -> 16,
 * every weight seeded, compiled with Adam 3e-3 and MSE.
 */
export function denseAutoencoder(n: number, seed = 1): { model: tf.Sequential; irm: ImplicitRankMinimizer } {
  const init = (purpose: string) => tf.initializers.glorotUniform({ seed: streamSeed(seed, purpose) });
  const irm = implicitRankMinimizer(n, CODE, { seed });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [FEATURES], units: 32, activation: 'relu', kernelInitializer: init('encoder-1') }),
      tf.layers.dense({ units: CODE, kernelInitializer: init('encoder-2') }),
      irm,
      tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: init('decoder-1') }),
      tf.layers.dense({ units: FEATURES, kernelInitializer: init('decoder-2') }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(3e-3), loss: 'meanSquaredError' });
  return { model, irm };
}
