import type * as tf from '@tensorflow/tfjs';
import { resolveShapeOptions } from '../datasets/shape_options';
import { imageBatch } from './image_batch';
import { nearestShapeImage, type NearestShapeOptions } from './nearest_shape_image';

/**
 * {@link nearestShapeImage}'s distance for each image of a batch: how far
 * each decoded image is from the nearest clean shape image (RMSE in [0, 1]
 * units, after clamping to [0, 1]).
 *
 * @param images - NHWC images [count, imageSize, imageSize, 3]: a
 *   `tf.Tensor4D` or a flat array of count · imageSize² · 3 numbers.
 * @param options - See {@link NearestShapeOptions}.
 * @returns A new `Float64Array` of `count` distances.
 * @throws If the number of values is not a multiple of imageSize² · 3, or
 *   as {@link nearestShapeImage}.
 * @example
 * ```ts
 * const decoded = autoencoder.decode(codes);      // [64, 32, 32, 3], tanh output
 * const distances = shapeDataDistances(decoded);  // Float64Array(64)
 * decoded.dispose();
 * ```
 * @category Generation
 */
export function shapeDataDistances(images: tf.Tensor | ArrayLike<number>, options: NearestShapeOptions = {}): Float64Array {
  const { imageSize } = resolveShapeOptions(options);
  const { data, count, pixels } = imageBatch(images, imageSize);
  return Float64Array.from({ length: count }, (_, i) =>
    nearestShapeImage(data.subarray(i * pixels, (i + 1) * pixels), options).distance,
  );
}
