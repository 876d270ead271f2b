/**
 * The library's one random generator. Counter-based: every draw is a pure
 * function of (key, draw number), so any image, shuffle or weight stream can
 * be computed on its own, in any order, on any thread. Only 32-bit integer
 * operations (`Math.imul`, shifts, xor) and exact divisions by powers of two
 * are used, so a stream is bit-identical on every JavaScript engine and
 * platform.
 *
 * The mixer is the 32-bit finaliser "lowbias32" (Chris Wellons, "Prospecting
 * for Hash Functions", 2018), a bijection on 32-bit integers; the draws follow
 * the splitmix construction (Steele, Lea and Flood, OOPSLA 2014): the mixer
 * applied to a Weyl sequence `key + (n + 1) * golden`.
 */

/** 2^32 / golden ratio, the Weyl increment of splitmix. */
const GOLDEN = 0x9e3779b9;
const TWO_POW_32 = 4294967296;
const TWO_POW_24 = 16777216;

/**
 * lowbias32: a bijective avalanche mix of a 32-bit integer, returned unsigned.
 *
 * @internal
 */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * The key of child `data` of `key`, as JAX's `random.fold_in`:
 * `mix32(mix32(key) ^ data)`. For a fixed key, distinct `data` below 2^32
 * give distinct children (both steps are bijections); for different keys the
 * children are unrelated hashes, never shifted copies of each other.
 *
 * @param key Unsigned 32-bit key.
 * @param data Unsigned 32-bit integer folded into it.
 * @returns The child key, unsigned 32-bit.
 * @internal
 */
export function foldIn(key: number, data: number): number {
  return mix32(mix32(key) ^ data);
}

/**
 * The draws of one stream: draw `n` (0, 1, 2, ...) is a pure function of the
 * key and `n`, so draws can be taken in any order or skipped. Keys come from
 * {@link streamSeed}.
 *
 * @example
 * ```ts
 * const stream = new CounterStream(streamSeed(7, 'my-noise'));
 * stream.unit(0); // a number in [0, 1), the same on every platform
 * stream.integerBelow(1, 6); // an integer in 0 .. 5
 * ```
 * @category Random
 */
export class CounterStream {
  /** @param key Unsigned 32-bit key of the stream. */
  constructor(readonly key: number) {}

  /** Draw `n` as an unsigned 32-bit integer. */
  uint32(n: number): number {
    return mix32((this.key + Math.imul(n + 1, GOLDEN)) | 0);
  }

  /**
   * Draw `n` as an integer uniform in [0, bound), by the multiply-shift map
   * floor(u * bound / 2^32), with a bias below bound / 2^32 (under 1e-8 for
   * image factors). The product is exact in doubles for bound <= 2^21;
   * beyond (long shuffles) IEEE 754 rounds it the same way everywhere and
   * the result stays below bound.
   */
  integerBelow(n: number, bound: number): number {
    return Math.floor((this.uint32(n) * bound) / TWO_POW_32);
  }

  /**
   * Draw `n` as a number uniform in [0, 1) on the 2^24 grid (its top 24
   * bits): exactly representable in float32, so a pixel holds exactly the
   * colour recorded in the factors.
   */
  unit(n: number): number {
    return (this.uint32(n) >>> 8) / TWO_POW_24;
  }
}
