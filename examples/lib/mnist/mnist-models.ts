/**
 * The MNIST reproduction's models: the reference code's three runs on MNIST
 * (its README's `-l 0`, `-l 8` and `--vae`), at its latent size n = 128,
 * and the rest of the rank-regularizer family on the same networks: LoRAE's
 * nuclear norm on one linear layer and RRAE's truncated SVD.
 */
import * as tf from '@tensorflow/tfjs';
import { createLorae, createMnistAutoencoder, createRrae, createVae, type Autoencoder, type ConvInitialization } from 'irmae';

/** The models, in the order the pictures show them. */
export const MNIST_MODEL_NAMES = ['ae', 'irmae', 'lorae', 'rrae', 'vae'] as const;
export type MnistModelName = (typeof MNIST_MODEL_NAMES)[number];

/** The quick budget's models: the reference code's three, so that a first run stays short. */
export const MNIST_QUICK_MODELS: readonly MnistModelName[] = ['ae', 'irmae', 'vae'];

/** LoRAE's weight of the nuclear norm: its train.py's default entry of the lambda list. */
export const MNIST_LORAE_LAMBDA = 1e-5;

/**
 * RRAE's rank k: 13, the rank IRMAE l = 8 reaches by itself on the standard
 * budget (13 normalized singular values of its test codes' covariance above
 * 1e-2 and above 1e-3, examples/results/mnist/standard), so that the two
 * compare at one rank. The RRAEs library gives no MNIST setting. It also
 * fits the last batch of an epoch: 50,000 and 6,000 digits in batches of 32
 * leave 16.
 */
export const MNIST_RRAE_RANK = 13;

export const MNIST_MODEL_LABELS: Readonly<Record<MnistModelName, string>> = {
  ae: 'AE',
  irmae: 'IRMAE l=8',
  lorae: 'LoRAE',
  rrae: `RRAE k=${MNIST_RRAE_RANK}`,
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
   * encoder's output before the linear layers (the VAE's mean; RRAE's before
   * its truncation).
   */
  classificationCodes: Autoencoder['encode'];
  /**
   * What a trained model needs before its codes are measured, given its
   * training digits `[count, 32, 32, 1]` (in the file's order) and its
   * training batch: RRAE fits its basis on their codes, batch by batch, as
   * the RRAEs library's `fine_tune_basis` does after training. The others
   * need nothing.
   */
  prepare?(trainImages: tf.Tensor4D, batchSize: number): void;
}

/** Builds one of the reproduction's models. */
export function createMnistModel(name: MnistModelName, { latentDim, seed, initialisation }: MnistModelSettings): MnistModel {
  const common = { latentDim, seed, initialization: initialisation, data: 'mnist' as const };
  if (name === 'vae') {
    const vae = createVae(common);
    return { ...vae, codes: vae.encodeMean, classificationCodes: vae.encodeMean };
  }
  if (name === 'rrae') {
    const rrae = createRrae({ ...common, rank: MNIST_RRAE_RANK });
    return { ...rrae, codes: rrae.encode, classificationCodes: encoderOutput(rrae), prepare: (images, batchSize) => rrae.fitBasis(images, { batchSize }) };
  }
  const autoencoder =
    name === 'lorae'
      ? createLorae({ ...common, lambda: MNIST_LORAE_LAMBDA })
      : createMnistAutoencoder({ latentDim, seed, initialization: initialisation, irmLayers: name === 'irmae' ? MNIST_IRMAE_LAYERS : 0 });
  return { ...autoencoder, codes: autoencoder.encode, classificationCodes: encoderOutput(autoencoder) };
}

/** The encoder's output, before the layers between it and the decoder. */
function encoderOutput(autoencoder: Autoencoder): Autoencoder['encode'] {
  return (x) => tf.tidy(() => autoencoder.encoder.predict(x, { batchSize: PREDICT_BATCH }) as tf.Tensor2D);
}
