import { epochOrder } from '../random/seeded_permutation';
import { assertIntegerIn, assertSeed } from '../internal/assert_args';

/**
 * The order in which {@link shapeDataset} visits its images in one epoch when
 * it shuffles: a uniformly random permutation of 0 .. count - 1 (Fisher and
 * Yates; Durstenfeld, CACM 1964) drawn from the stream
 * `streamSeed(seed, 'shuffle', epoch)` (see {@link seededPermutation}), so
 * epoch k's order is the same on every run and platform and needs no earlier
 * epoch.
 *
 * @param count Number of images, a non-negative integer below 2^32.
 * @param options `seed` (unsigned 32-bit, default 0) and `epoch` (a
 *   non-negative integer below 2^32, default 0).
 * @returns The positions 0 .. count - 1 in visiting order.
 * @throws Error naming `count`, `seed` or `epoch` when it is not an integer in
 *   range.
 * @example
 * ```ts
 * shapeEpochOrder(5, { seed: 1, epoch: 0 }); // => Uint32Array [ 3, 2, 1, 0, 4 ]
 * ```
 * @category Datasets
 */
export function shapeEpochOrder(
  count: number,
  { seed = 0, epoch = 0 }: { seed?: number; epoch?: number } = {},
): Uint32Array {
  assertIntegerIn(count, 'count', 0, 4294967295, 'a non-negative integer below 2^32');
  assertSeed(seed, 'seed');
  assertIntegerIn(epoch, 'epoch', 0, 4294967295, 'an integer in [0, 2^32 - 1]');
  return epochOrder(count, seed, epoch);
}
