import * as tf from '@tensorflow/tfjs';

import type { ShapeSet } from './generate_shapes';

/**
 * The images of a {@link ShapeSet} as one tensor, for `model.fit`,
 * `model.predict` or an encoder pass over the evaluation set.
 *
 * @param set What {@link generateShapes} returned.
 * @returns A new float32 `tf.Tensor4D` of shape `[count, imageSize,
 *   imageSize, 3]` (NHWC, values in [0, 1)); the caller disposes it.
 * @example
 * ```ts
 * const xs = shapeImages(generateShapes({ count: 4, seed: SHAPE_EVAL_SEED }));
 * xs.shape; // => [4, 32, 32, 3]
 * xs.dispose();
 * ```
 * @category Datasets
 */
export function shapeImages(set: ShapeSet): tf.Tensor4D {
  return tf.tensor4d(set.images, set.shape, 'float32');
}
