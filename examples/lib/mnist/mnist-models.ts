/**
 * The MNIST reproduction's models: the reference code's three runs on MNIST
 * (its README's `-l 0`, `-l 8` and `--vae`), at its latent size n = 128.
 */
import * as tf from '@tensorflow/tfjs';
import { createMnistAutoencoder, createVae, type Autoencoder, type ConvInitialization } from 'irmae';

/** The models, in the order the pictures show them. */
export const MNIST_MODEL_NAMES = ['ae', 'irmae', 'vae'] as const;
export type MnistModelName = (typeof MNIST_MODEL_NAMES)[number];

export const MNIST_MODEL_LABELS: Readonly<Record<MnistModelName, string>> = {
  ae: 'AE',
  irmae: 'IRMAE l=8',
  vae: 'VAE',
};

/** Images per encoder call. */
const PREDICT_BATCH = 256;

/** The reference README's number of linear layers for IRMAE on MNIST. */
export const MNIST_IRMAE_LAYERS = 8;

/** What builds a model: its code size, seed and initialization. */
export interface MnistModelSettings {
  latentDim: number;
  seed: number;
  initialisation: ConvInitialization;
}

/**
 * A model with the code each picture and number of the reproduction uses:
 * the autoencoders' after the linear layers, the VAE's mean (its samples add
 * noise of the prior's scale to every direction, which would hide the
 * spectrum of what the encoder learned).
 */
export interface MnistModel extends Autoencoder {
  /** Images `[batch, 32, 32, 1]` to the measured codes `[batch, latentDim]`; the caller disposes them. */
  codes: Autoencoder['encode'];
  /**
   * Images to the codes the reference's classification.py classifies: the
   * encoder's output before the linear layers (the VAE's mean).
   */
  classificationCodes: Autoencoder['encode'];
}

/** Builds one of the reproduction's models. */
export function createMnistModel(name: MnistModelName, { latentDim, seed, initialisation }: MnistModelSettings): MnistModel {
  const common = { latentDim, seed, initialization: initialisation };
  if (name === 'vae') {
    const vae = createVae({ ...common, data: 'mnist' });
    return { ...vae, codes: vae.encodeMean, classificationCodes: vae.encodeMean };
  }
  const autoencoder = createMnistAutoencoder({ ...common, irmLayers: name === 'irmae' ? MNIST_IRMAE_LAYERS : 0 });
  const beforeLinearLayers = (x: tf.Tensor4D) => tf.tidy(() => autoencoder.encoder.predict(x, { batchSize: PREDICT_BATCH }) as tf.Tensor2D);
  return { ...autoencoder, codes: autoencoder.encode, classificationCodes: beforeLinearLayers };
}
