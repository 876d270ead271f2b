import type * as tf from '@tensorflow/tfjs';
import { isTensor } from '../internal/is_tensor';

/**
 * The values of a batch of HWC RGB images [count, imageSize, imageSize, 3],
 * a `tf.Tensor` (read with `dataSync()`, not disposed) or a flat array,
 * and how many images they hold.
 *
 * @throws If the number of values is not a multiple of imageSize² · 3.
 * @internal
 */
export function imageBatch(
  images: tf.Tensor | ArrayLike<number>,
  imageSize: number,
): { data: Float32Array | Float64Array; count: number; pixels: number } {
  const data = isTensor(images) ? (images.dataSync() as Float32Array) : Float64Array.from(images);
  const pixels = imageSize * imageSize * 3;
  if (data.length % pixels !== 0) {
    throw new Error(
      `\`images\` must hold a multiple of ${imageSize} x ${imageSize} x 3 = ${pixels} values (NHWC), but got ${data.length}`,
    );
  }
  return { data, count: data.length / pixels, pixels };
}
