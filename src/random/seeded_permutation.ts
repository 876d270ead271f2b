import { CounterStream } from './counter_stream';
import { streamSeed } from './stream_seed';

/**
 * A uniformly random permutation of 0 .. count - 1 (Fisher and Yates;
 * Durstenfeld, CACM 1964) drawn from the {@link CounterStream} of `key`:
 * step i (i = count - 1 .. 1) swaps position i with position
 * `integerBelow(i, i + 1)`. The library's one shuffle.
 *
 * @param count Number of items, a non-negative integer (not checked: callers
 *   validate their own argument names).
 * @param key Key of the stream, usually from {@link streamSeed}.
 * @returns The positions 0 .. count - 1 in shuffled order.
 * @example
 * ```ts
 * seededPermutation(5, streamSeed(1, 'shuffle', 0)); // => Uint32Array [ 3, 2, 1, 0, 4 ]
 * ```
 * @category Random
 */
export function seededPermutation(count: number, key: number): Uint32Array {
  const stream = new CounterStream(key);
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

/**
 * The visiting order of epoch `epoch` of a run seeded with `seed`: the
 * permutation of the stream `streamSeed(seed, 'shuffle', epoch)`. Used by
 * {@link shapeEpochOrder} and by {@link trainAutoencoder}'s shuffle, so a
 * resumed run needs no earlier epoch to rebuild its order.
 *
 * @internal
 */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  return seededPermutation(count, streamSeed(seed, 'shuffle', epoch));
}
