import { assertNonNegativeInteger } from '../layers/assert_args';
import { mulberry32 } from '../random/mulberry32';

/**
 * The one place the latent models draw randomness: a uniform stream in
 * [0, 1) for one purpose (`'gaussian-samples'`, `'kmeans++'`, ...) under a
 * user seed. Streams of different purposes under one seed are unrelated.
 *
 * @param seed - An unsigned 32-bit integer.
 * @param purpose - What the stream is for; part of its identity.
 * @returns A function giving the next uniform float in [0, 1) on each call.
 * @throws If `seed` is not an integer in [0, 2^32 - 1].
 * @internal
 */
export function randomStream(seed: number, purpose: string): () => number {
  assertNonNegativeInteger(seed, 'seed');
  if (seed > 0xffffffff) throw new Error(`\`seed\` must be an integer in [0, 2^32 - 1], but got ${seed}`);
  return mulberry32((seed ^ fnv1a(purpose)) >>> 0);
}

/**
 * One standard normal draw from a uniform stream (Box-Muller, cosine branch:
 * two uniforms per draw, no state kept between calls).
 *
 * @internal
 */
export function standardNormal(uniform: () => number): number {
  const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
  return radius * Math.cos(2 * Math.PI * uniform());
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
