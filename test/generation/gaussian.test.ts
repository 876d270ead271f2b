import * as tf from '@tensorflow/tfjs';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';

import { fitGaussian, latentCovariance, sampleGaussian } from '../../src';
import { expectAllClose, gaussianMatrix, randomRotation } from '../metrics/helpers';

/** Codes with a known mean and covariance: mean + G · diag(scales) · Rᵀ. */
function correlatedCodes(count: number, scales: number[], mean: number[], seed: number): Matrix {
  const dim = scales.length;
  const rotation = randomRotation(dim, seed + 1);
  const codes = gaussianMatrix(count, dim, seed).mmul(Matrix.diag(scales)).mmul(rotation.transpose());
  return codes.addRowVector(mean);
}

describe('fitGaussian', () => {
  it('returns the sample mean and the N - 1 covariance (hand-computed)', () => {
    const model = fitGaussian([[0, 0], [2, 4], [4, 2]]);
    // mean (2, 2); centred rows (-2, -2), (0, 2), (2, 0): scatter [[8, 4], [4, 8]], / 2.
    expectAllClose(model.mean, [2, 2], 1e-12);
    expect(model.covariance.to2DArray()).toEqual([[4, 2], [2, 4]]);
  });

  it('reads a tensor without leaking and names bad input', () => {
    const before = tf.memory().numTensors;
    const codes = tf.tensor2d([[0, 0], [2, 4]]);
    expectAllClose(fitGaussian(codes).mean, [1, 2], 1e-7);
    codes.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => fitGaussian([[1, 2]])).toThrow('`codes` must have at least 2 samples (rows) to estimate a covariance, but got 1');
    expect(() => fitGaussian([[1, NaN], [0, 0]])).toThrow('row 0, column 1 is NaN');
  });
});

describe('sampleGaussian', () => {
  const codes = correlatedCodes(2000, [3, 1, 0.5, 0.1], [1, -2, 0.5, 4], 11);
  const model = fitGaussian(codes);
  const count = 40_000;
  const samples = sampleGaussian(model, count, { seed: 5 });

  it('has the fitted mean within sampling error', () => {
    expect(samples.count).toBe(count);
    expect(samples.dim).toBe(4);
    const sampleMean = new Matrix([Array.from(fitGaussian(samples).mean)]);
    for (let j = 0; j < 4; j++) {
      // Standard error of a mean: sqrt(variance / count); allow 4 of them.
      const standardError = Math.sqrt(model.covariance.get(j, j) / count);
      expect(Math.abs(sampleMean.get(0, j) - model.mean[j])).toBeLessThan(4 * standardError);
    }
  });

  it('has the fitted covariance within sampling error', () => {
    const sampleCovariance = latentCovariance(samples);
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        // Var of a Gaussian sample covariance entry: (Σ_ab² + Σ_aa Σ_bb) / count; allow 4 standard errors.
        const s = model.covariance;
        const standardError = Math.sqrt((s.get(a, b) ** 2 + s.get(a, a) * s.get(b, b)) / count);
        expect(Math.abs(sampleCovariance.get(a, b) - s.get(a, b))).toBeLessThan(4 * standardError);
      }
    }
  });

  it('is reproducible by seed and differs between seeds', () => {
    expect(sampleGaussian(model, 10, { seed: 5 }).data).toEqual(samples.data.slice(0, 40));
    expect(sampleGaussian(model, 10, { seed: 6 }).data).not.toEqual(samples.data.slice(0, 40));
  });

  it('samples a singular (rank-1) Gaussian exactly on its line', () => {
    // Codes on the line (1, 2) + s (3, -1): the covariance has rank 1.
    const line = Array.from({ length: 50 }, (_, i) => [1 + 3 * (i / 10), 2 - i / 10]);
    const drawn = sampleGaussian(fitGaussian(line), 200, { seed: 1 });
    for (let i = 0; i < drawn.count; i++) {
      const [u, v] = [drawn.data[2 * i] - 1, drawn.data[2 * i + 1] - 2];
      // Perpendicular component to (3, -1) is zero up to float32 rounding.
      expect(Math.abs(u * 1 + v * 3) / Math.hypot(1, 3)).toBeLessThan(1e-5 * (1 + Math.hypot(u, v)));
    }
    expect(new Set(Array.from(drawn.data)).size).toBeGreaterThan(100);
  });

  it('checks its arguments', () => {
    expect(() => sampleGaussian(model, -1)).toThrow('`count` must be a non-negative integer, but got -1');
    expect(() => sampleGaussian(model, 1, { seed: 1.5 })).toThrow('`seed` must be an integer in [0, 2^32 - 1], but got 1.5');
    expect(() => sampleGaussian({ mean: new Float64Array(3), covariance: Matrix.eye(2) }, 1)).toThrow(
      '`model.covariance` must be 3 x 3 (the mean\'s length), but got 2 x 2',
    );
  });
});
