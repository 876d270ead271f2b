import { assertIntegerIn, assertOptionsObject } from '../internal/assert_args';
import { drawShape } from './rasterize';
import { sampleImageFactors } from './sample_factors';
import {
  resolveShapeOptions,
  shapesPerImage,
  type ResolvedShapeOptions,
  type ShapeFactors,
  type ShapeOptions,
} from './shape_options';

/**
 * Options of {@link generateShapes}: which images (`start` .. `start + count
 * - 1` of the stream `seed`) and how they are drawn ({@link ShapeOptions}).
 *
 * @category Datasets
 */
export interface GenerateShapesOptions extends ShapeOptions {
  /** Number of images, a non-negative integer. */
  count: number;
  /** Index of the first image in the seed's stream. Default 0. */
  start?: number;
  /**
   * Where to draw: a Float32Array of exactly `count * imageSize * imageSize
   * * 3` elements, overwritten (cleared, then drawn) and returned as
   * `images`. For a buffer reused across calls, or a view of a
   * SharedArrayBuffer that worker threads fill slice by slice. Default: a new
   * array.
   */
  out?: Float32Array;
}

/**
 * Images of the shape data set with their generative factors.
 *
 * @category Datasets
 */
export interface ShapeSet {
  /**
   * Pixels, NHWC float32 `[count, imageSize, imageSize, 3]` row-major, in
   * [0, 1): background 0, shapes in their colour.
   */
  images: Float32Array;
  /** `[count, imageSize, imageSize, 3]`. */
  shape: [number, number, number, number];
  /**
   * Factors of every drawn shape, `shapesPerImage` per image in image order:
   * image i owns `factors.slice(i * shapesPerImage, (i + 1) * shapesPerImage)`.
   * One per image for `'paper'` and `'half-squares'`; for `'two-shapes'` the
   * square then the circle.
   */
  factors: ShapeFactors[];
  /** 1, or 2 for the `'two-shapes'` variant. */
  shapesPerImage: 1 | 2;
}

/** Largest image index + 1: indices are unsigned 32-bit stream counters. */
const STREAM_LENGTH = 4294967296;

/**
 * Draws `count` images into `images` (all zero, of the right length); image i
 * of the result is image `indexOf(i)` of the stream.
 *
 * @internal
 */
export function renderShapes(
  options: ResolvedShapeOptions,
  count: number,
  indexOf: (i: number) => number,
  images: Float32Array = new Float32Array(count * options.imageSize * options.imageSize * 3),
): ShapeSet {
  const { imageSize } = options;
  const pixelsPerImage = imageSize * imageSize * 3;
  const factors: ShapeFactors[] = [];
  for (let i = 0; i < count; i++) {
    for (const shape of sampleImageFactors(options, indexOf(i))) {
      drawShape(images, i * pixelsPerImage, imageSize, shape);
      factors.push(shape);
    }
  }
  return {
    images,
    shape: [count, imageSize, imageSize, 3],
    factors,
    shapesPerImage: shapesPerImage(options.variant),
  };
}

/**
 * The synthetic shape data set of the Implicit Rank-Minimizing Autoencoder
 * paper (Jing, Zbontar and LeCun, NeurIPS 2020, section 4.1, and the
 * `ShapeDataset` of their reference code): 32x32 RGB images, black
 * background, one filled circle or axis-aligned square with probability 1/2
 * each, colour channels uniform in [0, 1), centre x and y uniform in 8..24,
 * size uniform in 3..8, drawn with OpenCV's exact pixel semantics (see
 * {@link ShapeFactors}).
 *
 * Image i is a pure function of (`seed`, i, drawing options): a counter-based
 * generator (lowbias32 mixing of a splitmix Weyl sequence keyed by seed and
 * index, integer arithmetic only) gives the same bytes on every platform, and
 * any slice `start .. start + count - 1` equals the same rows of a larger set.
 * The paper's sets are 50,000 images from {@link SHAPE_TRAIN_SEED} and 10,000
 * from {@link SHAPE_EVAL_SEED}.
 *
 * @param options `count` images starting at index `start` (default 0) of the
 *   stream of `seed` (default {@link SHAPE_TRAIN_SEED}), plus the drawing
 *   options of {@link ShapeOptions}.
 * @returns The NHWC float32 pixels `[count, imageSize, imageSize, 3]` (in
 *   `out` when given) and the factors of every shape.
 * @throws Error naming the bad option when `count` or `start` is not a
 *   non-negative integer, `start + count` exceeds 2^32, `out` is not a
 *   Float32Array of the images' length, or a drawing option is invalid (see
 *   {@link ShapeOptions}).
 * @example
 * ```ts
 * const set = generateShapes({ count: 2, seed: 7 });
 * set.shape; // => [2, 32, 32, 3]
 * set.factors[0];
 * // => { kind: 'square', cx: 13, cy: 24, size: 8,
 * //      r: 0.7430620789527893, g: 0.8971251249313354, b: 0.17245519161224365 }
 * set.images[(24 * 32 + 13) * 3]; // => 0.7430620789527893 (pixel x 13, y 24, red)
 * set.images.length; // => 6144
 * ```
 * @category Datasets
 */
export function generateShapes(options: GenerateShapesOptions): ShapeSet {
  assertOptionsObject(options, 'options', 'an options object with a `count`');
  const { count, start = 0, out, ...drawing } = options;
  assertIntegerIn(count, 'count', 0, STREAM_LENGTH, 'a non-negative integer');
  assertIntegerIn(start, 'start', 0, STREAM_LENGTH, 'a non-negative integer');
  if (start + count > STREAM_LENGTH) {
    throw new Error(
      `\`start + count\` must be at most 2^32 (image indices are 32-bit), but got ${start + count}`,
    );
  }
  const resolved = resolveShapeOptions(drawing);
  const length = count * resolved.imageSize * resolved.imageSize * 3;
  const images = out === undefined ? new Float32Array(length) : clearedOut(out, length);
  return renderShapes(resolved, count, (i) => start + i, images);
}

/**
 * `out` cleared to zero, once checked.
 *
 * @throws Error unless `out` is a Float32Array of `length` elements.
 */
function clearedOut(out: unknown, length: number): Float32Array {
  if (!(out instanceof Float32Array) || out.length !== length) {
    const got =
      out instanceof Float32Array
        ? `a Float32Array of length ${out.length}`
        : typeof out === 'object' && out !== null
          ? `a ${out.constructor.name}`
          : String(out);
    throw new Error(`\`out\` must be a Float32Array of length count * imageSize^2 * 3 = ${length}, but got ${got}`);
  }
  return out.fill(0);
}
