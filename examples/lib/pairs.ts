/**
 * The evaluation-image pairs of Figure 3, chosen by seed: the same seed gives
 * the same pairs on every machine.
 */
import { seededPermutation, streamSeed } from 'irmae';

/**
 * Picks `count` pairs of distinct indices in [0, size), no index used twice:
 * the first 2 * count entries of the permutation of stream
 * `streamSeed(seed, 'figure3-pairs')`.
 *
 * @throws When 2 * count exceeds size.
 */
export function choosePairs(size: number, count: number, seed: number): Array<[number, number]> {
  if (2 * count > size) throw new Error(`\`count\` pairs need ${2 * count} distinct images, but the set has ${size}`);
  const order = seededPermutation(size, streamSeed(seed, 'figure3-pairs'));
  return Array.from({ length: count }, (_, i) => [order[2 * i], order[2 * i + 1]]);
}
