import { assertPositiveInteger, assertSeed } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import { streamSeed } from '../random/stream_seed';
import { CONV_INITIALISATIONS, convInitializers, type ConvInitialisation } from './conv_initializers';

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
   * Seed of the weight initialisation, for reproducible models, an integer in
   * [0, 2^32 - 1]. Layer i's kernel and bias draw from the streams
   * `streamSeed(seed, 'shape-encoder-kernel', i)` and
   * `streamSeed(seed, 'shape-encoder-bias', i)` (`shape-decoder-...` in the
   * decoder), so no two layers, networks or seeds share a stream.
   * Default: Math.random.
   */
  seed?: number;
  /**
   * How the convolutions start, see {@link ConvInitialisation}. Default
   * `'pytorch'`, the reference code's. With it the shape autoencoders at the
   * paper's recipe learn position, size and brightness but lose hue early;
   * with `'he'` they learn colour within about 40,000 images
   * (docs/reproduction.md).
   */
  initialisation?: ConvInitialisation;
}

/** Side length of the shape images, pixels. */
export const SHAPE_IMAGE_SIZE = 32;
/** Colour channels of the shape images (RGB). */
export const SHAPE_CHANNELS = 3;

/**
 * Checks the common arguments of the shape networks.
 *
 * @throws Error naming `latentDim`, `width`, `seed` or `initialisation` when invalid.
 */
export function checkShapeNetworkArgs(
  latentDim: unknown,
  options: ShapeNetworkOptions,
): Required<Pick<ShapeNetworkOptions, 'width' | 'initialisation'>> {
  assertPositiveInteger(latentDim, 'latentDim');
  const { width = 32, seed, initialisation = 'pytorch' } = options;
  assertPositiveInteger(width, 'width');
  if (seed !== undefined) assertSeed(seed, 'seed');
  if (!CONV_INITIALISATIONS.includes(initialisation)) {
    throw new Error(
      `\`initialisation\` must be one of ${CONV_INITIALISATIONS.map((name) => `'${name}'`).join(', ')}, but got ${describeValue(initialisation)}`,
    );
  }
  return { width, initialisation };
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
  initialisation: ConvInitialisation,
  seed: number | undefined,
): (index: number, inChannels: number, outChannels: number, kernelSize: number, strides: number) => ReturnType<typeof convInitializers> {
  const transposed = network === 'shape-decoder';
  return (index, inChannels, outChannels, kernelSize, strides) =>
    convInitializers(initialisation, { inChannels, outChannels, kernelSize, strides, transposed }, layerSeeds(seed, network, index));
}
