import { CounterStream } from '../random/counter_stream';
import { streamSeed } from '../random/stream_seed';

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
  const stream = new CounterStream(streamSeed(seed, purpose));
  let draw = 0;
  return () => stream.unit(draw++);
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
