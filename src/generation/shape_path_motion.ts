import type * as tf from '@tensorflow/tfjs';
import { resolveShapeOptions, type ShapeFactors } from '../datasets/shape_options';
import { imageBatch } from './image_batch';
import { nearestShapeImage, type NearestShapeOptions } from './nearest_shape_image';

/**
 * One frame of a path as {@link shapePathMotion} sees it: the nearest clean
 * shape and the quantities the path measures are taken from.
 *
 * @category Generation
 */
export interface ShapePathFrame {
  /** The nearest clean shape's factors (see {@link nearestShapeImage}). */
  factors: ShapeFactors;
  /** The frame's RMSE to that shape, in the data's [0, 1] units. */
  distance: number;
  /** The fitted colour's intensity, (r + g + b) / 3, in [0, 1]. */
  brightness: number;
  /** Centre of the drawn shape, [x, y] in pixels: a circle's (cx, cy), a square's (cx + size/2, cy + size/2). */
  centre: [number, number];
  /** Width of the drawn shape in pixels: 2 size + 1 for a circle, size + 1 for a square. */
  extent: number;
}

/**
 * How one quantity travels along a path, frame by frame.
 *
 * @category Generation
 */
export interface PathTravel {
  /** Sum of the step lengths between consecutive frames, pixels. */
  path: number;
  /** Distance between the first and the last frame, pixels. */
  straight: number;
  /** `path / straight`: 1 for travel straight from end to end; null when `straight` is 0. */
  pathRatio: number | null;
  /**
   * The longest single step over `straight`: 1 / (frames - 1) for even
   * travel, about 1 when one step carries the whole change (one shape
   * replaced by another); null when `straight` is 0.
   */
  maxJump: number | null;
}

/**
 * What {@link shapePathMotion} measures on a path of images.
 *
 * @category Generation
 */
export interface ShapePathMotion {
  frames: ShapePathFrame[];
  /**
   * How far the brightness falls below the straight line between the two
   * ends, as a fraction of that line: the largest `(line - brightness) / line`
   * over the interior frames, 0 when none falls below it.
   */
  dip: number;
  /** The centre's travel. */
  centre: PathTravel;
  /** The extent's (size's) travel. */
  extent: PathTravel;
  /** Steps on which the fitted kind switches between circle and square. */
  kindChanges: number;
}

/**
 * Whether a path of decoded images moves one shape or fades one shape out
 * and another in: the question of Figure 3 of the IRMAE paper (Jing,
 * Zbontar and LeCun, NeurIPS 2020), whose claim is that IRMAE's
 * interpolations move, grow or recolour one shape where an AE blends.
 * The distance from the data cannot tell the two apart, because a dim shape
 * is data; this measure fits the nearest clean shape to every frame
 * ({@link nearestShapeImage}) and follows its factors along the path.
 *
 * - **Brightness dip.** Brightness is the fitted colour's intensity
 *   (r + g + b) / 3. Moving or growing a shape leaves it unchanged and a
 *   straight recolouring moves it along the line between the ends; a
 *   cross-fade `(1 - t) A + t B` of two shapes leaves the fitted shape (A or
 *   B) at a fraction of its colour, about half of it where the two cross.
 *   Neither the frame's mean pixel value (exactly linear in a cross-fade)
 *   nor the fitted shape's colour times its area (below the line for a
 *   growing shape, its area being quadratic in its size) makes that
 *   difference.
 * - **Travel** of the centre and of the extent: their path length against
 *   the straight distance between the ends, and the longest single step as
 *   a fraction of that distance. A continuous move spreads the change over
 *   the steps (1 / (frames - 1) each); a replacement puts it in one step
 *   (about 1). Both are in the pixels of the drawn shape, so a circle
 *   replaced by a square of the same place and width does not travel.
 *
 * No verdict is drawn: the numbers are the result. The frames are taken as
 * evenly spaced along the path (t = 0, 1/(frames - 1), ..., 1).
 *
 * @param images - The path's frames, NHWC [frames, imageSize, imageSize, 3]
 *   with frames >= 3: a `tf.Tensor4D` (read, not disposed) or a flat array
 *   of frames · imageSize² · 3 numbers. Decoder outputs in [-1, 1] are
 *   clamped to the data's [0, 1], as {@link nearestShapeImage} does.
 * @param options - The shape ranges searched, see {@link NearestShapeOptions}.
 * @returns The frames' fitted shapes, the dip, the travel of centre and
 *   extent, and the number of kind switches.
 * @throws If the values are not a multiple of imageSize² · 3, there are
 *   fewer than 3 frames, a value is NaN or infinite, or an option is invalid.
 * @example
 * ```ts
 * const path = autoencoder.decode(codes); // 11 codes (1 - t) z1 + t z2, t = 0, 0.1, ..., 1
 * const motion = shapePathMotion(path);
 * motion.dip;            // 0 for a clean move; about 0.5 or more for a cross-fade
 * motion.centre.maxJump; // 0.1 for an even move over the 10 steps; about 1 for a replacement
 * path.dispose();
 * ```
 * @category Generation
 */
export function shapePathMotion(images: tf.Tensor | ArrayLike<number>, options: NearestShapeOptions = {}): ShapePathMotion {
  const { imageSize } = resolveShapeOptions(options);
  const { data, count, pixels } = imageBatch(images, imageSize);
  if (count < 3) {
    throw new Error(`\`images\` must hold at least 3 frames (two ends and an interior), but got ${count}`);
  }
  const frames = Array.from({ length: count }, (_, i) =>
    pathFrame(nearestShapeImage(data.subarray(i * pixels, (i + 1) * pixels), options)),
  );
  let kindChanges = 0;
  for (let i = 1; i < count; i++) if (frames[i].factors.kind !== frames[i - 1].factors.kind) kindChanges++;
  return {
    frames,
    dip: brightnessDip(frames.map((frame) => frame.brightness)),
    centre: travel(frames.map((frame) => frame.centre)),
    extent: travel(frames.map((frame) => [frame.extent])),
    kindChanges,
  };
}

function pathFrame({ factors, distance }: { factors: ShapeFactors; distance: number }): ShapePathFrame {
  const { kind, cx, cy, size, r, g, b } = factors;
  const offset = kind === 'square' ? size / 2 : 0;
  return {
    factors,
    distance,
    brightness: (r + g + b) / 3,
    centre: [cx + offset, cy + offset],
    extent: kind === 'square' ? size + 1 : 2 * size + 1,
  };
}

/** The largest shortfall below the line between the ends, as a fraction of the line; frames where the line is 0 have none. */
function brightnessDip(brightness: number[]): number {
  const last = brightness.length - 1;
  let dip = 0;
  for (let i = 1; i < last; i++) {
    const line = brightness[0] + ((brightness[last] - brightness[0]) * i) / last;
    if (line > 0) dip = Math.max(dip, (line - brightness[i]) / line);
  }
  return dip;
}

function travel(points: number[][]): PathTravel {
  const steps = points.slice(1).map((point, i) => euclidean(point, points[i]));
  const path = steps.reduce((total, step) => total + step, 0);
  const straight = euclidean(points[points.length - 1], points[0]);
  return {
    path,
    straight,
    pathRatio: straight > 0 ? path / straight : null,
    maxJump: straight > 0 ? Math.max(...steps) / straight : null,
  };
}

function euclidean(a: number[], b: number[]): number {
  return Math.sqrt(a.reduce((total, value, i) => total + (value - b[i]) ** 2, 0));
}
