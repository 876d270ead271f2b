import { readFileSync } from 'node:fs';

import * as tf from '@tensorflow/tfjs';
import { Matrix } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';

import { NuclearNormRegularizer, nuclearNormRegularizer } from '../../src/regularizers';
import { gaussianMatrix, randomRotation, uniformGenerator } from '../metrics/helpers';
import { jacobiReference } from './jacobi_svd64';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A float32 weight and its shape. */
interface Weight {
  values: Float32Array;
  rows: number;
  cols: number;
}

function toWeight(matrix: Matrix): Weight {
  return { values: Float32Array.from(matrix.to1DArray()), rows: matrix.rows, cols: matrix.columns };
}

/** U diag(s) V^T with s log-spaced from 1 to 10^-decades, U and V random rotations. */
function illConditioned(n: number, decades: number, seed: number): Matrix {
  const s = Array.from({ length: n }, (_, i) => 10 ** ((-decades * i) / (n - 1)));
  return randomRotation(n, seed).mmul(Matrix.diag(s)).mmul(randomRotation(n, seed + 1).transpose());
}

/** A B with integer entries in [-4, 4] (A rows x rank, B rank x cols) over 8: exactly of that rank in float32. */
function integerLowRank(rows: number, cols: number, rank: number, seed: number): Matrix {
  const uniform = uniformGenerator(seed);
  const integers = (r: number, c: number) => Matrix.from1DArray(r, c, Array.from({ length: r * c }, () => Math.floor(9 * uniform()) - 4));
  return integers(rows, rank).mmul(integers(rank, cols)).div(8);
}

const CASES: Array<{ name: string; weight: Weight; rank?: number }> = [
  { name: 'Gaussian 48 x 48', weight: toWeight(gaussianMatrix(48, 48, 1)) },
  { name: 'Gaussian 40 x 24', weight: toWeight(gaussianMatrix(40, 24, 2)) },
  { name: 'Gaussian 24 x 40', weight: toWeight(gaussianMatrix(24, 40, 3)) },
  { name: 'ill-conditioned 48 x 48 (sigma from 1 to 1e-7)', weight: toWeight(illConditioned(48, 7, 4)) },
  { name: 'rank 5 of 32 x 32', weight: toWeight(integerLowRank(32, 32, 5, 6)), rank: 5 },
  { name: 'rank 3 of 20 x 36', weight: toWeight(integerLowRank(20, 36, 3, 7)), rank: 3 },
];

/** Value and gradient of `regularizer.apply` at the weight. */
function valueAndGradient(regularizer: NuclearNormRegularizer, weight: Weight): { value: number; gradient: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor2d(weight.values, [weight.rows, weight.cols]);
    const { value, grad } = tf.valueAndGrad((w: tf.Tensor) => regularizer.apply(w))(x);
    expect(grad.shape).toEqual([weight.rows, weight.cols]);
    return { value: value.dataSync()[0], gradient: grad.dataSync() as Float32Array };
  });
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

function sumOfSquares(a: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * a[i];
  return sum;
}

describe("NuclearNormRegularizer, method 'svd' (the default)", () => {
  it('gives the documented example: 0.5 * (4 + 3) and 0.5 * U V^T for [[3, 0], [0, -4]]', () => {
    // Singular values 4 and 3; U V^T = diag(sign) = [[1, 0], [0, -1]].
    const result = valueAndGradient(new NuclearNormRegularizer({ lambda: 0.5 }), {
      values: Float32Array.from([3, 0, 0, -4]),
      rows: 2,
      cols: 2,
    });
    expect(result.value).toBe(3.5);
    expect(Array.from(result.gradient)).toEqual([0.5, 0, 0, -0.5]);
  });

  // Tolerances: the library rounds its float64 results to float32 once, so
  // the value is within half an ulp, 2^-24 relative (2^-23 allowed), and each
  // entry of U V^T (all in [-1, 1]) within 2^-25 to 2^-24. The two float64
  // SVDs themselves differ by far less: below 1e-9 even at condition 1e7
  // (their error in U V^T grows like 2^-52 sigma_max / (sigma_i + sigma_j)).
  for (const { name, weight, rank } of CASES) {
    it(`matches a float64 Jacobi SVD on ${name}: value to 2^-23 relative, gradient U_r V_r^T to 1e-7`, () => {
      const reference = jacobiReference(weight.values, weight.rows, weight.cols);
      const { value, gradient } = valueAndGradient(nuclearNormRegularizer({ lambda: 1 }), weight);
      expect(Math.abs(value - reference.value) / reference.value).toBeLessThanOrEqual(2 ** -23);
      expect(maxAbsDifference(gradient, reference.polar)).toBeLessThanOrEqual(1e-7);
      // ||U_r V_r^T||_F^2 = r: full rank, or zero on the null spaces of a rank-deficient weight.
      const expectedRank = rank ?? Math.min(weight.rows, weight.cols);
      expect(reference.rank).toBe(expectedRank);
      expect(sumOfSquares(gradient)).toBeCloseTo(expectedRank, 4);
      if (rank !== undefined) {
        // Not a borderline cut: the zero singular values are float64 noise, the others far above it.
        const sorted = [...reference.sigma].sort((a, b) => b - a);
        expect(sorted[rank]).toBeLessThan(reference.tolerance / 10);
        expect(sorted[rank - 1]).toBeGreaterThan(1e6 * reference.tolerance);
      }
    });
  }

  it('has a condition number >= 1e6 in the ill-conditioned case, after rounding to float32', () => {
    const { sigma } = jacobiReference(CASES[3].weight.values, 48, 48);
    expect(Math.max(...sigma) / Math.min(...sigma)).toBeGreaterThan(1e6);
  });

  it('scales value and gradient with lambda', () => {
    const weight = CASES[0].weight;
    const one = valueAndGradient(nuclearNormRegularizer({ lambda: 1 }), weight);
    const scaled = valueAndGradient(nuclearNormRegularizer({ lambda: 0.25 }), weight);
    expect(scaled.value).toBe(one.value * 0.25);
    expect(Array.from(scaled.gradient)).toEqual(Array.from(one.gradient, (g) => g * 0.25));
  });

  it('gives 0 and a zero gradient for a zero matrix and for lambda = 0', () => {
    const zero = valueAndGradient(nuclearNormRegularizer({ lambda: 1 }), { values: new Float32Array(12), rows: 3, cols: 4 });
    expect(zero.value).toBe(0);
    expect(Array.from(zero.gradient)).toEqual(new Array(12).fill(0));
    const off = valueAndGradient(nuclearNormRegularizer({ lambda: 0 }), CASES[0].weight);
    expect(off.value).toBe(0);
    expect(Array.from(off.gradient).every((g) => g === 0)).toBe(true);
  });

  it('gives NaN, value and gradient, for a weight holding NaN or infinity', () => {
    for (const bad of [NaN, Infinity]) {
      const { value, gradient } = valueAndGradient(nuclearNormRegularizer({ lambda: 1 }), {
        values: Float32Array.from([1, 2, bad, 4]),
        rows: 2,
        cols: 2,
      });
      expect(value).toBeNaN();
      expect(Array.from(gradient).every(Number.isNaN)).toBe(true);
    }
  });

  it('leaves no tensors behind, forward and backward', () => {
    const x = tf.tensor2d(CASES[0].weight.values, [48, 48]);
    const regularizer = nuclearNormRegularizer({ lambda: 1 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { value, grad } = tf.valueAndGrad((w: tf.Tensor) => regularizer.apply(w))(x);
      tf.dispose([value, grad]);
      regularizer.apply(x).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

interface TorchCase {
  name: string;
  shape: [number, number];
  w: number[];
  value: number;
  grad: number[];
  singularValues: number[];
}

const torch = JSON.parse(readFileSync(new URL('./torch_nuclear_norm.json', import.meta.url), 'utf8')) as {
  torch: string;
  cases: TorchCase[];
};

describe("NuclearNormRegularizer against PyTorch's torch.linalg.norm(W, ord='nuc') (torch_nuclear_norm.py)", () => {
  for (const entry of torch.cases) {
    const fullRank = entry.singularValues.every((s) => s > 1e-12 * entry.singularValues[0]);
    it(`${entry.name}: ${fullRank ? 'the same value and gradient' : "the same value; the gradient is torch's without its null-space part"}`, () => {
      const [rows, cols] = entry.shape;
      // The fixture's matrices are float32 values, written exactly.
      const weight = { values: Float32Array.from(entry.w), rows, cols };
      expect(Array.from(weight.values)).toEqual(entry.w);
      const { value, gradient } = valueAndGradient(nuclearNormRegularizer({ lambda: 1 }), weight);
      expect(Math.abs(value - entry.value) / entry.value).toBeLessThanOrEqual(2 ** -23);
      if (fullRank) {
        // Same tolerance as against the Jacobi SVD: one float32 rounding of U V^T.
        expect(maxAbsDifference(gradient, entry.grad)).toBeLessThanOrEqual(1e-7);
        return;
      }
      // torch's backward gives U V^T with full square U and V: a null-space
      // basis chosen by LAPACK joins U_r V_r^T. Projecting it onto the
      // column space of W, (Q Q^T) G_torch with Q = U_r V_r^T ours, removes
      // that part and must give Q back; Q has Frobenius norm^2 r, torch's n.
      const q = new Matrix(Array.from({ length: rows }, (_, i) => Array.from(gradient.subarray(i * cols, (i + 1) * cols))));
      const projected = q.mmul(q.transpose()).mmul(Matrix.from1DArray(rows, cols, entry.grad));
      expect(maxAbsDifference(projected.to1DArray(), q.to1DArray())).toBeLessThanOrEqual(1e-6);
      expect(sumOfSquares(gradient)).toBeCloseTo(4, 4);
      expect(sumOfSquares(entry.grad)).toBeCloseTo(Math.min(rows, cols), 4);
    });
  }
});

/** The Newton-Schulz step on one singular value, x -> 1.5 x - 0.5 x^3, k times, in float64. */
function newtonSchulzMap(x: number, steps: number): number {
  let y = x;
  for (let k = 0; k < steps; k++) y = 1.5 * y - 0.5 * y ** 3;
  return y;
}

describe("NuclearNormRegularizer, method 'newtonSchulz'", () => {
  it('maps each singular value of a diagonal weight by the iterated step, as documented', () => {
    // diag(d): the iteration stays diagonal, Q = diag(sign(d) f_k(|d| / ||d||_F)).
    const d = [2, -1, 0.5, 1e-3, 1e-5, 0];
    const norm = Math.hypot(...d);
    const values = new Float32Array(36);
    d.forEach((di, i) => (values[i * 6 + i] = di));
    for (const iterations of [5, 30]) {
      const { value, gradient } = valueAndGradient(nuclearNormRegularizer({ lambda: 1, method: 'newtonSchulz', iterations }), {
        values,
        rows: 6,
        cols: 6,
      });
      const expected = new Float64Array(36);
      d.forEach((di, i) => (expected[i * 6 + i] = Math.sign(di) * newtonSchulzMap(Math.abs(Math.fround(di)) / norm, iterations)));
      // float32 arithmetic over the steps: each rounds relative to 2^-24.
      expect(maxAbsDifference(gradient, expected)).toBeLessThanOrEqual(2e-6);
      // The value is tr(Q^T W) = sum |d_i| f_k(|d_i| / ||d||_F).
      const expectedValue = d.reduce((sum, di, i) => sum + Math.abs(Math.fround(di)) * Math.abs(expected[i * 6 + i]), 0);
      expect(Math.abs(value - expectedValue) / expectedValue).toBeLessThanOrEqual(1e-6);
    }
  });

  // Measured accuracy of the documented approximation, against the Jacobi
  // reference; the bounds state what the iterations=30 default and 40 steps
  // achieve in float32 (see NuclearNormRegularizerArgs.iterations).
  it('matches the SVD on a Gaussian weight with the default 30 steps: value 1e-6, gradient 2e-6', () => {
    const weight = CASES[0].weight;
    const reference = jacobiReference(weight.values, weight.rows, weight.cols);
    const { value, gradient } = valueAndGradient(nuclearNormRegularizer({ lambda: 1, method: 'newtonSchulz' }), weight);
    expect(Math.abs(value - reference.value) / reference.value).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDifference(gradient, reference.polar)).toBeLessThanOrEqual(2e-6);
  });

  it('needs more steps for a condition number of 1e6: 40 steps give the gradient to 2e-3', () => {
    // sigma_min / ||W||_F is about 1e-7 here; 30 steps leave those directions short of 1.
    const weight = toWeight(illConditioned(48, 6, 4));
    const reference = jacobiReference(weight.values, weight.rows, weight.cols);
    const thirty = valueAndGradient(nuclearNormRegularizer({ lambda: 1, method: 'newtonSchulz' }), weight);
    const forty = valueAndGradient(nuclearNormRegularizer({ lambda: 1, method: 'newtonSchulz', iterations: 40 }), weight);
    expect(maxAbsDifference(thirty.gradient, reference.polar)).toBeGreaterThan(1e-2);
    expect(maxAbsDifference(forty.gradient, reference.polar)).toBeLessThanOrEqual(2e-3);
    for (const { value } of [thirty, forty]) expect(Math.abs(value - reference.value) / reference.value).toBeLessThanOrEqual(2e-5);
  });

  it('keeps a rank-deficient weight nearly zero on its null spaces with 30 steps (float32 noise grows 1.5x per step)', () => {
    const weight = CASES[4].weight;
    const reference = jacobiReference(weight.values, weight.rows, weight.cols);
    const { value, gradient } = valueAndGradient(nuclearNormRegularizer({ lambda: 1, method: 'newtonSchulz' }), weight);
    expect(Math.abs(value - reference.value) / reference.value).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDifference(gradient, reference.polar)).toBeLessThanOrEqual(1e-2);
  });

  it('gives 0 and a zero gradient for a zero matrix', () => {
    const { value, gradient } = valueAndGradient(nuclearNormRegularizer({ lambda: 1, method: 'newtonSchulz' }), {
      values: new Float32Array(6),
      rows: 2,
      cols: 3,
    });
    expect(value).toBe(0);
    expect(Array.from(gradient)).toEqual(new Array(6).fill(0));
  });

  it('leaves no tensors behind, forward and backward', () => {
    const x = tf.tensor2d(CASES[1].weight.values, [40, 24]);
    const regularizer = nuclearNormRegularizer({ lambda: 1, method: 'newtonSchulz', iterations: 5 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { value, grad } = tf.valueAndGrad((w: tf.Tensor) => regularizer.apply(w))(x);
      tf.dispose([value, grad]);
      regularizer.apply(x).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('NuclearNormRegularizer arguments', () => {
  it('rejects a negative or non-finite lambda, naming it', () => {
    for (const [lambda, shown] of [[-1, '-1'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], ['0.1', '"0.1"'], [undefined, 'undefined']] as const) {
      expect(() => nuclearNormRegularizer({ lambda } as never)).toThrow(
        `\`lambda\` must be a finite non-negative number, but got ${shown}`,
      );
    }
  });

  it('rejects an unknown method and bad iterations, naming them', () => {
    expect(() => nuclearNormRegularizer({ lambda: 1, method: 'eig' as never })).toThrow(
      "`method` must be one of 'svd', 'newtonSchulz', but got \"eig\"",
    );
    expect(() => nuclearNormRegularizer({ lambda: 1, method: 'newtonSchulz', iterations: 2.5 })).toThrow(
      '`iterations` must be a positive integer, but got 2.5',
    );
    expect(() => nuclearNormRegularizer({ lambda: 1, method: 'newtonSchulz', iterations: 0 })).toThrow(
      '`iterations` must be a positive integer, but got 0',
    );
    expect(() => nuclearNormRegularizer({ lambda: 1, iterations: 20 })).toThrow(
      "`iterations` applies to method 'newtonSchulz' only, but got 20 with method 'svd'",
    );
    expect(() => new NuclearNormRegularizer(undefined as never)).toThrow(
      '`args` must be an options object { lambda }, but got undefined',
    );
  });

  it('rejects a weight that is not a matrix, saying what came', () => {
    const regularizer = nuclearNormRegularizer({ lambda: 1 });
    expect(() => regularizer.apply(tf.zeros([16]))).toThrow(
      'NuclearNormRegularizer: `x`, the weight to penalize, must be a matrix (rank 2, such as a dense or ' +
        'ImplicitRankMinimizer kernel), but got a rank-1 weight of shape [16] (a bias?)',
    );
    expect(() => regularizer.apply(tf.zeros([3, 3, 1, 8]))).toThrow(
      'but got a rank-4 weight of shape [3,3,1,8] (a convolution kernel?)',
    );
    expect(() => regularizer.apply([[1, 2]] as never)).toThrow(
      'NuclearNormRegularizer: `x`, the weight to penalize, must be a tensor, but got [[1,2]]',
    );
  });

  it('reports a bias or a convolution kernel it was given to in a layer when the losses are computed', () => {
    const regularizer = nuclearNormRegularizer({ lambda: 1 });
    const dense = tf.layers.dense({ units: 16, inputShape: [4], biasRegularizer: regularizer });
    const conv = tf.layers.conv2d({ filters: 8, kernelSize: 3, inputShape: [8, 8, 1], kernelRegularizer: regularizer });
    tf.sequential({ layers: [dense] });
    tf.sequential({ layers: [conv] });
    expect(() => dense.losses[0]()).toThrow('but got a rank-1 weight of shape [16] (a bias?)');
    expect(() => conv.losses[0]()).toThrow('but got a rank-4 weight of shape [3,3,1,8] (a convolution kernel?)');
  });
});
