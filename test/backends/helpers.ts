import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Deterministic values in [-1, 1) from a linear congruential generator, so both backends see the same data. */
export function pseudoRandom(count: number, seed: number): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 31 - 1;
  }
  return values;
}

/** Runs `compute` with `backend` active and returns its outputs as plain arrays, disposing every tensor. */
export async function onBackend(backend: string, compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(compute);
  const values = await Promise.all(outputs.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(outputs);
  return values;
}

/**
 * Asserts `actual` equals `expected` to `tolerance` relative to the largest
 * magnitude in `expected` (float32 sums taken in another order differ by a few
 * ulps of the largest terms, not of each element).
 */
export function expectRelativeClose(actual: Float32Array, expected: Float32Array, tolerance: number, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let scale = 0;
  for (const value of expected) scale = Math.max(scale, Math.abs(value));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst / Math.max(scale, 1e-30), `${label}: max error ${worst} of scale ${scale}`).toBeLessThanOrEqual(tolerance);
}
