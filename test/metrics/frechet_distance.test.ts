import * as tf from '@tensorflow/tfjs';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';

import { featureGaussian, fitGaussian, frechetDistance } from '../../src';
import { gaussianMatrix, randomRotation, uniformGenerator } from './helpers';

/** Rows of `mean + L e`, e standard normal: N samples of N(mean, L Lᵀ). */
function gaussianSamples(count: number, mean: number[], factor: Matrix, seed: number): number[][] {
  const noise = gaussianMatrix(count, mean.length, seed);
  return noise.mmul(factor.transpose()).addRowVector(mean).to2DArray();
}

/** Q diag(values) Qᵀ. */
function rotated(values: number[], rotation: Matrix): Matrix {
  return rotation.mmul(Matrix.diag(values)).mmul(rotation.transpose());
}

/**
 * tr(P^½) for P = S_a S_b, by the coupled Newton-Schulz iteration on P
 * itself (Higham, "Functions of Matrices", 2008, eq. 6.35): no
 * eigendecomposition, no symmetric rewrite. P is scaled by its Frobenius norm
 * so that its eigenvalues lie in [0, 1], where the iteration converges;
 * components of P at rounding level stay near 0 for the few dozen
 * iterations it takes.
 */
function traceSqrtNewtonSchulz(product: Matrix): number {
  const n = product.rows;
  const scale = product.norm('frobenius');
  let y = product.clone().div(scale);
  let z = Matrix.eye(n);
  let previous = Number.NaN;
  for (let k = 0; k < 100; k++) {
    const half = Matrix.eye(n).mul(3).sub(z.mmul(y)).div(2);
    y = y.mmul(half);
    z = half.mmul(z);
    const trace = y.trace() * Math.sqrt(scale);
    if (Math.abs(trace - previous) <= 1e-14 * trace) return trace;
    previous = trace;
  }
  throw new Error('Newton-Schulz did not converge');
}

/** Mean and unbiased covariance by plain loops, independent of ml-matrix's reductions. */
function plainMoments(rows: number[][]): { mean: number[]; covariance: Matrix } {
  const n = rows.length;
  const dim = rows[0].length;
  const mean = Array.from({ length: dim }, (_, j) => rows.reduce((total, row) => total + row[j], 0) / n);
  const covariance = new Matrix(dim, dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      let total = 0;
      for (const row of rows) total += (row[i] - mean[i]) * (row[j] - mean[j]);
      covariance.set(i, j, total / (n - 1));
    }
  }
  return { mean, covariance };
}

/** The distance with the square root by Newton-Schulz. */
function referenceDistance(a: number[][], b: number[][]): number {
  const first = plainMoments(a);
  const second = plainMoments(b);
  const meanTerm = first.mean.reduce((total, value, i) => total + (value - second.mean[i]) ** 2, 0);
  const cross = traceSqrtNewtonSchulz(first.covariance.mmul(second.covariance));
  return meanTerm + first.covariance.trace() + second.covariance.trace() - 2 * cross;
}

/** Feature vectors with a random anisotropic covariance: Gaussian rows times a random matrix, plus an offset. */
function randomFeatures(count: number, dim: number, seed: number): number[][] {
  const uniform = uniformGenerator(seed);
  const mix = gaussianMatrix(dim, dim, seed + 1000).mul(0.5).add(Matrix.diag(Array.from({ length: dim }, () => 0.2 + 2 * uniform())));
  const offset = Array.from({ length: dim }, () => uniform() - 0.5);
  return gaussianMatrix(count, dim, seed).mmul(mix).addRowVector(offset).to2DArray();
}

describe('frechetDistance', () => {
  it('matches the closed form for diagonal covariances: ‖Δμ‖² + Σ (√a_i - √b_i)²', () => {
    const a = { mean: [1, -2, 0.5], covariance: Matrix.diag([4, 1, 0.25]) };
    const b = { mean: [0, 1, 0.5], covariance: Matrix.diag([1, 9, 0.25]) };
    // 1 + 9 + 0 + (2 - 1)² + (1 - 3)² + 0 = 15.
    expect(frechetDistance(a, b)).toBeCloseTo(15, 12);
  });

  it('matches the closed form for commuting non-diagonal covariances (the same eigenvectors)', () => {
    // S_a = Q diag(a) Qᵀ, S_b = Q diag(b) Qᵀ: the distance is that of the diagonal pair.
    const rotation = randomRotation(4, 5);
    const [a, b] = [[4, 1, 9, 0.5], [1, 4, 1, 2]];
    const expected = 0.25 + a.reduce((total, value, i) => total + (Math.sqrt(value) - Math.sqrt(b[i])) ** 2, 0);
    const distance = frechetDistance(
      { mean: [0.5, 0, 0, 0], covariance: rotated(a, rotation) },
      { mean: [0, 0, 0, 0], covariance: rotated(b, rotation) },
    );
    expect(distance).toBeCloseTo(expected, 12);
  });

  it('matches a hand-computed 2 x 2 pair whose covariances do not commute', () => {
    // For 2 x 2 P with eigenvalues λ1, λ2 >= 0: tr(P^½) = √λ1 + √λ2 = √(tr P + 2 √det P).
    // S_a = [[2, 1], [1, 2]], S_b = diag(1, 4): S_a S_b = [[2, 4], [1, 8]], trace 10, det 3 · 4 = 12.
    // Distance = ‖(1, 2)‖² + 4 + 5 - 2 √(10 + 4 √3).
    const expected = 5 + 9 - 2 * Math.sqrt(10 + 4 * Math.sqrt(3));
    const a = { mean: [0, 0], covariance: [[2, 1], [1, 2]] };
    const b = { mean: [1, 2], covariance: [[1, 0], [0, 4]] };
    expect(frechetDistance(a, b)).toBeCloseTo(expected, 12);
    expect(frechetDistance(b, a)).toBeCloseTo(expected, 12);
  });

  it('is 0 to rounding for a set against itself, and symmetric in a and b', () => {
    const a = randomFeatures(200, 12, 1);
    const b = randomFeatures(150, 12, 2);
    expect(frechetDistance(a, a)).toBeLessThan(1e-10);
    // A singular covariance too: 5 vectors in 12 dimensions.
    expect(frechetDistance(a.slice(0, 5), a.slice(0, 5))).toBeLessThan(1e-6);
    const ab = frechetDistance(a, b);
    expect(Math.abs(ab - frechetDistance(b, a)) / ab).toBeLessThan(1e-12);
  });

  it('converges to the closed form on samples of known Gaussians', () => {
    // The 2 x 2 pair above, drawn 200,000 times each; L the Cholesky factors.
    // The standard error is about 0.025, mostly from the mean term:
    // 2 √(Δμᵀ (S_a + S_b) Δμ / N) = 2 √(31 / 200,000).
    const expected = 5 + 9 - 2 * Math.sqrt(10 + 4 * Math.sqrt(3)); // 5.7718…
    const factorA = new Matrix([[Math.SQRT2, 0], [1 / Math.SQRT2, Math.sqrt(1.5)]]);
    const factorB = Matrix.diag([1, 2]);
    const a = gaussianSamples(200_000, [0, 0], factorA, 11);
    const b = gaussianSamples(200_000, [1, 2], factorB, 12);
    expect(Math.abs(frechetDistance(a, b) - expected)).toBeLessThan(0.1);
    // Few samples are further off: the estimate converges as N grows.
    const small = Math.abs(frechetDistance(a.slice(0, 50), b.slice(0, 50)) - expected);
    expect(small).toBeGreaterThan(Math.abs(frechetDistance(a, b) - expected));
  });

  it('agrees with a Newton-Schulz square root of S_a S_b on random pairs (dims 5 to 64, one rank-deficient)', () => {
    // Full rank: the two agree to rounding. Rank-deficient: S_a has 16 null
    // directions whose eigenvalues come out at rounding level (~1e-16 of the
    // largest); the eigendecomposition takes their square roots (~1e-8 each),
    // which the iteration, stopped at convergence, leaves near 0 (measured: 8e-9).
    const cases = [
      { dim: 5, rows: [40, 60], tolerance: 1e-12 },
      { dim: 17, rows: [100, 80], tolerance: 1e-12 },
      { dim: 32, rows: [200, 150], tolerance: 1e-12 },
      { dim: 64, rows: [300, 400], tolerance: 1e-12 },
      { dim: 40, rows: [25, 120], tolerance: 3e-8 }, // S_a has rank 24 of 40
    ];
    cases.forEach(({ dim, rows, tolerance }, i) => {
      const a = randomFeatures(rows[0], dim, 10 * i + 1);
      const b = randomFeatures(rows[1], dim, 10 * i + 2);
      const expected = referenceDistance(a, b);
      const relative = Math.abs(frechetDistance(a, b) - expected) / expected;
      expect(relative, `dim ${dim}, rows ${rows}`).toBeLessThan(tolerance);
    });
  });

  it('reads every codes form, and fitted moments, to the same value without leaking tensors', () => {
    const a = randomFeatures(30, 6, 21);
    const b = randomFeatures(40, 6, 22);
    const expected = frechetDistance(a, b);
    const before = tf.memory().numTensors;
    const tensor = tf.tensor2d(a);
    expect(frechetDistance(tensor, { data: Float64Array.from(b.flat()), dim: 6 })).toBeCloseTo(expected, 4);
    tensor.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(frechetDistance(new Matrix(a), featureGaussian(b))).toBeCloseTo(expected, 12);
    expect(frechetDistance(fitGaussian(a), b)).toBeCloseTo(expected, 12);
  });
});

describe('featureGaussian', () => {
  it('fits the mean, the unbiased covariance and the count', () => {
    const fitted = featureGaussian([[0, 0], [2, 4], [4, 2]]);
    expect(Array.from(fitted.mean)).toEqual([2, 2]);
    // Centred rows (-2, -2), (0, 2), (2, 0); sums of products / (3 - 1).
    expect(fitted.covariance.to2DArray()).toEqual([[4, 2], [2, 4]]);
    expect(fitted.count).toBe(3);
  });

  it('refuses fewer than 2 rows and non-finite values, naming the argument', () => {
    expect(() => featureGaussian([[1, 2]])).toThrow(
      '`features` must have at least 2 feature vectors (rows) to estimate a covariance, but got 1',
    );
    expect(() => featureGaussian([[1, 2], [3, Infinity]], 'test')).toThrow(
      '`test` must contain only finite values, but row 1, column 1 is Infinity',
    );
  });
});

describe('frechetDistance errors', () => {
  const two = [[0, 0], [1, 1]];

  it('names the set with too few rows', () => {
    expect(() => frechetDistance([[1, 2]], two)).toThrow(
      '`a` must have at least 2 feature vectors (rows) to estimate a covariance, but got 1',
    );
    expect(() => frechetDistance(two, { data: [1, 2], dim: 2 })).toThrow(
      '`b` must have at least 2 feature vectors (rows) to estimate a covariance, but got 1',
    );
  });

  it('refuses mismatched dimensions', () => {
    expect(() => frechetDistance(two, [[0, 0, 0], [1, 1, 1]])).toThrow(
      '`a` and `b` must have the same dimension, but `a` has 2 and `b` has 3',
    );
  });

  it('names the non-finite entry', () => {
    expect(() => frechetDistance(two, [[0, 0], [Number.NaN, 1]])).toThrow(
      '`b` must contain only finite values, but row 1, column 0 is NaN',
    );
    expect(() => frechetDistance({ mean: [0, Infinity], covariance: [[1, 0], [0, 1]] }, two)).toThrow(
      '`a.mean` must contain only finite values, but entry 1 is Infinity',
    );
  });

  it('checks moments: a non-empty mean, a square covariance of its size, symmetric', () => {
    expect(() => frechetDistance({ mean: [], covariance: [] }, two)).toThrow(
      '`a.mean` must be a non-empty array of numbers, but got []',
    );
    expect(() => frechetDistance(two, { mean: [0, 0], covariance: [[1, 0, 0], [0, 1, 0]] })).toThrow(
      '`b.covariance` must be 2 x 2 to match `b.mean`, but got 2 x 3',
    );
    expect(() => frechetDistance(two, { mean: [0, 0], covariance: [[1, 0.5], [0, 1]] })).toThrow(
      '`b.covariance` must be symmetric, but entry (1, 0) is 0 and entry (0, 1) is 0.5',
    );
  });
});
