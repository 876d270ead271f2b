import { implicitRankMinimizer, type ImplicitRankMinimizerArgs } from '../layers';
import { assertNonNegativeInteger, assertOptionsObject } from '../internal/assert_args';
import { assembleAutoencoder, type Autoencoder, withDefaultSeed } from './autoencoder';
import type { ConvInitialization } from './conv_initializers';
import { checkReferenceNetworkArgs, referenceNetworks } from './reference_networks';

/**
 * Options of {@link createMnistAutoencoder}.
 *
 * @category Presets
 */
export interface MnistAutoencoderOptions {
  /** Size of the code n; default 128, the reference README's. */
  latentDim?: number;
  /** Number of linear layers between encoder and decoder (the paper's l); default 0, a plain AE. The reference README's IRMAE has 8. */
  irmLayers?: number;
  /** Options of the linear layers, passed to `implicitRankMinimizer(irmLayers, latentDim, irmOptions)`. */
  irmOptions?: Omit<ImplicitRankMinimizerArgs, 'n' | 'dim'>;
  /**
   * Seed of all initial weights, an integer in [0, 2^32 - 1], passed to the
   * encoder, the decoder and the linear layers alike (unless `irmOptions`
   * sets its own seed or initializer); each weight draws from its own stream.
   * Default: Math.random.
   */
  seed?: number;
  /**
   * How the encoder's and decoder's convolutions and Linear layers start, see
   * {@link ConvInitialization}; default `'pytorch'`, the reference code's. The
   * IRMAE linear layers keep PyTorch's `nn.Linear` initialization either way.
   */
  initialization?: ConvInitialization;
}

/**
 * Builds the IRMAE reference code's MNIST autoencoder: x ->
 * {@link mnistEncoder} -> `implicitRankMinimizer(irmLayers)` ->
 * {@link mnistDecoder} (tanh), as one trainable functional `tf.LayersModel`
 * whose layers are `[input, encoder, irm, decoder]`. With irmLayers = 0 it is
 * the reference's AE; the reference README runs IRMAE with irmLayers = 8 and
 * latentDim = 128. Train it on MNIST images in [0, 1] (see `loadMnist`) with
 * {@link trainAutoencoder}, as the reference does (MSE, Adam 1e-4, batch 32).
 *
 * Parameters, as PyTorch counts them for the same modules: 820,320
 * (encoder) + 1,220,737 (decoder) = 2,041,057 at latentDim = 128, plus
 * irmLayers * latentDim^2 (bias-free linear layers; 131,072 for l = 8).
 *
 * @param options See {@link MnistAutoencoderOptions}.
 * @returns `{ model, encoder, irm, decoder, encode, decode }`, see {@link Autoencoder}; images `[batch, 32, 32, 1]`.
 * @throws Error naming the option when `latentDim`, `irmLayers`, `seed`,
 *   `initialization` or one of `irmOptions` is invalid; every option is
 *   checked before any weight is made, so a bad one leaves no tensors.
 *
 * @example
 * ```ts
 * const { model, encode } = createMnistAutoencoder({ irmLayers: 8, seed: 1 });
 * model.countParams(); // => 2172129 (2041057 + 8 * 128 * 128)
 * encode(tf.zeros([4, 32, 32, 1])).shape; // => [4, 128]
 * ```
 *
 * @category Presets
 */
export function createMnistAutoencoder(options: MnistAutoencoderOptions = {}): Autoencoder {
  const { latentDim = 128, irmLayers = 0, irmOptions = {}, seed, initialization } = options;
  assertNonNegativeInteger(irmLayers, 'irmLayers');
  checkReferenceNetworkArgs('mnist', { latentDim, seed, initialization });
  assertOptionsObject(irmOptions, 'irmOptions');
  // The linear layers check their options on construction and make their
  // weights only when applied: built before the networks, whose weights
  // exist as soon as they are, a bad option throws with nothing to dispose.
  const irm = implicitRankMinimizer(irmLayers, latentDim, withDefaultSeed(irmOptions, seed));
  return assembleAutoencoder({ ...referenceNetworks('mnist', { latentDim, seed, initialization }), bottleneck: [irm], irm });
}
