import * as tf from '@tensorflow/tfjs';
import type { ShapeAutoencoder } from 'irmae';
import { forEachImageBatch } from '../../examples/lib/encode-images';

/**
 * Each image's gradient of its squared reconstruction error with respect to
 * its code (after the linear layers), row-major [count, dim]: what the
 * decoder asks of the encoder. Probing it for a factor says whether the
 * decoder still asks for that factor; a decoder that draws grey asks for no
 * hue.
 *
 * @param images NHWC [count, 32, 32, 3], row-major, pixels in [0, 1].
 */
export function reconstructionGradients(autoencoder: ShapeAutoencoder, images: Float32Array, count: number): Float32Array {
  let gradients = new Float32Array(0);
  forEachImageBatch(images, count, (x, start) => {
    const codes = autoencoder.encode(x);
    const error = (z: tf.Tensor) => tf.sum(tf.squaredDifference(autoencoder.decoder.apply(z) as tf.Tensor4D, x));
    const batchGradients = tf.grad(error)(codes);
    if (gradients.length === 0) gradients = new Float32Array(count * codes.shape[1]);
    gradients.set(batchGradients.dataSync(), start * codes.shape[1]);
  });
  return gradients;
}
