import * as tf from '@tensorflow/tfjs';
import { Matrix } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { CovarianceAccumulator, effectiveRank, latentSpectrum, numericalRank } from '../../src/metrics';
import { CODES, COVARIANCE_SINGULAR_VALUES, EFFECTIVE_RANK, SPECTRUM_MAX, SPECTRUM_SUM } from './fixtures';
import { expectAllClose, gaussianMatrix, randomRotation } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('latentSpectrum', () => {
  it('matches NumPy under each normalization (fixtures.ts)', () => {
    expectAllClose(latentSpectrum(CODES), SPECTRUM_MAX, 1e-12);
    expectAllClose(latentSpectrum(CODES, { normalize: 'sum' }), SPECTRUM_SUM, 1e-12);
    expectAllClose(latentSpectrum(CODES, { normalize: 'none' }), COVARIANCE_SINGULAR_VALUES, 1e-12);
  });

  it('reads a CovarianceAccumulator fed in batches as the whole code matrix (NumPy, fixtures.ts)', () => {
    const accumulator = new CovarianceAccumulator();
    for (let start = 0; start < CODES.length; start += 3) accumulator.add(CODES.slice(start, start + 3));
    expectAllClose(latentSpectrum(accumulator), SPECTRUM_MAX, 1e-12);
    expectAllClose(latentSpectrum(accumulator, { normalize: 'none' }), COVARIANCE_SINGULAR_VALUES, 1e-12);
    expectAllClose(latentSpectrum(accumulator, { center: false }), latentSpectrum(CODES, { center: false }), 1e-12);
  });

  it('composes with effectiveRank to the NumPy value (fixtures.ts)', () => {
    expect(effectiveRank(latentSpectrum(CODES))).toBeCloseTo(EFFECTIVE_RANK, 12);
  });

  it('is [1, 0.25] for the corners of a 2 x 1 rectangle (variances 4/3 and 1/3)', () => {
    expectAllClose(latentSpectrum([[0, 0], [2, 0], [0, 1], [2, 1]]), [1, 0.25], 1e-15);
    // exp(-(0.8 ln 0.8 + 0.2 ln 0.2)), from NumPy: 1.6493848884661177
    expect(effectiveRank(latentSpectrum([[0, 0], [2, 0], [0, 1], [2, 1]]))).toBeCloseTo(
      1.6493848884661177,
      12,
    );
  });

  it('has exactly k non-zero values for rank-k codes', () => {
    // 300 codes in 16 dimensions that span a 5-dimensional subspace.
    const codes = gaussianMatrix(300, 5, 10).mmul(gaussianMatrix(5, 16, 11));
    const spectrum = latentSpectrum(codes);
    for (let i = 0; i < 5; i++) expect(spectrum[i]).toBeGreaterThan(1e-3);
    for (let i = 5; i < 16; i++) expect(spectrum[i]).toBeLessThan(1e-9);
    expect(numericalRank(latentSpectrum(codes, { normalize: 'none' }))).toBe(5);
  });

  it('is unchanged, once normalised, when the codes are scaled', () => {
    const codes = gaussianMatrix(200, 8, 12);
    for (const normalize of ['max', 'sum'] as const) {
      const scaled = latentSpectrum(codes.clone().mul(-37.5), { normalize });
      expectAllClose(scaled, latentSpectrum(codes, { normalize }), 1e-9);
      expect(effectiveRank(scaled)).toBeCloseTo(effectiveRank(latentSpectrum(codes, { normalize })), 9);
    }
  });

  it('is unchanged when the codes are rotated', () => {
    const codes = gaussianMatrix(200, 8, 13).mul(3).addRowVector([1, 2, 3, 4, 5, 6, 7, 8]);
    const rotated = codes.mmul(randomRotation(8, 14));
    const spectrum = latentSpectrum(codes, { normalize: 'none' });
    expectAllClose(latentSpectrum(rotated, { normalize: 'none' }), spectrum, 1e-9 * spectrum[0]);
  });

  it('is all zeros, never NaN, for constant codes under every normalization', () => {
    for (const normalize of ['max', 'sum', 'none'] as const) {
      expect(Array.from(latentSpectrum(Matrix.zeros(10, 4), { normalize }))).toEqual([0, 0, 0, 0]);
      expect(Array.from(latentSpectrum(Matrix.ones(10, 3).mul(7), { normalize }))).toEqual([0, 0, 0]);
    }
    expect(effectiveRank(latentSpectrum(Matrix.zeros(10, 4)))).toBe(0);
  });

  it('reads tensors without leaking any', () => {
    const tensor = tf.tensor2d(CODES);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) expectAllClose(latentSpectrum(tensor), SPECTRUM_MAX, 1e-6);
    expect(tf.memory().numTensors).toBe(before);
    tensor.dispose();
  });

  it('rejects an unknown normalization and too few samples', () => {
    expect(() => latentSpectrum(CODES, { normalize: 'l2' as never })).toThrow(
      "`normalize` must be 'max', 'sum' or 'none', but got \"l2\"",
    );
    expect(() => latentSpectrum([[1, 2]])).toThrow(
      '`codes` must have at least 2 samples (rows) to estimate a covariance, but got 1',
    );
  });
});
