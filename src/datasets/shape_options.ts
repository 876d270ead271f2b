import { assertIntegerIn, assertIntegerRange, assertOneOf, assertSeed } from '../internal/assert_args';

/**
 * Seed of the 50,000 training images of the shape data set (any unsigned
 * 32-bit integer works; this one is the paper's arXiv number, 2010.00679).
 *
 * @example
 * ```ts
 * const train = shapeDataset({ count: 50_000, seed: SHAPE_TRAIN_SEED, shuffle: true });
 * const { kind, cx, cy, size } = generateShapes({ count: 1, seed: SHAPE_TRAIN_SEED }).factors[0];
 * [kind, cx, cy, size]; // => ['circle', 16, 18, 4]
 * ```
 * @category Datasets
 */
export const SHAPE_TRAIN_SEED = 201000679;

/**
 * Seed of the 10,000 evaluation images of the shape data set, different from
 * {@link SHAPE_TRAIN_SEED} so that the two sets are independent draws.
 *
 * @example
 * ```ts
 * const evaluation = generateShapes({ count: 10_000, seed: SHAPE_EVAL_SEED });
 * const { kind, cx, cy, size } = evaluation.factors[0];
 * [kind, cx, cy, size]; // => ['circle', 18, 8, 4]
 * ```
 * @category Datasets
 */
export const SHAPE_EVAL_SEED = 201000680;

/**
 * Which shape data set to draw.
 * - `'paper'`: one filled circle or square per image, each with probability
 *   1/2 (Jing, Zbontar and LeCun, NeurIPS 2020, and their reference code).
 * - `'half-squares'`: as `'paper'`, but squares get half the size parameter,
 *   rounded down (sizes 1..4 instead of 3..8). The student replication names
 *   this variant ("smaller squares") without publishing its rule; this is the
 *   rule here. Circles and every other factor are the same as in `'paper'`
 *   for the same seed and index.
 * - `'two-shapes'`: one square and one circle in every image, each with its
 *   own position, size and colour (the student replication's other variant).
 *   The square is drawn first and the circle over it, as two OpenCV calls on
 *   one canvas would; the replication instead added two separately drawn
 *   images, which lets overlaps exceed 1, where drawing over keeps every
 *   pixel in [0, 1).
 *
 * @example
 * ```ts
 * const two = generateShapes({ count: 1, seed: 7, variant: 'two-shapes' });
 * two.factors.map((f) => f.kind); // => ['square', 'circle']
 * ```
 * @category Datasets
 */
export type ShapeVariant = 'paper' | 'half-squares' | 'two-shapes';

/** All variants, for validation and iteration. @internal */
export const SHAPE_VARIANTS: readonly ShapeVariant[] = ['paper', 'half-squares', 'two-shapes'];

/**
 * The generative factors of one drawn shape. Pixel coordinates are integers,
 * x to the right (column) and y down (row), origin at the top-left pixel.
 * - circle: OpenCV `cv.circle(img, (cx, cy), size, (r, g, b), -1)`, the
 *   filled 8-connected circle of radius `size` around (cx, cy).
 * - square: OpenCV `cv.rectangle(img, (cx, cy), (cx + size, cy + size),
 *   (r, g, b), -1)`: (cx, cy) is the top-left corner and the square spans
 *   size + 1 pixels per side (clipped at the image border).
 *
 * `size` is the size that was drawn (for `'half-squares'` squares that is
 * already halved). Colours are in [0, 1) on the 2^24 grid, so each is exactly
 * the float32 value stored in its pixels.
 *
 * @category Datasets
 */
export interface ShapeFactors {
  /** Which shape: OpenCV's filled circle or filled rectangle. */
  kind: 'circle' | 'square';
  /** Column of the circle centre or the square's top-left corner, pixels. */
  cx: number;
  /** Row of the circle centre or the square's top-left corner, pixels. */
  cy: number;
  /** Circle radius or square side minus one, pixels. */
  size: number;
  /** Red (channel 0), in [0, 1). */
  r: number;
  /** Green (channel 1), in [0, 1). */
  g: number;
  /** Blue (channel 2), in [0, 1). */
  b: number;
}

/**
 * Options shared by {@link generateShapes} and {@link shapeDataset}. The
 * defaults are the paper's: 32x32 images, centres uniform in 8..24, sizes
 * uniform in 3..8 (both inclusive).
 *
 * @example
 * ```ts
 * // The same data set at twice the resolution:
 * const big = generateShapes({ count: 4, imageSize: 64, centerRange: [16, 48], sizeRange: [6, 16] });
 * big.shape; // => [4, 64, 64, 3]
 * ```
 * @category Datasets
 */
export interface ShapeOptions {
  /** Unsigned 32-bit seed. Default {@link SHAPE_TRAIN_SEED}. */
  seed?: number;
  /** Image height and width in pixels, 1..4096. Default 32. */
  imageSize?: number;
  /** Which data set to draw. Default `'paper'`. */
  variant?: ShapeVariant;
  /** Inclusive range of cx and cy, within [0, imageSize - 1]. Default [8, 24]. */
  centerRange?: readonly [number, number];
  /** Inclusive range of the size parameter, within [0, 1024]. Default [3, 8]. */
  sizeRange?: readonly [number, number];
}

/** {@link ShapeOptions} with defaults applied and every value checked. @internal */
export interface ResolvedShapeOptions {
  seed: number;
  imageSize: number;
  variant: ShapeVariant;
  centerRange: readonly [number, number];
  sizeRange: readonly [number, number];
}

const MAX_IMAGE_SIZE = 4096;
const MAX_SHAPE_SIZE = 1024;

/**
 * Applies the defaults and validates.
 *
 * @throws Error naming the first bad option, what was expected and what came.
 * @internal
 */
export function resolveShapeOptions({
  seed = SHAPE_TRAIN_SEED,
  imageSize = 32,
  variant = 'paper',
  centerRange = [8, 24],
  sizeRange = [3, 8],
}: ShapeOptions): ResolvedShapeOptions {
  assertSeed(seed, 'seed');
  assertIntegerIn(imageSize, 'imageSize', 1, MAX_IMAGE_SIZE, `an integer in [1, ${MAX_IMAGE_SIZE}]`);
  assertOneOf(variant, 'variant', SHAPE_VARIANTS);
  assertIntegerRange(centerRange, 'centerRange', 0, imageSize - 1);
  assertIntegerRange(sizeRange, 'sizeRange', 0, MAX_SHAPE_SIZE);
  return { seed, imageSize, variant, centerRange, sizeRange };
}

/** How many shapes each image of `variant` holds. @internal */
export function shapesPerImage(variant: ShapeVariant): 1 | 2 {
  return variant === 'two-shapes' ? 2 : 1;
}
