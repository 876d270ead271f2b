import * as tf from '@tensorflow/tfjs';

import type { ImplicitRankMinimizer, ImplicitRankMinimizerArgs } from '../layers';

/**
 * The parts of an autoencoder preset ({@link createShapeAutoencoder},
 * {@link createMnistAutoencoder}, the VAEs); they share weights with `model`.
 * Images are NHWC: `[batch, 32, 32, 3]` for the shapes, `[batch, 32, 32, 1]`
 * for MNIST.
 *
 * @category Presets
 */
export interface Autoencoder {
  /** The trainable model: images `[batch, 32, 32, c]` to reconstructions of the same shape. */
  model: tf.LayersModel;
  /** Images to e(x) `[batch, latentDim]`, before the linear layers (`[batch, 2 latentDim]` for a VAE: means, then log-variances). */
  encoder: tf.Sequential;
  /** The linear layers, `[batch, latentDim]` to `[batch, latentDim]` (identity when irmLayers = 0). */
  irm: ImplicitRankMinimizer;
  /** Codes `[batch, latentDim]` to images `[batch, 32, 32, c]`: in [-1, 1] (tanh) for the autoencoders, (0, 1) (sigmoid) for the VAEs. */
  decoder: tf.Sequential;
  /**
   * The code the paper measures and interpolates: `irm(encoder(x))`, after
   * the linear layers (a VAE's: a sample, see {@link Vae}).
   *
   * @param x Images `[batch, 32, 32, c]`.
   * @returns Codes `[batch, latentDim]`; the caller disposes them.
   */
  encode(x: tf.Tensor4D): tf.Tensor2D;
  /**
   * Decodes codes (for example interpolated ones) to images.
   *
   * @param z Codes `[batch, latentDim]`.
   * @returns Images `[batch, 32, 32, c]`; the caller disposes them.
   */
  decode(z: tf.Tensor2D): tf.Tensor4D;
}

/**
 * Images per call of the networks in `encode` and `decode`. tfjs's default of
 * 32 encodes at 3/4 and decodes at 9/10 of this speed on the wasm backend
 * (the shape autoencoder, measured in CPU time, batches of 500); larger
 * chunks gain little and hold more activations.
 */
export const PREDICT_BATCH_SIZE = 256;

/** `model.predict` in chunks of {@link PREDICT_BATCH_SIZE}, inside `tf.tidy`. */
export function predictInChunks<T extends tf.Tensor>(model: tf.LayersModel, x: tf.Tensor): T {
  return tf.tidy(() => model.predict(x, { batchSize: PREDICT_BATCH_SIZE }) as T);
}

/** The preset's seed for the linear layers, unless the user gave them their own seed or initializer. */
export function withDefaultSeed(
  irmOptions: Omit<ImplicitRankMinimizerArgs, 'n' | 'dim'>,
  seed: number | undefined,
): Omit<ImplicitRankMinimizerArgs, 'n' | 'dim'> {
  if (seed === undefined || irmOptions.seed !== undefined || irmOptions.kernelInitializer !== undefined) {
    return irmOptions;
  }
  return { ...irmOptions, seed };
}
