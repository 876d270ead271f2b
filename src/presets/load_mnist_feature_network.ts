import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { describeValue } from '../internal/describe_value';
import { mnistFeatureFileUrl } from './mnist_feature_file';
import {
  mnistFeatureNetworkFromBytes,
  type MnistFeatureNetwork,
  type MnistFeatureNetworkOptions,
} from './mnist_feature_network';

/**
 * Options of {@link loadMnistFeatureNetwork}.
 *
 * @category Node
 */
export interface LoadMnistFeatureNetworkOptions extends MnistFeatureNetworkOptions {
  /** Path of the file. Default: `mnist-features.bin` as shipped in the package, beside `irmae/node`'s bundle. */
  path?: string;
}

/**
 * Loads the pinned MNIST feature network in Node: reads
 * `mnist-features.bin` from the installed package, checks its SHA-256
 * against `MNIST_FEATURES_SHA256`, and builds the network with the
 * 10,000 MNIST test digits' feature moments (no MNIST data needed). See
 * `mnistFrechetDistance` (in `irmae`).
 *
 * @param options `path` and `sha256`, see {@link LoadMnistFeatureNetworkOptions}.
 * @returns The network; free it with `dispose()`.
 * @throws Error naming the path when the file cannot be read, and the errors
 *   of {@link mnistFeatureNetworkFromBytes} (a hash that differs, a malformed file).
 *
 * @example
 * ```ts
 * import { mnistFrechetDistance } from 'irmae';
 * import { loadMnistFeatureNetwork } from 'irmae/node';
 *
 * const network = await loadMnistFeatureNetwork();
 * network.record.testAccuracy; // => 0.9935
 * mnistFrechetDistance(network, decodedDigits);
 * network.dispose();
 * ```
 *
 * @category Node
 */
export async function loadMnistFeatureNetwork(options: LoadMnistFeatureNetworkOptions = {}): Promise<MnistFeatureNetwork> {
  // The CommonJS build gets `import.meta.url` from tsup's shims.
  const { path = fileURLToPath(mnistFeatureFileUrl()), ...rest } = options;
  if (typeof path !== 'string') throw new Error(`\`path\` must be a string, but got ${describeValue(path)}`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new Error(`Could not read the MNIST feature network ${path}: ${(cause as Error).message}`, { cause });
  }
  return mnistFeatureNetworkFromBytes(bytes, rest, path);
}
