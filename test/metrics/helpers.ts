import { Matrix, QrDecomposition } from 'ml-matrix';
import { expect } from 'vitest';

import { CounterStream, streamSeed } from '../../src/random';

/** Seeded uniform generator in [0, 1): draws 0, 1, 2, ... of the library's stream, so property tests are reproducible. */
export function uniformGenerator(seed: number): () => number {
  const stream = new CounterStream(streamSeed(seed, 'test-uniform'));
  let draw = 0;
  return () => stream.unit(draw++);
}

/** A rows x columns matrix of standard normal entries (Box-Muller). */
export function gaussianMatrix(rows: number, columns: number, seed: number): Matrix {
  const uniform = uniformGenerator(seed);
  const matrix = new Matrix(rows, columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
      matrix.set(i, j, radius * Math.cos(2 * Math.PI * uniform()));
    }
  }
  return matrix;
}

/** A random dim x dim orthogonal matrix: the Q factor of a Gaussian matrix. */
export function randomRotation(dim: number, seed: number): Matrix {
  return new QrDecomposition(gaussianMatrix(dim, dim, seed)).orthogonalMatrix;
}

/** Same length, then every entry within `tolerance` (absolute). */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `entry ${i}: ${actual[i]} vs ${expected[i]}`)
      .toBeLessThanOrEqual(tolerance);
  }
}

/** Same shape, then every entry within `tolerance` times the largest expected magnitude. */
export function expectMatrixClose(actual: Matrix, expected: Matrix, tolerance: number): void {
  expect([actual.rows, actual.columns]).toEqual([expected.rows, expected.columns]);
  const scale = Math.max(expected.max(), -expected.min());
  expectAllClose(actual.to1DArray(), expected.to1DArray(), tolerance * scale);
}
