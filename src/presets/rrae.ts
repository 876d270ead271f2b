import * as tf from '@tensorflow/tfjs';

import { implicitRankMinimizer, type FitBasisOptions, type RankReduction, rankReduction } from '../layers';
import { assertOptionsObject, assertPositiveInteger } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import { assembleAutoencoder, type Autoencoder, predictInChunks } from './autoencoder';
import type { ConvInitialization } from './conv_initializers';
import { checkReferenceNetworkArgs, referenceNetworks } from './reference_networks';

/**
 * Options of {@link createRrae}.
 *
 * @category Presets
 */
export interface RraeOptions {
  /**
   * k, the rank of the codes the decoder sees (the RRAEs library's `k_max`):
   * a positive integer at most `latentDim`, and at most every training batch
   * size, the last one included (see {@link createRrae}). Required: the
   * paper picks k per data set.
   */
  rank: number;
  /** Which reference networks: `'mnist'` (images `[batch, 32, 32, 1]`) or `'shapes'` (`[batch, 32, 32, 3]`). Default `'mnist'`. */
  data?: 'mnist' | 'shapes';
  /** Size of the code n; default 128 for MNIST, 32 for the shapes (the IRMAE reference's). */
  latentDim?: number;
  /**
   * Seed of the initial weights, an integer in [0, 2^32 - 1], as in
   * {@link createMnistAutoencoder} (the bottleneck draws nothing). Default: Math.random.
   */
  seed?: number;
  /** How the encoder's and decoder's convolutions and Linear layers start, see {@link ConvInitialization}; default `'pytorch'`. */
  initialization?: ConvInitialization;
}

/**
 * An RRAE preset: the {@link Autoencoder} parts (`irm` is the identity),
 * plus the rank-reduction bottleneck and the post-training step that fits
 * its basis.
 *
 * @category Presets
 */
export interface Rrae extends Autoencoder {
  /**
   * The {@link RankReduction} layer between encoder and decoder. Its `rank`
   * may be set between steps (aRRAE, see `adaptiveRank`), its `trainOnBasis`
   * turned on for the library's fine-tuning stage after {@link Rrae.fitBasis}.
   */
  rankReduction: RankReduction;
  /**
   * The RRAEs library's post-training step (`fine_tune_basis`): encodes
   * `images` with the encoder (e(x), before the bottleneck, in chunks) and
   * fits the bottleneck's basis to those codes with
   * {@link RankReduction.fitBasis}. From then on `encode`, `model.predict`
   * and every other call outside training project each code on that fixed
   * k-dimensional basis, image by image, instead of truncating the batch:
   * call it after training, on the training images, before measuring codes
   * or reconstructions.
   *
   * @param images Images `[N, 32, 32, c]`, N >= k, usually the training set
   *   (shuffled, as the library batches it in a random order); not disposed.
   * @param options `batchSize`: codes per SVD batch, the training batch size
   *   as in the library.
   * @throws What {@link RankReduction.fitBasis} throws, e.g. naming `codes`
   *   when fewer than k images are given or `batchSize` when invalid.
   */
  fitBasis(images: tf.Tensor4D, options: FitBasisOptions): void;
}

/**
 * Builds a Rank Reduction Autoencoder (RRAE, strong formulation; Mounayer,
 * Rodriguez, Ghnatios, Farhat and Chinesta, "Rank Reduction Autoencoders",
 * arXiv 2405.13980) on the IRMAE reference networks: x -> encoder ->
 * {@link RankReduction} (in training, the rank-k truncated SVD of the batch
 * of codes) -> decoder (tanh), as one `tf.LayersModel` whose layers are
 * `[input, encoder, rankReduction, irm (identity), decoder]`. The networks
 * are {@link mnistEncoder} / {@link mnistDecoder} or {@link shapeEncoder} /
 * {@link shapeDecoder}.
 *
 * Training: {@link trainAutoencoder}(model, xs) minimises the MSE of the
 * reconstruction through the truncation, as for the other presets (the
 * RRAEs library's default loss is the relative L2 error in percent instead);
 * images in [0, 1]. k must not exceed any training batch: trainAutoencoder's
 * last batch of an epoch holds what is left (50,000 images in batches of 32
 * leave 16), and a batch smaller than k throws. After training, call
 * {@link Rrae.fitBasis} with the training images: until then, `encode` and
 * `model.predict` truncate each chunk of up to 256 codes at rank min(k,
 * chunk), so codes depend on their batch; after it, every code is projected
 * on one basis, as the library's `evaluate` does.
 *
 * Parameters: PyTorch modules have no parameter for the SVD, so the count as
 * PyTorch counts is the autoencoder's, MNIST at n = 128 2,041,057, the
 * shapes at n = 32 1,445,859. In tfjs the basis is a non-trainable `[n, n]`
 * weight (it saves with the model): `model.countParams()` is that plus n^2
 * (2,057,441 and 1,446,883), the trainable weights are the autoencoder's.
 *
 * @param options See {@link RraeOptions}; `rank` is required.
 * @returns `{ model, encoder, rankReduction, irm, decoder, encode, decode, fitBasis }`, see {@link Rrae}.
 * @throws Error naming the option when `rank` is not a positive integer at
 *   most `latentDim`, or `data`, `latentDim`, `seed` or `initialization` is
 *   invalid; every option is checked before any weight is made, so a bad
 *   one leaves no tensors.
 *
 * @example
 * ```ts
 * const rrae = createRrae({ data: 'mnist', rank: 8, seed: 1 });
 * await trainAutoencoder(rrae.model, xs, { epochs: 1, batchSize: 32 });
 * rrae.fitBasis(xs, { batchSize: 32 });
 * const codes = rrae.encode(xs); // [N, 128], of rank <= 8, on the fitted basis
 * ```
 *
 * @category Presets
 */
export function createRrae(options: RraeOptions): Rrae {
  assertOptionsObject(options, 'options', 'an options object { rank }');
  const { data = 'mnist', rank, seed, initialization } = options;
  const latentDim = options.latentDim ?? (data === 'mnist' ? 128 : 32);
  checkReferenceNetworkArgs(data, { latentDim, seed, initialization });
  assertPositiveInteger(rank, 'rank');
  if (rank > latentDim) {
    throw new Error(`\`rank\` must be at most \`latentDim\` = ${latentDim}, but got ${describeValue(rank)}`);
  }
  // The bottleneck's layers check their options on construction and make
  // their weights only when applied: built before the networks, whose
  // weights exist as soon as they are, a bad option throws with nothing to dispose.
  const bottleneck = rankReduction({ rank });
  const irm = implicitRankMinimizer(0, latentDim);
  const parts = assembleAutoencoder({
    ...referenceNetworks(data, { latentDim, seed, initialization }),
    bottleneck: [bottleneck, irm],
    irm,
  });
  return {
    ...parts,
    rankReduction: bottleneck,
    fitBasis: (images, fitOptions) => {
      const codes = predictInChunks<tf.Tensor2D>(parts.encoder, images);
      try {
        bottleneck.fitBasis(codes, fitOptions);
      } finally {
        codes.dispose();
      }
    },
  };
}
