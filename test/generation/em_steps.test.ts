import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';

import { invertLower, mahalanobisNorms } from '../../src/generation/gaussian_log_density';
import { weightedScatter } from '../../src/generation/weighted_scatter';
import { expectAllClose, gaussianMatrix, uniformGenerator } from '../metrics/helpers';

// 21 rows: two full passes of eight and a last one of five.
const ROWS = 21;
const DIM = 5;
const x = Float64Array.from(gaussianMatrix(ROWS, DIM, 4).to1DArray());
const mean = Float64Array.from([0.5, -1, 0, 2, 0.25]);

function sameBits(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => expect(Object.is(value, expected[i]), `entry ${i}: ${value} vs ${expected[i]}`).toBe(true));
}

describe('mahalanobisNorms', () => {
  const factor = gaussianMatrix(DIM, DIM, 5);
  const covariance = factor.mmul(factor.transpose()).add(Matrix.eye(DIM));
  const inverse = invertLower(new CholeskyDecomposition(covariance).lowerTriangularMatrix);

  it('is (x - μ)ᵀ Σ⁻¹ (x - μ) of every row', () => {
    const sigmaInverse = new CholeskyDecomposition(covariance).solve(Matrix.eye(DIM));
    const expected = Array.from({ length: ROWS }, (_, i) => {
      const centred = Matrix.rowVector(Array.from({ length: DIM }, (_, j) => x[i * DIM + j] - mean[j]));
      return centred.mmul(sigmaInverse).mmul(centred.transpose()).get(0, 0);
    });
    expectAllClose(mahalanobisNorms(x, ROWS, mean, inverse), expected, 1e-10);
  });

  it('sums each row in the order of a one-row loop, to the bit', () => {
    const expected = new Float64Array(ROWS);
    for (let i = 0; i < ROWS; i++) {
      for (let r = 0; r < DIM; r++) {
        let y = 0;
        for (let c = 0; c <= r; c++) y += inverse[r * DIM + c] * (x[i * DIM + c] - mean[c]);
        expected[i] += y * y;
      }
    }
    sameBits(mahalanobisNorms(x, ROWS, mean, inverse), expected);
  });

  it('inverts a lower-triangular matrix', () => {
    const lower = new Matrix([[2, 0, 0], [1, 4, 0], [-3, 0.5, 1]]);
    const inverse3 = new Matrix(3, 3);
    invertLower(lower).forEach((value, i) => inverse3.set(Math.floor(i / 3), i % 3, value));
    expectAllClose(lower.mmul(inverse3).to1DArray(), Matrix.eye(3).to1DArray(), 1e-15);
  });
});

describe('weightedScatter', () => {
  // Two columns of weights, interleaved, as the mixture's responsibilities; zeros skip their rows.
  const uniform = uniformGenerator(6);
  const weights = Float64Array.from({ length: 2 * ROWS }, (_, i) => (i % 7 === 3 ? 0 : uniform()));

  it('is Σ w_i (x_i - μ)(x_i - μ)ᵀ on and below the diagonal, 0 above', () => {
    const centred = new Matrix(ROWS, DIM);
    for (let i = 0; i < ROWS; i++) for (let j = 0; j < DIM; j++) centred.set(i, j, x[i * DIM + j] - mean[j]);
    const weighted = centred.clone();
    for (let i = 0; i < ROWS; i++) for (let j = 0; j < DIM; j++) weighted.set(i, j, weighted.get(i, j) * weights[i * 2 + 1]);
    const full = weighted.transpose().mmul(centred);
    const expected = full.to1DArray().map((value, i) => (i % DIM <= Math.floor(i / DIM) ? value : 0));
    expectAllClose(weightedScatter(x, mean, weights, 2, 1), expected, 1e-12);
  });

  it('sums each entry in the order of a one-row loop, to the bit', () => {
    const expected = new Float64Array(DIM * DIM);
    for (let i = 0; i < ROWS; i++) {
      const weight = weights[i * 2];
      if (weight === 0) continue;
      for (let a = 0; a < DIM; a++) {
        for (let b = 0; b <= a; b++) expected[a * DIM + b] += weight * (x[i * DIM + a] - mean[a]) * (x[i * DIM + b] - mean[b]);
      }
    }
    sameBits(weightedScatter(x, mean, weights, 2, 0), expected);
  });
});
