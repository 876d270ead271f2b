import { CounterStream } from '../random/counter_stream';
import { streamSeed } from '../random/stream_seed';

/**
 * The one place the latent models and the VAE's sampler draw randomness: a
 * uniform stream in [0, 1) for one purpose (`'gaussian-samples'`,
 * `'kmeans++'`, `'vae-noise'`, ...) under a user seed, the draws 0, 1, 2,
 * ... of the counter stream `streamSeed(seed, purpose, index)`. Streams of
 * different purposes or indices under one seed are unrelated.
 *
 * @param seed - An unsigned 32-bit integer.
 * @param purpose - What the stream is for; part of its identity.
 * @param index - Which stream of that purpose (a sampling call, ...), an
 *   unsigned 32-bit integer. Default 0.
 * @returns A function giving the next uniform float in [0, 1) on each call.
 * @throws If `seed` or `index` is not an integer in [0, 2^32 - 1].
 * @internal
 */
export function randomStream(seed: number, purpose: string, index = 0): () => number {
  const stream = new CounterStream(streamSeed(seed, purpose, index));
  let draw = 0;
  return () => stream.unit(draw++);
}

/**
 * One standard normal draw from a uniform stream (Box-Muller, cosine branch:
 * two uniforms per draw, the first for the radius, the second for the angle;
 * `1 - u` keeps the logarithm finite; no state kept between calls). Draw i of
 * a fresh {@link randomStream} thus takes its uniforms 2i and 2i + 1.
 *
 * @internal
 */
export function standardNormal(uniform: () => number): number {
  const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
  return radius * Math.cos(2 * Math.PI * uniform());
}
