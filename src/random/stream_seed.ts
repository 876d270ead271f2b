import { assertSeed } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import { foldIn } from './counter_stream';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units of `purpose`: its 32-bit tag. */
function purposeTag(purpose: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < purpose.length; i++) hash = Math.imul(hash ^ purpose.charCodeAt(i), FNV_PRIME);
  return hash >>> 0;
}

/**
 * The seed of one random stream, derived from a run's `seed`, what the
 * stream is for (`purpose`) and which one of its kind it is (`index`) by
 * hashing, as JAX's `random.fold_in` and NumPy's `SeedSequence.spawn` do:
 * `foldIn(foldIn(seed, tag(purpose)), index)`, with `foldIn(k, d) =
 * lowbias32(lowbias32(k) xor d)` and `tag` the 32-bit FNV-1a hash of the
 * purpose. Never an offset such as `seed + index`, so the streams of seeds s
 * and s + 1 are unrelated: a sweep over seeds 1, 2, 3 trains independent
 * models. Every seeded stream of the library comes from here: kernel and
 * bias initialisers of the presets and of {@link ImplicitRankMinimizer},
 * epoch orders ({@link shapeEpochOrder}, {@link trainAutoencoder}'s shuffle).
 * The images of the shape data set are the streams `foldIn(seed, image)`
 * of the data set's own seed.
 *
 * The result is an unsigned 32-bit integer: the key of a {@link CounterStream},
 * or the `seed` of a tfjs initializer (`tf.initializers.glorotUniform({ seed })`).
 *
 * @param seed The run's seed, an integer in [0, 2^32 - 1].
 * @param purpose What the stream is for, e.g. `'shuffle'` or
 *   `'irm-kernel'`; any string, the library's own are listed above.
 * @param index Which stream of that purpose (layer, epoch, ...), an integer
 *   in [0, 2^32 - 1]. Default 0.
 * @returns The stream's seed, an integer in [0, 2^32 - 1].
 * @throws Error naming `seed`, `purpose` or `index` when out of range.
 * @example
 * ```ts
 * streamSeed(7, 'irm-kernel', 1); // => 261992989
 * streamSeed(8, 'irm-kernel', 0); // => 91477602, unrelated to seed 7's streams
 * tf.initializers.glorotUniform({ seed: streamSeed(7, 'my-layer') });
 * ```
 * @category Random
 */
export function streamSeed(seed: number, purpose: string, index = 0): number {
  assertSeed(seed, 'seed');
  if (typeof purpose !== 'string') {
    throw new Error(`\`purpose\` must be a string, but got ${describeValue(purpose)}`);
  }
  assertSeed(index, 'index');
  return foldIn(foldIn(seed, purposeTag(purpose)), index);
}
