/**
 * Encoding a set of images through a trained autoencoder: the codes the
 * figures, the generation example and the recipe sweep measure, and the
 * reconstruction error on the way.
 */
import * as tf from '@tensorflow/tfjs';
import type { Autoencoder } from 'irmae';

/** Images per network call; the figures' numbers were made with it. */
const BATCH = 250;
/** The shape images' height, width and channels, the default. */
const SHAPE_IMAGE: ImageShape = [32, 32, 3];

/** Height, width and channels of one image. */
export type ImageShape = readonly [number, number, number];

/** Codes of `count` images and their mean squared reconstruction error. */
export interface EncodedImages {
  /** Codes after the linear layers, row-major [count, dim]. */
  codes: Float32Array;
  dim: number;
  /** Mean over images, pixels and channels of the squared reconstruction error, pixels in [0, 1]. */
  evalMse: number;
}

/**
 * Encodes the first `count` images of `images` (NHWC [count, ...image],
 * row-major) in batches, and decodes each code to measure the error.
 *
 * @param image Height, width and channels; default the shapes' [32, 32, 3].
 * @param onDecoded Sees each batch of reconstructions `[size, ...image]` and
 *   the index of its first image, inside `tf.tidy`, so that a caller can use
 *   them without decoding again.
 */
export function encodeImages(
  autoencoder: Pick<Autoencoder, 'encode' | 'decode'>,
  images: Float32Array,
  count: number,
  image: ImageShape = SHAPE_IMAGE,
  onDecoded?: (reconstructions: tf.Tensor4D, start: number) => void,
): EncodedImages {
  let codes = new Float32Array(0);
  let dim = 0;
  let squaredError = 0;
  forEachImageBatch(images, count, (x, start) => {
    const z = autoencoder.encode(x);
    if (dim === 0) {
      dim = z.shape[1];
      codes = new Float32Array(count * dim);
    }
    codes.set(z.dataSync(), start * dim);
    const reconstructions = autoencoder.decode(z);
    onDecoded?.(reconstructions, start);
    squaredError += tf.sum(tf.squaredDifference(reconstructions, x)).dataSync()[0];
  }, image);
  return { codes, dim, evalMse: squaredError / (count * image[0] * image[1] * image[2]) };
}

/**
 * Calls `use` with each batch of up to 250 of the first `count` images of
 * `images` (NHWC, row-major) as a [size, ...image] tensor, and the index of
 * its first image, inside `tf.tidy`.
 *
 * @param image Height, width and channels; default the shapes' [32, 32, 3].
 */
export function forEachImageBatch(
  images: Float32Array,
  count: number,
  use: (batch: tf.Tensor4D, start: number) => void,
  image: ImageShape = SHAPE_IMAGE,
): void {
  const pixels = image[0] * image[1] * image[2];
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    tf.tidy(() => use(tf.tensor4d(images.subarray(start * pixels, (start + size) * pixels), [size, ...image]), start));
  }
}

/**
 * Applies `map` to the first `count` images in batches (see
 * {@link forEachImageBatch}) and gathers its rows.
 *
 * @param map Images `[size, ...image]` to rows `[size, dim]`, inside `tf.tidy`.
 * @returns The rows, row-major [count, dim].
 */
export function mapImageBatches(
  images: Float32Array,
  count: number,
  map: (batch: tf.Tensor4D) => tf.Tensor2D,
  image: ImageShape = SHAPE_IMAGE,
): { data: Float32Array; dim: number } {
  let data = new Float32Array(0);
  let dim = 0;
  forEachImageBatch(images, count, (batch, start) => {
    const rows = map(batch);
    if (dim === 0) {
      dim = rows.shape[1];
      data = new Float32Array(count * dim);
    }
    data.set(rows.dataSync(), start * dim);
  }, image);
  return { data, dim };
}
