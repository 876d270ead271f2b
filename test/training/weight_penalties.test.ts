import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { implicitRankMinimizer } from '../../src/layers';
import { nuclearNormRegularizer } from '../../src/regularizers';
import { autoencoderObjective } from '../../src/training/autoencoder_objective';
import { trainAutoencoder } from '../../src/training';
import { maxDifference, tinyData, weightValues } from './tiny_autoencoder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const quiet = { progress: 'none' as const };

// y = x W with W 2 x 2 (an ImplicitRankMinimizer with n = 1), its kernel
// penalized by lambda * ||W||_*. Loss per batch of B samples:
// sum_b sum_j (y_bj - x_bj)^2 / (2B) + lambda * ||W||_*.
const X = [
  [1, 0.5],
  [-0.5, 2],
  [0.3, -1],
  [2, 1],
];
const W0 = [
  [0.5, -0.2],
  [0.1, 0.3],
];
const lambda = 0.1;
const learningRate = 0.01;

/**
 * ||W||_* and U V^T of a 2 x 2 matrix in closed form: with cof(W) = det(W) W^-T
 * and s = sign(det W), ||W||_* = sqrt(||W||_F^2 + 2 |det W|) and
 * U V^T = (W + s cof(W)) / ||W||_*.
 */
function nuclear2x2(W: number[][]): { value: number; polar: number[][] } {
  const [[a, b], [c, d]] = W;
  const det = a * d - b * c;
  const value = Math.sqrt(a * a + b * b + c * c + d * d + 2 * Math.abs(det));
  const s = Math.sign(det);
  return { value, polar: [[(a + s * d) / value, (b - s * c) / value], [(c - s * b) / value, (d + s * a) / value]] };
}

function lossAndGradient(W: number[][]): { loss: number; reconstruction: number; grad: number[][] } {
  const B = X.length;
  const { value, polar } = nuclear2x2(W);
  let reconstruction = 0;
  const grad = polar.map((row) => row.map((q) => lambda * q));
  for (const x of X) {
    const y = [x[0] * W[0][0] + x[1] * W[1][0], x[0] * W[0][1] + x[1] * W[1][1]];
    for (let j = 0; j < 2; j++) {
      reconstruction += (y[j] - x[j]) ** 2 / (2 * B);
      for (let i = 0; i < 2; i++) grad[i][j] += (x[i] * (y[j] - x[j])) / B;
    }
  }
  return { loss: reconstruction + lambda * value, reconstruction, grad };
}

/** Adam as Kingma and Ba write it, with tfjs's defaults (beta1 0.9, beta2 0.999, epsilon 1e-7). */
function adam(steps: number): { W: number[][]; losses: number[]; reconstructions: number[] } {
  const W = W0.map((row) => [...row]);
  const m = [
    [0, 0],
    [0, 0],
  ];
  const v = [
    [0, 0],
    [0, 0],
  ];
  const losses: number[] = [];
  const reconstructions: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const { loss, reconstruction, grad } = lossAndGradient(W);
    losses.push(loss);
    reconstructions.push(reconstruction);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        m[i][j] = 0.9 * m[i][j] + 0.1 * grad[i][j];
        v[i][j] = 0.999 * v[i][j] + 0.001 * grad[i][j] ** 2;
        const mHat = m[i][j] / (1 - 0.9 ** t);
        const vHat = v[i][j] / (1 - 0.999 ** t);
        W[i][j] -= (learningRate * mHat) / (Math.sqrt(vHat) + 1e-7);
      }
    }
  }
  return { W, losses, reconstructions };
}

function linearModel(method: 'svd' | 'newtonSchulz' = 'svd'): tf.LayersModel {
  const model = tf.sequential({
    layers: [implicitRankMinimizer(1, 2, { inputShape: [2], kernelRegularizer: nuclearNormRegularizer({ lambda, method }) })],
  });
  model.setWeights([tf.tensor2d(W0)]);
  return model;
}

describe('trainAutoencoder with a weight regularizer', () => {
  it('checks the closed form: ||diag(3, -4)||_* = 7 with U V^T = diag(1, -1)', () => {
    expect(nuclear2x2([[3, 0], [0, -4]])).toEqual({ value: 7, polar: [[1, 0], [0, -1]] });
  });

  it('adds lambda * ||W||_* to the training objective, not to the evaluation one', () => {
    const objective = autoencoderObjective(linearModel());
    const xs = tf.tensor2d(X);
    const expected = lossAndGradient(W0);
    tf.tidy(() => {
      const training = objective(xs, xs, true);
      expect(training.total.dataSync()[0]).toBeCloseTo(expected.loss, 6);
      expect(training.reconstruction.dataSync()[0]).toBeCloseTo(expected.reconstruction, 6);
      expect(objective(xs, xs, false).total.dataSync()[0]).toBeCloseTo(expected.reconstruction, 6);
    });
  });

  for (const method of ['svd', 'newtonSchulz'] as const) {
    it(`minimizes MSE plus the penalty with Adam, step by step as the closed form (${method})`, async () => {
      const model = linearModel(method);
      const xs = tf.tensor2d(X);
      const history = await trainAutoencoder(model, xs, {
        ...quiet,
        epochs: 3,
        batchSize: 4,
        learningRate,
        validationData: xs,
      });
      const expected = adam(3);
      history.loss.forEach((loss, i) => expect(loss).toBeCloseTo(expected.losses[i], 6));
      history.reconstructionLoss.forEach((loss, i) => expect(loss).toBeCloseTo(expected.reconstructions[i], 6));
      expect(maxDifference(weightValues(model), [expected.W.flat()])).toBeLessThan(1e-6);
      // The validation loss, after each epoch's update, is the MSE alone (as
      // model.evaluate's), at weights that carry the float32 rounding of the
      // updates (3e-7 after three): hence 5 digits.
      const after = adam(4).reconstructions.slice(1);
      history.val_loss!.forEach((loss, i) => expect(loss).toBeCloseTo(after[i], 5));
      // With the penalty it would be lambda * ||W||_* (about 0.09) higher.
      history.val_loss!.forEach((loss, i) => expect(adam(4).losses[i + 1] - loss).toBeGreaterThan(0.05));
    });
  }

  it('keeps tf.memory().numTensors flat across epochs', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 3, inputShape: [4] }),
        implicitRankMinimizer(2, 3, { kernelRegularizer: nuclearNormRegularizer({ lambda: 1e-2 }) }),
        tf.layers.dense({ units: 4 }),
      ],
    });
    const counts: number[] = [];
    await trainAutoencoder(model, tinyData(16), {
      ...quiet,
      epochs: 5,
      batchSize: 4,
      callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
    });
    expect(new Set(counts.slice(1)).size).toBe(1);
  });
});
