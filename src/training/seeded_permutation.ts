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

/** mulberry32 (Tommy Ettinger): a small 32-bit generator of floats in [0, 1). */
function mulberry32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
