import { assertPositiveInteger } from '../internal/assert_args';
import { parseIdx, type IdxArray } from './parse_idx';
import { pilBilinearResizer } from './pil_bilinear_resize';

/** Side of the original MNIST digits, pixels. */
const MNIST_SOURCE_SIZE = 28;
/** Number of MNIST classes: the labels are the digits 0 to 9. */
const MNIST_CLASSES = 10;

/**
 * Side of the MNIST images the library returns, pixels: the reference code's
 * `Resize(32)`, so that four stride-2 convolutions end at 2 x 2.
 *
 * @category Datasets
 */
export const MNIST_IMAGE_SIZE = 32;

/**
 * MNIST images and labels, ready for a model.
 *
 * @category Datasets
 */
export interface MnistSet {
  /**
   * The images, NHWC `[count, 32, 32, 1]` flattened, values in [0, 1]: the
   * 28 x 28 digits resized as torchvision's `Resize(32)` does (Pillow
   * bilinear, rounded to bytes), divided by 255 (`ToTensor`).
   */
  images: Float32Array;
  /** The digit of each image, 0-9, `[count]`. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** `[count, 32, 32, 1]`, for `tf.tensor4d(images, shape)`. */
  shape: [number, number, number, number];
}

/**
 * Options of the MNIST loaders.
 *
 * @category Datasets
 */
export interface MnistOptions {
  /** Keep only the first `count` images and labels, a positive integer at most the file's count. Default: all. */
  count?: number;
}

/**
 * The two IDX files of one MNIST split, as bytes, with their names for error
 * messages.
 *
 * @category Datasets
 */
export interface MnistFiles {
  /** The image file, e.g. `t10k-images-idx3-ubyte` (magic 0x00000803, `[count, 28, 28]`). */
  images: ArrayBuffer | Uint8Array;
  /** The label file, e.g. `t10k-labels-idx1-ubyte` (magic 0x00000801, `[count]`). */
  labels: ArrayBuffer | Uint8Array;
  /** Name or URL of the image file, for errors; default `'images'`. */
  imagesName?: string;
  /** Name or URL of the label file, for errors; default `'labels'`. */
  labelsName?: string;
}

/**
 * Builds the MNIST set of the IRMAE reference code (LeCun, Cortes and
 * Burges's digits) from the two IDX files of one split: each 28 x 28 digit
 * resized to 32 x 32 as torchvision's `Resize(32)` does to the PIL image
 * (Pillow's bilinear filter, the same bytes), then scaled to [0, 1] as
 * `ToTensor` does (bytes / 255 in float32; no normalisation).
 *
 * @param files The image and label files' bytes and names, see {@link MnistFiles}.
 * @param options `count`, see {@link MnistOptions}.
 * @returns `{ images, labels, count, shape }`, see {@link MnistSet}.
 * @throws Error naming the file when it is not a valid IDX file of unsigned
 *   bytes (see {@link parseIdx}), when the image file is not
 *   `[count, 28, 28]` (magic 0x00000803) or the label file not `[count]`
 *   (magic 0x00000801), or when their counts differ (naming both files);
 *   naming the label file, the index and the value of the first label that
 *   is not a digit 0 to 9 (anywhere in the file, not only the first
 *   `count`); naming `count` when it is not a positive integer at most the
 *   files'.
 *
 * @example
 * ```ts
 * const mnist = mnistFromIdx({ images: imageBytes, labels: labelBytes }, { count: 1000 });
 * const xs = tf.tensor4d(mnist.images, mnist.shape); // [1000, 32, 32, 1], values in [0, 1]
 * ```
 *
 * @category Datasets
 */
export function mnistFromIdx(files: MnistFiles, options: MnistOptions = {}): MnistSet {
  const { imagesName = 'images', labelsName = 'labels' } = files;
  const images = parseIdx(files.images, imagesName);
  const labels = parseIdx(files.labels, labelsName);
  checkKind(images, imagesName, [MNIST_SOURCE_SIZE, MNIST_SOURCE_SIZE], 'image', 0x803);
  checkKind(labels, labelsName, [], 'label', 0x801);
  if (images.shape[0] !== labels.shape[0]) {
    throw new Error(
      `MNIST files ${imagesName} and ${labelsName} do not match: ${images.shape[0]} images but ${labels.shape[0]} labels`,
    );
  }
  checkLabels(labels.data, labelsName);
  const count = options.count ?? images.shape[0];
  assertPositiveInteger(count, 'count');
  if (count > images.shape[0]) {
    throw new Error(`\`count\` must be at most the ${images.shape[0]} images of ${imagesName}, but got ${count}`);
  }
  return {
    images: resizeDigits(images.data, count),
    labels: labels.data.slice(0, count),
    count,
    shape: [count, MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE, 1],
  };
}

/** Checks the dimensions after the count: `[28, 28]` for images, none for labels. */
function checkKind(idx: IdxArray, name: string, itemShape: number[], kind: string, magic: number): void {
  const shape = idx.shape.slice(1);
  if (idx.shape.length !== itemShape.length + 1 || shape.some((size, i) => size !== itemShape[i])) {
    throw new Error(
      `MNIST ${kind} file ${name} must hold [count${itemShape.map((size) => `, ${size}`).join('')}] ` +
        `(magic number 0x${magic.toString(16).padStart(8, '0')}), but holds [${idx.shape.join(', ')}]`,
    );
  }
}

/** Checks that every label is a digit, 0 to 9: a byte can hold up to 255. */
function checkLabels(labels: Uint8Array, name: string): void {
  const bad = labels.findIndex((label) => label >= MNIST_CLASSES);
  if (bad !== -1) {
    throw new Error(
      `MNIST label file ${name} must hold the digits 0 to ${MNIST_CLASSES - 1}, but its label ${bad} is ${labels[bad]}`,
    );
  }
}

/**
 * The first `count` digits resized to 32 x 32 and divided by 255. The float64
 * quotient rounded to float32 is the correctly rounded float32 quotient
 * (53 >= 2 * 24 + 2 bits), so the values equal PyTorch's float32 `div(255)`.
 */
function resizeDigits(data: Uint8Array, count: number): Float32Array {
  const resize = pilBilinearResizer(MNIST_SOURCE_SIZE, MNIST_SOURCE_SIZE, MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE);
  const sourcePixels = MNIST_SOURCE_SIZE * MNIST_SOURCE_SIZE;
  const pixels = MNIST_IMAGE_SIZE * MNIST_IMAGE_SIZE;
  const images = new Float32Array(count * pixels);
  for (let i = 0; i < count; i++) {
    const resized = resize(data.subarray(i * sourcePixels, (i + 1) * sourcePixels));
    for (let p = 0; p < pixels; p++) images[i * pixels + p] = resized[p] / 255;
  }
  return images;
}
