import * as tf from '@tensorflow/tfjs';

import { readModelFiles, writeModelFiles } from './model_files';
import { publishDirectory } from './publish_directory';

/**
 * A tfjs IO handler that saves a model to, and loads it from, a directory
 * on the local file system in Node: `model.json` (topology, weights manifest,
 * training config) and `weights.bin` (all weights, including the optimizer's
 * when saved with `includeOptimizer: true`), the layout tfjs-node's
 * `file://` handler writes, so either can read what the other wrote.
 *
 * Pure-JS tfjs has no `file://` handler in Node; this one needs no native
 * addon. Saving is atomic: the files are written to a sibling directory and
 * flushed, then renamed into place, so an interrupted save leaves the previous
 * model intact.
 *
 * @param dir Directory of the model (created when saving; parent directories too).
 * @returns An IO handler for `model.save(handler)` and `tf.loadLayersModel(handler)`.
 * @throws Error (from `load`) naming the path when `dir/model.json` is missing or unreadable.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { fileSystemHandler } from 'irmae/node';
 *
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
 * await model.save(fileSystemHandler('/tmp/my-model'));
 * const loaded = await tf.loadLayersModel(fileSystemHandler('/tmp/my-model'));
 * loaded.countParams(); // => 3
 * ```
 *
 * @category Node
 */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new Error(`\`dir\` must be a non-empty path string, but got ${JSON.stringify(dir)}`);
  }
  return {
    save: async (artifacts) => {
      await publishDirectory(dir, (staging) => writeModelFiles(staging, artifacts));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    load: () => readModelFiles(dir),
  };
}
