import * as tf from '@tensorflow/tfjs';
import { Matrix } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { latentCovariance } from '../../src/metrics';
import { CODES, COVARIANCE, SECOND_MOMENT } from './fixtures';
import { expectMatrixClose, gaussianMatrix } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('latentCovariance', () => {
  it('matches np.cov(X, rowvar=False) (fixtures.ts)', () => {
    expectMatrixClose(latentCovariance(CODES), new Matrix(COVARIANCE), 1e-12);
  });

  it('without centring gives Xᵀ X / (N - 1), pinned against NumPy (fixtures.ts)', () => {
    expectMatrixClose(latentCovariance(CODES, { center: false }), new Matrix(SECOND_MOMENT), 1e-12);
  });

  it('is the hand-computed [[2, 4], [4, 8]] for the two codes (0, 0) and (2, 4)', () => {
    expect(latentCovariance([[0, 0], [2, 4]]).to2DArray()).toEqual([[2, 4], [4, 8]]);
  });

  it('is exactly symmetric and does not modify its input', () => {
    const codes = gaussianMatrix(50, 7, 1);
    const copy = codes.clone();
    const covariance = latentCovariance(codes);
    expect(covariance.isSymmetric()).toBe(true);
    expect(codes.to2DArray()).toEqual(copy.to2DArray());
  });

  it('gives the same matrix for a tensor as for its values, and leaks no tensor', () => {
    const tensor = tf.tensor2d(CODES, undefined, 'float32');
    const expected = latentCovariance(tensor.arraySync());
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) expectMatrixClose(latentCovariance(tensor), expected, 0);
    expect(tf.memory().numTensors).toBe(before);
    tensor.dispose();
  });

  it('keeps full precision under a large common offset (two-pass)', () => {
    // Entries are multiples of 2^-10, so adding 1e6 is exact in float64 and
    // the shifted codes have exactly the same covariance.
    const codes = gaussianMatrix(500, 5, 2).mul(1024).round().div(1024);
    expectMatrixClose(latentCovariance(codes.clone().add(1e6)), latentCovariance(codes), 1e-9);
  });

  it('needs at least 2 samples, and says how many it got', () => {
    expect(() => latentCovariance([[1, 2, 3]])).toThrow(
      '`codes` must have at least 2 samples (rows) to estimate a covariance, but got 1',
    );
    expect(() => latentCovariance([])).toThrow('but got 0');
    expect(() => latentCovariance({ data: [], dim: 3 }, { center: false })).toThrow('but got 0');
  });

  it('names the first non-finite entry', () => {
    expect(() => latentCovariance([[1, 2], [3, NaN], [Infinity, 0]])).toThrow(
      '`codes` must contain only finite values, but row 1, column 1 is NaN',
    );
    expect(() => latentCovariance({ data: [1, 2, 3, -Infinity], dim: 2 })).toThrow(
      'row 1, column 1 is -Infinity',
    );
  });
});
