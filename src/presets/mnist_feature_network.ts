import * as tf from '@tensorflow/tfjs';
import { Matrix } from 'ml-matrix';

import { describeValue } from '../internal/describe_value';
import { sha256Hex } from '../internal/sha256';
import type { FeatureGaussian } from '../metrics/feature_gaussian';
import { createMnistClassifier } from './mnist_classifier';
import { decodeMnistFeatureFile, mnistFeatureFileUrl, type MnistFeatureRecord } from './mnist_feature_file';

/**
 * The SHA-256 of the file of the pinned MNIST feature network
 * (`mnist-features.bin`) that this version of the library ships and
 * accepts. Fréchet distances in the network's features compare only
 * between runs that loaded the file of the same hash; report it beside
 * them, as FID reports its Inception weights.
 *
 * @category Presets
 */
export const MNIST_FEATURES_SHA256 = '214ae019a5c70ba1f11cc5a71b81b73e0dd65cf890401f6d8c7fd74f331c2e7a';

/**
 * The pinned MNIST feature network, loaded: the digit classifier of
 * {@link createMnistClassifier} with the shipped weights, and the Gaussian
 * moments of its features of the 10,000 MNIST test digits. Free it with
 * `dispose()`.
 *
 * @category Presets
 */
export interface MnistFeatureNetwork {
  /** The classifier, images `[batch, 32, 32, 1]` in [0, 1] to logits `[batch, 10]`; its layer `'features'` gives the features. */
  model: tf.LayersModel;
  /** The moments of the features of the 10,000 test digits: mean `[128]`, covariance 128 x 128 (N - 1), float64, count 10,000. */
  testMoments: FeatureGaussian;
  /** The file's record: architecture, feature layer, test accuracy, training recipe and build. */
  record: MnistFeatureRecord;
  /** The SHA-256 of the file it was loaded from, 64 hexadecimal digits. */
  sha256: string;
  /** Frees the model's weights. */
  dispose(): void;
}

/**
 * Options of {@link mnistFeatureNetworkFromBytes}, {@link fetchMnistFeatureNetwork}
 * and `loadMnistFeatureNetwork`.
 *
 * @category Presets
 */
export interface MnistFeatureNetworkOptions {
  /**
   * The SHA-256 the file must have, 64 hexadecimal digits. Default
   * {@link MNIST_FEATURES_SHA256}, the shipped file's; give another only to
   * load a file you built yourself (`tools/train-digit-features.ts`), whose
   * distances then compare only with distances under its own hash.
   */
  sha256?: string;
}

/**
 * The pinned MNIST feature network from the bytes of its file, checked
 * against its SHA-256 before anything in it is used. For a web app that
 * obtains the file its own way (bundled as bytes, from a cache); otherwise
 * use {@link fetchMnistFeatureNetwork} in browsers or `loadMnistFeatureNetwork`
 * from `irmae/node`.
 *
 * @param bytes The contents of `mnist-features.bin`.
 * @param options `sha256`, see {@link MnistFeatureNetworkOptions}.
 * @param source The file's name or URL, for errors. Default `'mnist-features.bin'`.
 * @returns The network and the test digits' moments; free it with `dispose()`.
 * @throws Error naming `bytes` when they are not bytes; saying the file's
 *   SHA-256 and the one expected when they differ (a corrupt file, or one of
 *   another build); naming the file when its contents are malformed.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await (await fetch('/assets/mnist-features.bin')).arrayBuffer());
 * const network = mnistFeatureNetworkFromBytes(bytes);
 * network.record.testAccuracy; // => 0.9935
 * network.dispose();
 * ```
 *
 * @category Presets
 */
export function mnistFeatureNetworkFromBytes(
  bytes: ArrayBuffer | Uint8Array,
  options: MnistFeatureNetworkOptions = {},
  source = 'mnist-features.bin',
): MnistFeatureNetwork {
  if (!(bytes instanceof Uint8Array) && !(bytes instanceof ArrayBuffer)) {
    throw new Error(`\`bytes\` must be an ArrayBuffer or a Uint8Array, but got ${describeValue(bytes)}`);
  }
  const { sha256: expected = MNIST_FEATURES_SHA256 } = options;
  if (typeof expected !== 'string' || !/^[0-9a-f]{64}$/i.test(expected)) {
    throw new Error(`\`sha256\` must be 64 hexadecimal digits, but got ${describeValue(expected)}`);
  }
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const sha256 = sha256Hex(view);
  if (sha256 !== expected.toLowerCase()) {
    throw new Error(
      `${source} has SHA-256 ${sha256}, but ${expected.toLowerCase()} was expected: the file is damaged or another ` +
        `build of the MNIST feature network (${view.length} bytes). Reinstall irmae, or serve the file of this version.`,
    );
  }
  const { record, weights, mean, covariance } = decodeMnistFeatureFile(view, source);
  const model = createMnistClassifier();
  const shapes = model.getWeights().map((weight) => weight.shape);
  if (JSON.stringify(shapes) !== JSON.stringify(record.weights.shapes)) {
    model.dispose();
    throw new Error(
      `${source} holds weights of shapes ${JSON.stringify(record.weights.shapes)}, but createMnistClassifier has ${JSON.stringify(shapes)}`,
    );
  }
  const tensors = weights.map((values, i) => tf.tensor(values, shapes[i]));
  model.setWeights(tensors);
  tf.dispose(tensors);
  const dim = record.network.featureDim;
  const rows = Array.from({ length: dim }, (_, i) => Array.from(covariance.subarray(i * dim, (i + 1) * dim)));
  return {
    model,
    testMoments: { mean, covariance: new Matrix(rows), count: record.testMoments.count },
    record,
    sha256,
    dispose: () => model.dispose(),
  };
}

/**
 * Fetches the pinned MNIST feature network with `fetch` and checks its
 * SHA-256, for browsers (in Node use `loadMnistFeatureNetwork` from
 * `irmae/node`, which reads the file from the package).
 *
 * The file `mnist-features.bin` ships in the package beside its bundles
 * (`node_modules/irmae/dist/`). By default it is fetched from beside the
 * library's module, `new URL('./mnist-features.bin', import.meta.url)`: a
 * bundler that follows that pattern (Vite's production build, webpack 5,
 * Parcel) copies the file into the app as an asset and rewrites the URL. Vite's
 * dev server pre-bundles dependencies and loses the file: add `irmae` to
 * `optimizeDeps.exclude`, or serve the file yourself (copy it from
 * `node_modules/irmae/dist/mnist-features.bin`) and pass its `url`, or give
 * the bytes to {@link mnistFeatureNetworkFromBytes}.
 *
 * @param url Where to fetch the file from. Default: beside the library's module, see above.
 * @param options `sha256`, see {@link MnistFeatureNetworkOptions}.
 * @returns The network and the test digits' moments; free it with `dispose()`.
 * @throws Error naming the URL and the HTTP status when the request fails,
 *   pointing to `irmae/node` for a `file:` URL where `fetch` cannot read
 *   files, and the errors of {@link mnistFeatureNetworkFromBytes}.
 *
 * @example
 * ```ts
 * import { fetchMnistFeatureNetwork, mnistFrechetDistance } from 'irmae';
 *
 * const network = await fetchMnistFeatureNetwork();           // or fetchMnistFeatureNetwork('/assets/mnist-features.bin')
 * mnistFrechetDistance(network, generatedDigits);              // => e.g. 3.1
 * network.dispose();
 * ```
 *
 * @category Presets
 */
export async function fetchMnistFeatureNetwork(
  url: string | URL = mnistFeatureFileUrl(),
  options: MnistFeatureNetworkOptions = {},
): Promise<MnistFeatureNetwork> {
  if (typeof url !== 'string' && !(url instanceof URL)) {
    throw new Error(`\`url\` must be a string or a URL, but got ${describeValue(url)}`);
  }
  const href = String(url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    const hint = href.startsWith('file:') ? "; in Node, use loadMnistFeatureNetwork from 'irmae/node', which reads the file" : '';
    throw new Error(`Could not fetch the MNIST feature network from ${href}: ${(cause as Error).message}${hint}`, { cause });
  }
  if (!response.ok) {
    throw new Error(`Could not fetch the MNIST feature network from ${href}: HTTP ${response.status} ${response.statusText}`);
  }
  return mnistFeatureNetworkFromBytes(await response.arrayBuffer(), options, href);
}
