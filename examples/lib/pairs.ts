/**
 * The evaluation-image pairs of Figure 3, chosen by seed: the same seed gives
 * the same pairs on every machine.
 */

/** mulberry32: a small 32-bit generator, enough to pick indices reproducibly. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks `count` pairs of distinct indices in [0, size), no index used twice.
 *
 * @throws When 2 * count exceeds size.
 */
export function choosePairs(size: number, count: number, seed: number): Array<[number, number]> {
  if (2 * count > size) throw new Error(`\`count\` pairs need ${2 * count} distinct images, but the set has ${size}`);
  const random = mulberry32(seed);
  const chosen = new Set<number>();
  const picks: number[] = [];
  while (picks.length < 2 * count) {
    const index = Math.floor(random() * size);
    if (!chosen.has(index)) {
      chosen.add(index);
      picks.push(index);
    }
  }
  return Array.from({ length: count }, (_, i) => [picks[2 * i], picks[2 * i + 1]]);
}
