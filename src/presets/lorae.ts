import { implicitRankMinimizer } from '../layers';
import { type NuclearNormRegularizer, nuclearNormRegularizer } from '../regularizers';
import { assembleAutoencoder, type Autoencoder } from './autoencoder';
import type { ConvInitialization } from './conv_initializers';
import { checkReferenceNetworkArgs, referenceNetworks } from './reference_networks';

/**
 * LoRAE's default weight of the nuclear norm, 1e-5: the entry train.py of
 * the reference code (tirthajit/LoRAE_WACV24) picks by default
 * (`--nuc-lambda 9` in `[0.001, 0.01, 0.1, 1, 5, 0.005, 0.003, 0.0001, 0.0005, 0.00001]`).
 *
 * @category Presets
 */
export const DEFAULT_LORAE_LAMBDA = 1e-5;

/**
 * Options of {@link createLorae}.
 *
 * @category Presets
 */
export interface LoraeOptions {
  /** Which reference networks: `'mnist'` (images `[batch, 32, 32, 1]`) or `'shapes'` (`[batch, 32, 32, 3]`). Default `'mnist'`. */
  data?: 'mnist' | 'shapes';
  /** Size of the code n; default 128 for MNIST, 32 for the shapes (the IRMAE reference's). */
  latentDim?: number;
  /**
   * Weight of the nuclear norm of the linear layer's kernel, lambda in
   * `MSE + lambda * ||W||_*`; a finite number >= 0, default 1e-5
   * ({@link DEFAULT_LORAE_LAMBDA}, the reference's). 0 is the IRMAE reference's
   * autoencoder with one linear layer.
   */
  lambda?: number;
  /**
   * Seed of all initial weights, an integer in [0, 2^32 - 1], for the
   * encoder, the decoder and the linear layer alike (each weight draws from
   * its own stream, as in {@link createMnistAutoencoder}). Default: Math.random.
   */
  seed?: number;
  /**
   * How the encoder's and decoder's convolutions and Linear layers start, see
   * {@link ConvInitialization}; default `'pytorch'`. The linear layer keeps
   * PyTorch's `nn.Linear` initialization either way.
   */
  initialization?: ConvInitialization;
}

/**
 * A LoRAE preset: the {@link Autoencoder} parts, whose `irm` is the one
 * linear layer, plus the penalty on its kernel.
 *
 * @category Presets
 */
export interface Lorae extends Autoencoder {
  /** The nuclear norm penalty `lambda * ||W||_*` on `irm`'s kernel, in `irm.losses` and so in `model.losses`. */
  regularizer: NuclearNormRegularizer;
}

/**
 * Builds LoRAE, the low-rank autoencoder of Mazumder, Baruah, Kumar,
 * Sharma, Pattanaik and Rathore ("Learning Low-Rank Latent Spaces with
 * Simple Deterministic Autoencoder", WACV 2024, arXiv 2310.16194;
 * tirthajit/LoRAE_WACV24): x -> encoder -> one bias-free n x n
 * linear layer W (`implicitRankMinimizer(1, latentDim)`, PyTorch's
 * `nn.Linear` initialization) -> decoder (tanh), trained on
 * `MSE + lambda * ||W||_*`, the nuclear norm of W (the sum of its singular
 * values) through {@link nuclearNormRegularizer} as W's
 * `kernelRegularizer`. The networks are the IRMAE reference's
 * ({@link mnistEncoder} / {@link mnistDecoder} or {@link shapeEncoder} /
 * {@link shapeDecoder}), the same modules as LoRAE's model.py; the layers
 * of the model are `[input, encoder, irm, decoder]`.
 *
 * Training: {@link trainAutoencoder}(model, xs) adds the penalty to the
 * MSE, as the reference's train.py does (`model.fit` does too); images in
 * [0, 1] (MNIST as loaded, the shape images as generated). Codes: `encode`
 * gives W e(x), after the linear layer, the code the reference's
 * `encode` gives and measures.
 *
 * Parameters, as PyTorch counts the same modules (a script building the
 * reference's modules, `test/presets/torch_lorae_params.py`, agrees): the
 * autoencoder's plus n^2, so MNIST at n = 128, 2,041,057 + 16,384 =
 * 2,057,441; the shapes at n = 32, 1,445,859 + 1,024 = 1,446,883.
 *
 * @param options See {@link LoraeOptions}.
 * @returns `{ model, encoder, irm, decoder, encode, decode, regularizer }`, see {@link Lorae}.
 * @throws Error naming the option when `data`, `latentDim`, `lambda`,
 *   `seed` or `initialization` is invalid, e.g. "`lambda` must be a finite
 *   non-negative number, but got -1"; every option is checked before any
 *   weight is made, so a bad one leaves no tensors.
 *
 * @example
 * ```ts
 * const lorae = createLorae({ data: 'mnist', seed: 1 });
 * lorae.model.countParams(); // => 2057441
 * await trainAutoencoder(lorae.model, xs, { epochs: 1 }); // MSE + 1e-5 * ||W||_*
 * lorae.encode(xs).shape; // => [xs.shape[0], 128]
 * ```
 *
 * @category Presets
 */
export function createLorae(options: LoraeOptions = {}): Lorae {
  const { data = 'mnist', lambda = DEFAULT_LORAE_LAMBDA, seed, initialization } = options;
  const latentDim = options.latentDim ?? (data === 'mnist' ? 128 : 32);
  checkReferenceNetworkArgs(data, { latentDim, seed, initialization });
  // The regularizer checks lambda on construction, and the linear layer
  // makes its weight only when applied: built before the networks, whose
  // weights exist as soon as they are, a bad option throws with nothing to dispose.
  const regularizer = nuclearNormRegularizer({ lambda });
  const irm = implicitRankMinimizer(1, latentDim, { kernelRegularizer: regularizer, seed });
  const parts = assembleAutoencoder({
    ...referenceNetworks(data, { latentDim, seed, initialization }),
    bottleneck: [irm],
    irm,
  });
  return { ...parts, regularizer };
}
