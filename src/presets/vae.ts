import * as tf from '@tensorflow/tfjs';

import { type GaussianSampler, gaussianSampler, implicitRankMinimizer } from '../layers';
import { assembleAutoencoder, type Autoencoder } from './autoencoder';
import type { ConvInitialization } from './conv_initializers';
import { checkReferenceNetworkArgs, referenceNetworks } from './reference_networks';

/**
 * Options of {@link createVae}.
 *
 * @category Presets
 */
export interface VaeOptions {
  /** Which reference networks: `'mnist'` (images `[batch, 32, 32, 1]`) or `'shapes'` (`[batch, 32, 32, 3]`). Default `'mnist'`. */
  data?: 'mnist' | 'shapes';
  /** Size of the code n; default 128 for MNIST, 32 for the shapes (the reference's). */
  latentDim?: number;
  /** Weight of the KL term; a finite number >= 0, default 0.1 (the reference's). */
  beta?: number;
  /**
   * Seed of the initial weights and of the noise, an integer in [0, 2^32 -
   * 1]: the networks draw as the autoencoder presets do, the sampler from
   * `streamSeed(seed, 'vae-noise', call)`. Default: Math.random.
   */
  seed?: number;
  /** How the networks start, see {@link ConvInitialization}; default `'pytorch'`. */
  initialization?: ConvInitialization;
  /**
   * What `model.predict` and {@link Autoencoder.encode} give: `'sample'`
   * (default), a reparameterised sample, as the reference's `encode` that
   * its generation pictures use; `'mean'`, the means mu.
   */
  inference?: 'sample' | 'mean';
}

/**
 * A VAE preset: the {@link Autoencoder} parts (`irm` is the identity; there
 * are no linear layers) plus the sampler and the mean encoder.
 *
 * @category Presets
 */
export interface Vae extends Autoencoder {
  /** The reparameterisation layer, `[batch, 2n]` to `[batch, n]`, holding beta and the noise seed. */
  sampler: GaussianSampler;
  /**
   * The means mu `[batch, latentDim]` of the images `[batch, 32, 32, c]`, no
   * noise: the code for classification (the reference's classification.py
   * uses mu) or for deterministic comparisons. The caller disposes them.
   */
  encodeMean(x: tf.Tensor4D): tf.Tensor2D;
}

/**
 * Builds the IRMAE reference code's VAE baseline (Jing, Zbontar and LeCun,
 * NeurIPS 2020; facebookresearch/irmae): x -> encoder with 2n outputs (means,
 * then log-variances) -> {@link GaussianSampler} (z = mu + exp(logvar / 2) *
 * eps) -> decoder ending in a sigmoid, as one `tf.LayersModel` whose layers
 * are `[input, encoder, sampler, irm (identity), decoder]`. The networks are
 * {@link mnistEncoder} / {@link mnistDecoder} or {@link shapeEncoder} /
 * {@link shapeDecoder}.
 *
 * Training: {@link trainAutoencoder}(model, xs) minimises the reference's
 * loss, binary cross-entropy (mean over all pixels) - beta * mean(1 + logvar
 * - mu^2 - exp(logvar)); for `model.fit`, use {@link fitOutputs}(model).
 * Images must be in [0, 1] (MNIST as loaded; the shape images as generated).
 * Codes: `encode` gives a sample by default (the reference's pictures and
 * spectra use samples), `encodeMean` the means.
 *
 * Parameters, as PyTorch counts them: MNIST at n = 128, 820,320 + 131,200
 * (the 1024 -> 256 head instead of 1024 -> 128) + 1,220,737 = 2,172,257;
 * shapes at n = 32, 722,944 + 32,800 (the last conv's 2n channels: 256*64*4
 * + 64 = 65,600) + 722,915 = 1,478,659.
 *
 * @param options See {@link VaeOptions}.
 * @returns `{ model, encoder, sampler, irm, decoder, encode, encodeMean, decode }`, see {@link Vae}.
 * @throws Error naming the option when `data`, `latentDim`, `beta`, `seed`,
 *   `initialization` or `inference` is invalid; every option is checked
 *   before any weight is made, so a bad one leaves no tensors.
 *
 * @example
 * ```ts
 * const vae = createVae({ data: 'mnist', seed: 1 });
 * vae.model.countParams(); // => 2172257
 * await trainAutoencoder(vae.model, xs, { epochs: 1 }); // BCE + 0.1 * KL
 * vae.encodeMean(xs).shape; // => [xs.shape[0], 128]
 * ```
 *
 * @category Presets
 */
export function createVae(options: VaeOptions = {}): Vae {
  const { data = 'mnist', beta, seed, initialization, inference } = options;
  const latentDim = options.latentDim ?? (data === 'mnist' ? 128 : 32);
  checkReferenceNetworkArgs(data, { latentDim, seed, initialization });
  // The sampler checks seed, beta and inference on construction and holds no
  // weights: built before the networks, whose weights exist as soon as they
  // are, a bad option throws with nothing to dispose.
  const sampler = gaussianSampler({ seed, beta, inference });
  const irm = implicitRankMinimizer(0, latentDim);
  // The encoder gives 2n: the means, then the log-variances.
  const networks = referenceNetworks(data, {
    latentDim,
    encoderOutputs: 2 * latentDim,
    seed,
    initialization,
    outputActivation: 'sigmoid',
  });
  const { encodeFeatures, ...parts } = assembleAutoencoder({
    ...networks,
    bottleneck: [sampler, irm],
    irm,
    featuresView: true,
  });
  return {
    ...parts,
    sampler,
    encodeMean: (x) =>
      tf.tidy(() => {
        const both = encodeFeatures(x);
        return both.slice([0, 0], [both.shape[0], latentDim]);
      }),
  };
}
