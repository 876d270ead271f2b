/**
 * Plain float64 matrix helpers: the independent implementation the layer's
 * float32 tensor results are compared against.
 */
import { expect } from 'vitest';

export type Matrix = number[][];

/** Row-major product of an [r, k] and a [k, c] matrix. */
export function matMul64(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0].map((_, j) => row.reduce((sum, aik, k) => sum + aik * b[k][j], 0)));
}

export function transpose64(a: Matrix): Matrix {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

export function identity64(size: number): Matrix {
  return Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (i === j ? 1 : 0)));
}

/** Adds `bias` to every row of `a`. */
export function addRow64(a: Matrix, bias: number[]): Matrix {
  return a.map((row) => row.map((v, j) => v + bias[j]));
}

export function add64(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((v, j) => v + b[i][j]));
}

/** The product of `matrices` left to right; the identity of `size` when empty. */
export function chain64(matrices: Matrix[], size: number): Matrix {
  return matrices.reduce((acc, m) => matMul64(acc, m), identity64(size));
}

/** Asserts equal shapes, then every entry within `tol`. */
export function expectMatrixClose(actual: Matrix, expected: Matrix, tol: number): void {
  expect(`${actual.length}x${actual[0]?.length}`).toBe(`${expected.length}x${expected[0]?.length}`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    for (let j = 0; j < expected[0].length; j++) {
      worst = Math.max(worst, Math.abs(actual[i][j] - expected[i][j]));
    }
  }
  expect(worst).toBeLessThan(tol);
}
