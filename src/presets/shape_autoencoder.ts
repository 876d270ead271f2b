import { implicitRankMinimizer, type ImplicitRankMinimizerArgs } from '../layers';
import { assertNonNegativeInteger, assertOptionsObject } from '../internal/assert_args';
import { codePenalty } from '../layers/code_penalty';
import { renamedOption } from '../internal/renamed_option';
import { assembleAutoencoder, type Autoencoder, withDefaultSeed } from './autoencoder';
import type { ConvInitialization } from './conv_initializers';
import { checkReferenceNetworkArgs, referenceNetworks } from './reference_networks';

/**
 * Options of {@link createShapeAutoencoder}.
 *
 * @category Presets
 */
export interface ShapeAutoencoderOptions {
  /** Size of the code; default 32, the paper's. */
  latentDim?: number;
  /** Number of linear layers between encoder and decoder (the paper's l); default 0, a plain AE. */
  irmLayers?: number;
  /**
   * Penalty on the encoder output e(x), before the linear layers:
   * `l1 * sum|e(x)| + l2 * sum e(x)^2` per sample, averaged over the batch
   * (see {@link CodePenalty}). Default none.
   */
  codeRegularizer?: { l1?: number; l2?: number };
  /** Options of the linear layers, passed to `implicitRankMinimizer(irmLayers, latentDim, irmOptions)`. */
  irmOptions?: Omit<ImplicitRankMinimizerArgs, 'n' | 'dim'>;
  /** Channel width of encoder and decoder; default 32, the reference code's (see {@link ShapeNetworkOptions}). */
  width?: number;
  /**
   * Seed of all initial weights, an integer in [0, 2^32 - 1], passed to the
   * encoder, the decoder and the linear layers alike (unless `irmOptions`
   * sets its own seed or initializer): each weight draws from its own stream
   * `streamSeed(seed, purpose, index)`, so the parts share no stream and
   * seeds s and s + 1 give unrelated models. Default: Math.random.
   */
  seed?: number;
  /**
   * How the encoder's and decoder's convolutions start, see
   * {@link ConvInitialization}; default `'pytorch'`, the reference code's.
   * The linear layers keep PyTorch's `nn.Linear` initialization either way.
   */
  initialization?: ConvInitialization;
  /** @deprecated Use `initialization`; removed in 0.3. */
  initialisation?: ConvInitialization;
}

/**
 * The parts of a shape autoencoder, images `[batch, 32, 32, 3]`; see
 * {@link Autoencoder}, the interface every autoencoder preset returns.
 *
 * @category Presets
 */
export type ShapeAutoencoder = Autoencoder;

/**
 * Builds the IRMAE shape autoencoder: x -> {@link shapeEncoder} -> optional
 * {@link CodePenalty} -> `implicitRankMinimizer(irmLayers)` ->
 * {@link shapeDecoder}, as one trainable functional `tf.LayersModel` whose
 * layers are `[input, encoder, (codePenalty), irm, decoder]`. With
 * irmLayers = 0 and no regularizer it is the paper's plain AE.
 *
 * Parameters with the defaults: 722,944 (encoder) + 722,915 (decoder) +
 * irmLayers * latentDim^2 (bias-free linear layers).
 *
 * @param options See {@link ShapeAutoencoderOptions}.
 * @returns `{ model, encoder, irm, decoder, encode, decode }`.
 * @throws Error naming the option when `latentDim`, `irmLayers`, `width`,
 *   `seed`, `initialization`, a regularizer weight or one of `irmOptions` is
 *   invalid, or when `initialization` and its deprecated `initialisation`
 *   differ; every option is checked before any weight is made, so a bad one
 *   leaves no tensors.
 *
 * @example
 * ```ts
 * const { model, encode } = createShapeAutoencoder({ irmLayers: 2, seed: 1 });
 * model.countParams(); // => 1447907 (722944 + 722915 + 2 * 32 * 32)
 * encode(tf.zeros([4, 32, 32, 3])).shape; // => [4, 32]
 * ```
 *
 * @category Presets
 */
export function createShapeAutoencoder(options: ShapeAutoencoderOptions = {}): ShapeAutoencoder {
  const { latentDim = 32, irmLayers = 0, codeRegularizer, irmOptions = {}, width, seed } = options;
  const initialization = renamedOption(options, 'initialization', 'initialisation');
  assertNonNegativeInteger(irmLayers, 'irmLayers');
  checkReferenceNetworkArgs('shapes', { latentDim, width, seed, initialization });
  assertOptionsObject(irmOptions, 'irmOptions');
  if (codeRegularizer !== undefined) assertOptionsObject(codeRegularizer, 'codeRegularizer', 'an object { l1?, l2? }');
  // The penalty and the linear layers check their options on construction
  // and hold no weights until applied: built before the networks, whose
  // weights exist as soon as they are, a bad option throws with nothing to
  // dispose.
  const penalty = codeRegularizer === undefined ? undefined : codePenalty(codeRegularizer);
  const irm = implicitRankMinimizer(irmLayers, latentDim, withDefaultSeed(irmOptions, seed));
  return assembleAutoencoder({
    ...referenceNetworks('shapes', { latentDim, width, seed, initialization }),
    bottleneck: penalty === undefined ? [irm] : [penalty, irm],
    irm,
  });
}
