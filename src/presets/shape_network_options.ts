import { assertPositiveInteger, assertSeed } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import { streamSeed } from '../random/stream_seed';
import { renamedOption } from '../internal/renamed_option';
import { CONV_INITIALIZATIONS, convInitializers, type ConvInitialization } from './conv_initializers';

/**
 * Options of {@link shapeEncoder} and {@link shapeDecoder}.
 *
 * @category Presets
 */
export interface ShapeNetworkOptions {
  /**
   * Channels of the first encoder convolution (and of the last hidden
   * decoder one); they double at each stride-2 stage, w, 2w, 4w, 8w. A
   * positive integer; default 32, the reference code's 32, 64, 128, 256.
   * Smaller widths give fast, small models for tests and demos.
   */
  width?: number;
  /**
   * Seed of the weight initialization, for reproducible models, an integer in
   * [0, 2^32 - 1]. Layer i's kernel and bias draw from the streams
   * `streamSeed(seed, 'shape-encoder-kernel', i)` and
   * `streamSeed(seed, 'shape-encoder-bias', i)` (`shape-decoder-...` in the
   * decoder), so no two layers, networks or seeds share a stream.
   * Default: Math.random.
   */
  seed?: number;
  /**
   * How the convolutions start, see {@link ConvInitialization}. Default
   * `'pytorch'`, the reference code's. With it the shape autoencoders at the
   * paper's recipe learn position, size and brightness but lose hue early;
   * with `'he'` they learn colour within about 40,000 images
   * (docs/reproduction.md).
   */
  initialization?: ConvInitialization;
  /** @deprecated Use `initialization`; removed in 0.3. */
  initialisation?: ConvInitialization;
}

/** Side length of the shape images, pixels. */
export const SHAPE_IMAGE_SIZE = 32;
/** Colour channels of the shape images (RGB). */
export const SHAPE_CHANNELS = 3;

/**
 * Checks the common arguments of the shape networks.
 *
 * @throws Error naming `latentDim`, `width`, `seed` or `initialization` when
 *   invalid, or `initialization` and `initialisation` when both are given and differ.
 */
export function checkShapeNetworkArgs(
  latentDim: unknown,
  options: ShapeNetworkOptions,
): Required<Pick<ShapeNetworkOptions, 'width' | 'initialization'>> {
  assertPositiveInteger(latentDim, 'latentDim');
  const { width = 32, seed } = options;
  const initialization = renamedOption(options, 'initialization', 'initialisation') ?? 'pytorch';
  assertPositiveInteger(width, 'width');
  if (seed !== undefined) assertSeed(seed, 'seed');
  if (!CONV_INITIALIZATIONS.includes(initialization)) {
    throw new Error(
      `\`initialization\` must be one of ${CONV_INITIALIZATIONS.map((name) => `'${name}'`).join(', ')}, but got ${describeValue(initialization)}`,
    );
  }
  return { width, initialization };
}

/**
 * Seeds of layer `index`'s kernel and bias in the `network` ('shape-encoder'
 * or 'shape-decoder'), or undefined when unseeded.
 */
function layerSeeds(
  seed: number | undefined,
  network: 'shape-encoder' | 'shape-decoder',
  index: number,
): { kernel: number; bias: number } | undefined {
  if (seed === undefined) return undefined;
  return { kernel: streamSeed(seed, `${network}-kernel`, index), bias: streamSeed(seed, `${network}-bias`, index) };
}

/**
 * The initializers of layer `index` of the `network`, a convolution in the
 * encoder and a transposed one in the decoder, drawn from that layer's seeds.
 */
export function shapeLayerInitializers(
  network: 'shape-encoder' | 'shape-decoder',
  initialization: ConvInitialization,
  seed: number | undefined,
): (index: number, inChannels: number, outChannels: number, kernelSize: number, strides: number) => ReturnType<typeof convInitializers> {
  const transposed = network === 'shape-decoder';
  return (index, inChannels, outChannels, kernelSize, strides) =>
    convInitializers(initialization, { inChannels, outChannels, kernelSize, strides, transposed }, layerSeeds(seed, network, index));
}
