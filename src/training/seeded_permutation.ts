import { mulberry32 } from '../random/mulberry32';

/**
 * A permutation of 0..n-1 that depends only on `seed` and `epoch`, so the
 * batches of an epoch are the same whether or not training was interrupted
 * and resumed before it (Fisher-Yates driven by mulberry32).
 *
 * @param n Number of samples.
 * @param seed Seed of the run.
 * @param epoch Epoch index.
 * @returns The permuted indices.
 */
export function seededPermutation(n: number, seed: number, epoch: number): Int32Array {
  const next = mulberry32(Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b));
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}
