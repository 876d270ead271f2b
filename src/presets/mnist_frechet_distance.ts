import * as tf from '@tensorflow/tfjs';

import { assertPositiveInteger } from '../internal/assert_args';
import { describeKind, describeValue } from '../internal/describe_value';
import { isTensor } from '../internal/is_tensor';
import { frechetDistance } from '../metrics/frechet_distance';
import { classifierFeatures } from './mnist_classifier';
import type { MnistFeatureNetwork } from './mnist_feature_network';

/**
 * Digit images as {@link mnistFeatures} and {@link mnistFrechetDistance}
 * take them, values in [0, 1], 32 x 32 pixels, one channel: a tensor
 * `[N, 32, 32, 1]`; their values NHWC row-major in a `Float32Array` of N *
 * 1024 numbers; or `{ images, count }` of those values, as `loadMnist` and
 * `fetchMnist` return a set.
 *
 * @category Presets
 */
export type DigitImages = tf.Tensor | Float32Array | { images: Float32Array; count: number };

/**
 * Options of {@link mnistFeatures} and {@link mnistFrechetDistance}.
 *
 * @category Presets
 */
export interface MnistFeaturesOptions {
  /** Images per forward pass, a positive integer. Default 1000. */
  batchSize?: number;
}

/** Pixels of one digit image. */
const PIXELS = 32 * 32;

/**
 * The features of digit images in the pinned MNIST feature network: the
 * outputs of its layer `'features'` (128 wide, after the ReLU), in
 * inference mode, `batchSize` images at a time. Checks that the images are
 * 32 x 32 with one channel and values in [0, 1] (a decoder's output clamped
 * to [0, 1], not tanh's [-1, 1] nor bytes).
 *
 * @param network The network of {@link fetchMnistFeatureNetwork}, `loadMnistFeatureNetwork` or {@link mnistFeatureNetworkFromBytes}.
 * @param images N digit images, see {@link DigitImages}; N >= 1.
 * @param options `batchSize`, see {@link MnistFeaturesOptions}.
 * @returns The features as flat codes `{ data, dim }`: `data` row-major `[N, 128]`, float32, a form every metric takes.
 * @throws Error naming `network` when it is not a loaded network (or was
 *   disposed), `images` when not of a {@link DigitImages} form of 32 x 32 x 1
 *   images, or when a value is outside [0, 1] or NaN (naming the image and
 *   pixel), `batchSize` when invalid.
 *
 * @example
 * ```ts
 * const network = await fetchMnistFeatureNetwork();
 * const { data, dim } = mnistFeatures(network, generated); // dim = 128
 * ```
 *
 * @category Presets
 */
export function mnistFeatures(
  network: MnistFeatureNetwork,
  images: DigitImages,
  options: MnistFeaturesOptions = {},
): { data: Float32Array; dim: number } {
  checkNetwork(network);
  const { batchSize = 1000 } = options;
  assertPositiveInteger(batchSize, 'batchSize');
  const source = imageSource(images);
  const dim = network.record.network.featureDim;
  const data = new Float32Array(source.count * dim);
  for (let start = 0; start < source.count; start += batchSize) {
    const size = Math.min(batchSize, source.count - start);
    const batch = source.batch(start, size);
    try {
      checkRange(batch.values, start);
      data.set(classifierFeatures(network.model, batch.tensor, { batchSize }).data, start * dim);
    } finally {
      batch.dispose();
    }
  }
  return { data, dim };
}

/**
 * The Fréchet distance of a set of digit images to the 10,000 MNIST test
 * digits, in the features of the pinned MNIST feature network: the FID
 * formula ({@link frechetDistance}: the squared 2-Wasserstein distance
 * between Gaussians fitted to the two sets' features) with a digit
 * classifier in the place of Inception, and the test digits' moments shipped
 * with the network instead of computed from MNIST at run time.
 *
 * The network is {@link createMnistClassifier}'s with the weights of
 * `mnist-features.bin` (see `network.record` for its test accuracy and
 * recipe, `network.sha256` for its hash): distances compare only under the
 * same hash. The distance of a finite set is biased upwards, the more the
 * fewer images (a set of N real digits is not at 0): compare sets of the
 * same size, or against that many real digits (the first 10,000 training
 * digits lie at 2.64, the first 1,000 at 13.6; docs/mnist.md).
 *
 * @param network The network of {@link fetchMnistFeatureNetwork}, `loadMnistFeatureNetwork` or {@link mnistFeatureNetworkFromBytes}.
 * @param images N digit images in [0, 1], N >= 2, see {@link DigitImages}.
 * @param options `batchSize`, see {@link MnistFeaturesOptions}.
 * @returns The squared Fréchet distance, >= 0, in squared feature units.
 * @throws The errors of {@link mnistFeatures}, and an error naming `images` when there are fewer than 2.
 *
 * @example
 * ```ts
 * import { loadMnistFeatureNetwork } from 'irmae/node';    // in a browser: fetchMnistFeatureNetwork()
 *
 * const network = await loadMnistFeatureNetwork();
 * const distance = mnistFrechetDistance(network, decoded);  // decoded: [N, 32, 32, 1] in [0, 1]
 * console.log(`FD ${distance.toFixed(2)} (MNIST features ${network.sha256.slice(0, 12)})`);
 * network.dispose();
 * ```
 *
 * @category Presets
 */
export function mnistFrechetDistance(
  network: MnistFeatureNetwork,
  images: DigitImages,
  options: MnistFeaturesOptions = {},
): number {
  checkNetwork(network);
  const { count } = imageSource(images);
  if (count < 2) {
    throw new Error(`\`images\` must hold at least 2 images to fit a covariance, but holds ${count}`);
  }
  return frechetDistance(mnistFeatures(network, images, options), network.testMoments);
}

/** One batch of images: a tensor to run, its values to check, and what to free. */
interface ImageBatch {
  tensor: tf.Tensor;
  values: Float32Array;
  dispose(): void;
}

/** The count of images and a way to take them in batches, from any {@link DigitImages} form. */
function imageSource(images: DigitImages): { count: number; batch(start: number, size: number): ImageBatch } {
  if (isTensor(images)) {
    const [count, height, width, channels] = images.shape;
    if (images.rank !== 4 || height !== 32 || width !== 32 || channels !== 1 || count === 0) {
      throw new Error(`\`images\` must be a tensor [N, 32, 32, 1] with N >= 1, but got ${describeValue(images)}`);
    }
    return {
      count,
      batch: (start, size) => {
        const tensor = images.slice(start, size);
        return { tensor, values: tensor.dataSync() as Float32Array, dispose: () => tensor.dispose() };
      },
    };
  }
  const { values, count, name } =
    images instanceof Float32Array
      ? { values: images, count: images.length / PIXELS, name: 'images' }
      : checkedSet(images);
  if (!Number.isInteger(count) || count === 0) {
    throw new Error(`\`${name}\` must hold N >= 1 images of 32 x 32 = 1024 values, but holds ${values.length} values`);
  }
  return {
    count,
    batch: (start, size) => {
      const part = values.subarray(start * PIXELS, (start + size) * PIXELS);
      const tensor = tf.tensor4d(part, [size, 32, 32, 1]);
      return { tensor, values: part, dispose: () => tensor.dispose() };
    },
  };
}

/** The values and count of `{ images, count }`, checked against each other. */
function checkedSet(images: unknown): { values: Float32Array; count: number; name: string } {
  const set = images as { images?: unknown; count?: unknown } | null;
  if (typeof set !== 'object' || set === null || !(set.images instanceof Float32Array)) {
    throw new Error(
      `\`images\` must be a tensor [N, 32, 32, 1], a Float32Array of N * 1024 values or { images: Float32Array, count }, but got ${describeValue(images)}`,
    );
  }
  assertPositiveInteger(set.count, 'images.count');
  if (set.images.length !== set.count * PIXELS) {
    throw new Error(
      `\`images.images\` must hold images.count * 1024 = ${set.count * PIXELS} values, but holds ${set.images.length}`,
    );
  }
  return { values: set.images, count: set.count, name: 'images.images' };
}

/** @throws Error naming `images`, the image and the pixel of the first value outside [0, 1] or NaN. */
function checkRange(values: Float32Array, firstImage: number): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!(value >= 0 && value <= 1)) {
      const image = firstImage + Math.floor(i / PIXELS);
      const pixel = i % PIXELS;
      throw new Error(
        `\`images\` must hold values in [0, 1], but image ${image} has ${value} at row ${Math.floor(pixel / 32)}, column ${pixel % 32}`,
      );
    }
  }
}

/** @throws Error naming `network` unless it is a loaded, undisposed network. */
function checkNetwork(network: MnistFeatureNetwork): void {
  const model = (network as { model?: tf.LayersModel } | null)?.model;
  const dim = (network as { record?: { network?: { featureDim?: unknown } } } | null)?.record?.network?.featureDim;
  if (model === undefined || typeof dim !== 'number' || (network as { testMoments?: unknown }).testMoments === undefined) {
    throw new Error(
      `\`network\` must be a loaded MNIST feature network (loadMnistFeatureNetwork, fetchMnistFeatureNetwork), but got ${describeKind(network)}`,
    );
  }
  try {
    model.getWeights(); // throws once the weights are disposed
  } catch {
    throw new Error('`network` has been disposed: load it again');
  }
}
