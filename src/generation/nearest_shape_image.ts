import type * as tf from '@tensorflow/tfjs';
import { drawShape } from '../datasets/rasterize';
import { resolveShapeOptions, type ShapeFactors, type ShapeOptions } from '../datasets/shape_options';
import { isTensor } from '../internal/is_tensor';
import { shapeCandidates, type ShapeCandidate } from './shape_candidates';

/**
 * The drawing options of the shape data set that {@link nearestShapeImage}
 * searches over: image size, the integer ranges of centre and size and the
 * variant, as in {@link ShapeOptions} (defaults: 32, [8, 24], [3, 8],
 * 'paper'). The variant must draw one shape per image: 'paper', or
 * 'half-squares', whose squares take half the size parameter, rounded down.
 *
 * @category Generation
 */
export type NearestShapeOptions = Pick<ShapeOptions, 'imageSize' | 'centerRange' | 'sizeRange' | 'variant'>;

/**
 * The clean shape image closest to an image, as {@link nearestShapeImage}
 * returns it.
 *
 * @category Generation
 */
export interface NearestShape {
  /** Root mean squared difference over all pixels and channels, in the data's [0, 1] units. */
  distance: number;
  /** The factors of the closest clean image (colour fitted by least squares, in [0, 1]). */
  factors: ShapeFactors;
  /** The closest clean image, HWC float32 [imageSize, imageSize, 3]. */
  image: Float32Array;
}

/**
 * Distance of an image from the shape data: how far it is from the nearest
 * clean shape image, one filled circle or square of one colour on black, as
 * the shape data set draws it ({@link generateShapes}, 'paper' variant, or
 * 'half-squares' with `options.variant`).
 * It puts a number on the IRMAE paper's claim that interpolations and
 * samples of an IRMAE stay on the data where an AE's blend two shapes
 * (Jing, Zbontar and LeCun, NeurIPS 2020, Figure 3).
 *
 * The image is clamped to [0, 1] first (decoder outputs in [-1, 1] become
 * the data's range). Every shape the generator can draw is tried: both kinds
 * at every integer centre and size (3468 candidates for the paper's ranges;
 * squares of sizes 1 to 4 for 'half-squares', 2312 candidates),
 * rendered by the data set's own rasteriser. For each, the colour that
 * minimises the squared error is the mean of the image over the shape's
 * pixels, per channel, clamped to [0, 1]; the candidate of least error wins.
 * A generator image therefore has distance 0, and blur, a blend of two
 * shapes or a colour cast over the background all raise it.
 *
 * @param image - One HWC image [imageSize, imageSize, 3]: a `tf.Tensor3D`
 *   or any array of imageSize² · 3 numbers, in [0, 1] (values outside are clamped).
 * @param options - See {@link NearestShapeOptions}.
 * @returns The distance (RMSE), the factors and the image of the nearest clean shape.
 * @throws If the image does not hold imageSize² · 3 values, holds a NaN or
 *   infinite value, or an option is invalid ('two-shapes' among them: its
 *   images hold two shapes).
 * @example
 * ```ts
 * const set = generateShapes({ count: 1, seed: 7 });
 * nearestShapeImage(set.images).distance; // => 0
 * nearestShapeImage(set.images).factors;  // => the same factors as set.factors[0]
 * ```
 * @category Generation
 */
export function nearestShapeImage(image: tf.Tensor | ArrayLike<number>, options: NearestShapeOptions = {}): NearestShape {
  const resolved = resolveShapeOptions(options);
  const values = clampedPixels(image, resolved.imageSize);
  const best = bestCandidate(values, shapeCandidates(resolved));
  const factors: ShapeFactors = { ...best.candidate.factors, r: best.colour[0], g: best.colour[1], b: best.colour[2] };
  const clean = new Float32Array(values.length);
  drawShape(clean, 0, resolved.imageSize, factors);
  let squaredError = 0;
  for (let i = 0; i < values.length; i++) squaredError += (values[i] - clean[i]) ** 2;
  return { distance: Math.sqrt(squaredError / values.length), factors, image: clean };
}

/** The candidate of least squared error with its fitted colour. */
function bestCandidate(values: Float64Array, candidates: readonly ShapeCandidate[]) {
  // Error of colour c on mask M: Σ x² - Σ_channels (2 c S - |M| c²), S the sum of x over M.
  let best = { candidate: candidates[0], colour: [0, 0, 0], gain: -Infinity };
  const sums = [0, 0, 0];
  for (const candidate of candidates) {
    sums.fill(0);
    for (const p of candidate.pixels) {
      sums[0] += values[p * 3];
      sums[1] += values[p * 3 + 1];
      sums[2] += values[p * 3 + 2];
    }
    const count = candidate.pixels.length;
    const colour = sums.map((sum) => Math.min(Math.max(sum / count, 0), 1));
    const gain = colour.reduce((total, c, channel) => total + 2 * c * sums[channel] - count * c * c, 0);
    if (gain > best.gain) best = { candidate, colour, gain };
  }
  return best;
}

/** The image's values as float64, clamped to [0, 1], after checking length and finiteness. */
function clampedPixels(image: tf.Tensor | ArrayLike<number>, imageSize: number): Float64Array {
  const data = isTensor(image) ? (image.dataSync() as ArrayLike<number>) : image;
  const expected = imageSize * imageSize * 3;
  if (data?.length !== expected) {
    throw new Error(
      `\`image\` must hold ${imageSize} x ${imageSize} x 3 = ${expected} values (HWC), but got ${data?.length ?? String(data)}`,
    );
  }
  const values = new Float64Array(expected);
  for (let i = 0; i < expected; i++) {
    if (!Number.isFinite(data[i])) throw new Error(`\`image\` must hold only finite values, but value ${i} is ${data[i]}`);
    values[i] = Math.min(Math.max(data[i], 0), 1);
  }
  return values;
}
