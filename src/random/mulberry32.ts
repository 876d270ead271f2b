/**
 * mulberry32 (Tommy Ettinger): a small, fast 32-bit generator of floats in
 * [0, 1). Integer arithmetic only, so a seed gives the same stream on every
 * platform; enough for shuffles and test data, not for cryptography.
 *
 * @param seed Any number; only its low 32 bits are used.
 * @returns A function returning the next float in [0, 1) on each call.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
