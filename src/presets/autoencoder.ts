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
   * the linear layers (a VAE's: a sample, see {@link Vae}); in general the
   * output of every layer between encoder and decoder.
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

/**
 * The parts {@link assembleAutoencoder} joins: x -> `encoder` ->
 * `bottleneck[0]` -> ... -> `bottleneck[k - 1]` -> `decoder`.
 */
export interface AutoencoderParts {
  /** Images `[batch, ...imageShape]` to e(x) `[batch, d]`. */
  encoder: tf.Sequential;
  /**
   * The layers between encoder and decoder, applied in this order to e(x);
   * the last one gives the code. One of them is `irm`; others are, for
   * example, a {@link CodePenalty} or a {@link GaussianSampler}. Their
   * weights, if any, are made when applied here.
   */
  bottleneck: tf.layers.Layer[];
  /** The linear layers, one of `bottleneck`: the `irm` of the result (the identity when a preset has none). */
  irm: ImplicitRankMinimizer;
  /** Codes `[batch, latentDim]` to images `[batch, ...imageShape]`. */
  decoder: tf.Sequential;
  /** The image shape without the batch, NHWC: `[32, 32, 3]` or `[32, 32, 1]`. */
  imageShape: number[];
  /**
   * Also give {@link EncoderFeatures.encodeFeatures}, e(x) through the same
   * graph, as a VAE's mean encoder needs. Default false: the view is one
   * more `tf.model`, which takes a name from tfjs's counter.
   */
  featuresView?: boolean;
}

/** What {@link assembleAutoencoder} adds with `featuresView: true`. */
export interface EncoderFeatures {
  /**
   * e(x), the encoder's output before the layers between, `[batch, d]`, of
   * images `[batch, ...imageShape]`; the caller disposes it.
   */
  encodeFeatures(x: tf.Tensor4D): tf.Tensor2D;
}

/**
 * Joins an encoder, the layers between (code penalty, sampler, linear
 * layers, ...) and a decoder into one trainable functional `tf.LayersModel`
 * whose layers are `[input, encoder, ...bottleneck, decoder]`, with the
 * {@link Autoencoder} views: `encode`, the graph up to the last of the
 * layers between (a view, no new layer calls), and `decode`, the decoder.
 *
 * Every autoencoder preset is built here. tfjs names layers, models and
 * weights by per-class counters as they are made, and checkpoints restore
 * optimizer state by weight name: a preset builds its parts in a fixed
 * order, the layers between first (they check their options on
 * construction and hold no weights yet, so a bad option leaves nothing to
 * dispose), then the networks; the assembly then makes one input, the
 * model and its views, always in this order.
 *
 * @param parts See {@link AutoencoderParts}.
 * @returns `{ model, encoder, irm, decoder, encode, decode }`, and
 *   `encodeFeatures` with `featuresView: true`.
 * @throws Error when `irm` is not one of `bottleneck`, or is in it twice.
 *
 * @example
 * ```ts
 * const { encoder, decoder, imageShape } = referenceNetworks('shapes', { latentDim: 32, seed: 1 });
 * const irm = implicitRankMinimizer(2, 32, { seed: 1 });
 * const { model, encode } = assembleAutoencoder({ encoder, bottleneck: [irm], irm, decoder, imageShape });
 * model.layers.map((layer) => layer.getClassName());
 * // => ['InputLayer', 'Sequential', 'ImplicitRankMinimizer', 'Sequential']
 * ```
 */
export function assembleAutoencoder(parts: AutoencoderParts & { featuresView: true }): Autoencoder & EncoderFeatures;
export function assembleAutoencoder(parts: AutoencoderParts): Autoencoder;
export function assembleAutoencoder(parts: AutoencoderParts): Autoencoder & Partial<EncoderFeatures> {
  const { encoder, bottleneck, irm, decoder, imageShape, featuresView = false } = parts;
  const copies = bottleneck.filter((layer) => layer === irm).length;
  if (copies !== 1) {
    throw new Error(`\`bottleneck\` must hold \`irm\` once, but holds it ${copies} times`);
  }
  const input = tf.input({ shape: imageShape });
  const features = encoder.apply(input) as tf.SymbolicTensor;
  const code = bottleneck.reduce((x, layer) => layer.apply(x) as tf.SymbolicTensor, features);
  const model = tf.model({ inputs: input, outputs: decoder.apply(code) as tf.SymbolicTensor });
  // Views of the same graph; they add no layer calls.
  const codeModel = tf.model({ inputs: input, outputs: code });
  const featuresModel = featuresView ? tf.model({ inputs: input, outputs: features }) : undefined;
  return {
    model,
    encoder,
    irm,
    decoder,
    encode: (x) => predictInChunks<tf.Tensor2D>(codeModel, x),
    decode: (z) => predictInChunks<tf.Tensor4D>(decoder, z),
    ...(featuresModel !== undefined && {
      encodeFeatures: (x: tf.Tensor4D) => predictInChunks<tf.Tensor2D>(featuresModel, x),
    }),
  };
}
