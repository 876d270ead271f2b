/**
 * irmae: implicit rank-minimizing autoencoders for TensorFlow.js.
 *
 * - Layers: {@link implicitRankMinimizer}, the stack of square linear maps
 *   whose gradient-descent dynamics push latent codes toward low rank.
 * - Regularizers: {@link nuclearNormRegularizer}, the explicit rank penalty
 *   of LoRAE on a weight matrix.
 * - Metrics: covariance, spectra and rank measures of latent codes.
 * - Datasets: the synthetic shape images of the IRMAE paper.
 * - Presets: the paper's encoder, decoder, baselines and training loop.
 * - Random: {@link streamSeed}, the hash that derives every seeded stream.
 *
 * This entry runs in browsers and Node alike; what needs Node's file system
 * is in `irmae/node`.
 *
 * @packageDocumentation
 */
import { version as packageVersion } from '../package.json';

/** The package's version, read from package.json when the bundle is built. */
export const version: string = packageVersion;
export * from './layers';
export * from './regularizers';
export * from './random';
export * from './metrics';
export * from './datasets';
export * from './backends';
export * from './presets';
export * from './training';
export * from './optimizers';
export * from './checkpoints';
export * from './generation';
export * from './classification';
