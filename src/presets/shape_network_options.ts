import { assertFiniteNumber, assertPositiveInteger } from '../layers/assert_args';

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
   * Seed of the weight initialisation, for reproducible models; layer i
   * uses seed + 2i (kernel) and seed + 2i + 1 (bias). Default: Math.random.
   */
  seed?: number;
}

/** Side length of the shape images, pixels. */
export const SHAPE_IMAGE_SIZE = 32;
/** Colour channels of the shape images (RGB). */
export const SHAPE_CHANNELS = 3;

/**
 * Checks the common arguments of the shape networks.
 *
 * @throws Error naming `latentDim`, `width` or `seed` when invalid.
 */
export function checkShapeNetworkArgs(latentDim: unknown, options: ShapeNetworkOptions): Required<Pick<ShapeNetworkOptions, 'width'>> {
  assertPositiveInteger(latentDim, 'latentDim');
  const { width = 32, seed } = options;
  assertPositiveInteger(width, 'width');
  if (seed !== undefined) assertFiniteNumber(seed, 'seed');
  return { width };
}

/** Seed of layer `index`, or undefined when unseeded. */
export function layerSeed(seed: number | undefined, index: number): number | undefined {
  return seed === undefined ? undefined : seed + 2 * index;
}
