import { checkInteger } from './check_args';
import { CounterStream, mix32, streamKey } from './counter_random';

/**
 * Keeps shuffle streams apart from image streams, so that a shuffle seed equal
 * to an image seed does not reuse the image draws.
 */
const SHUFFLE_DOMAIN = 0x5eed5407;

/**
 * The order in which {@link shapeDataset} visits its images in one epoch when
 * it shuffles: a uniformly random permutation of 0 .. count - 1 (Fisher and
 * Yates; Durstenfeld, CACM 1964) drawn from the counter-based stream of
 * (`seed`, `epoch`), so epoch k's order is the same on every run and platform
 * and needs no earlier epoch.
 *
 * @param count Number of images, a non-negative integer below 2^32.
 * @param options `seed` (unsigned 32-bit, default 0) and `epoch` (a
 *   non-negative integer below 2^32, default 0).
 * @returns The positions 0 .. count - 1 in visiting order.
 * @throws Error naming `count`, `seed` or `epoch` when it is not an integer in
 *   range.
 * @example
 * ```ts
 * shapeEpochOrder(5, { seed: 1, epoch: 0 }); // => Uint32Array [ 0, 4, 3, 1, 2 ]
 * ```
 * @category Datasets
 */
export function shapeEpochOrder(
  count: number,
  { seed = 0, epoch = 0 }: { seed?: number; epoch?: number } = {},
): Uint32Array {
  checkInteger(count, 'count', 0, 4294967295, 'a non-negative integer below 2^32');
  checkInteger(seed, 'seed', 0, 4294967295, 'an integer in [0, 2^32 - 1]');
  checkInteger(epoch, 'epoch', 0, 4294967295, 'an integer in [0, 2^32 - 1]');
  const stream = new CounterStream(streamKey(mix32(seed ^ SHUFFLE_DOMAIN), epoch));
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = stream.integerBelow(i, i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}
