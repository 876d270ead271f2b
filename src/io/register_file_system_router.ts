import * as tf from '@tensorflow/tfjs';

import { fileSystemHandler } from './file_system_handler';

const FILE_SCHEME = 'file://';

/**
 * Makes `model.save('file://dir')` and `tf.loadLayersModel('file://dir/model.json')`
 * work in Node without tfjs-node, by registering {@link fileSystemHandler}
 * for the `file://` scheme. When a `file://` handler is already registered
 * (tfjs-node registers its own on import), that one is kept and nothing is
 * registered, since tfjs refuses to choose between two handlers.
 *
 * @returns `true` when this call registered the handler, `false` when a
 *   `file://` handler (tfjs-node's, or an earlier call's) was already present.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { registerFileSystemRouter } from 'irmae/node';
 *
 * registerFileSystemRouter(); // => true without tfjs-node
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
 * await model.save('file:///tmp/my-model');
 * const loaded = await tf.loadLayersModel('file:///tmp/my-model/model.json');
 * ```
 *
 * @category Node
 */
export function registerFileSystemRouter(): boolean {
  const probe = `${FILE_SCHEME}/probe`;
  if (tf.io.getSaveHandlers(probe).length > 0 || tf.io.getLoadHandlers(probe).length > 0) return false;
  // tfjs routers return null for URLs they do not handle; its typing omits that.
  tf.io.registerSaveRouter((url) => route(url, false) as tf.io.IOHandler);
  tf.io.registerLoadRouter((url) => route(url, true) as tf.io.IOHandler);
  return true;
}

/** Maps `file://dir` (save) or `file://dir/model.json` (load) to a handler of `dir`. */
function route(url: string | string[], isLoad: boolean): tf.io.IOHandler | null {
  if (typeof url !== 'string' || !url.startsWith(FILE_SCHEME)) return null;
  let dir = url.slice(FILE_SCHEME.length);
  if (isLoad && dir.endsWith('/model.json')) dir = dir.slice(0, -'/model.json'.length);
  return fileSystemHandler(dir);
}
