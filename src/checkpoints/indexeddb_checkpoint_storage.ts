import * as tf from '@tensorflow/tfjs';

import type { CheckpointStorage } from './checkpoint_storage';

/** URL scheme of tfjs's IndexedDB model store. */
export const INDEXEDDB_SCHEME = 'indexeddb://';
/** Key in `userDefinedMetadata` that carries the training state. */
const STATE_KEY = 'irmaeTrainingState';

/**
 * Checkpoints in the browser's IndexedDB through tfjs's `indexeddb://`
 * handler: checkpoint `epoch-0003` of `indexeddb://run` is the tfjs model
 * `indexeddb://run/epoch-0003`, its training state in the model's
 * `userDefinedMetadata`. tfjs writes a model in one IndexedDB transaction.
 */
export const indexedDbCheckpointStorage: CheckpointStorage = {
  location: (dir, name) => `${dir.replace(/\/+$/, '')}/${name}`,
  async list(dir) {
    const prefix = `${dir.replace(/\/+$/, '')}/`;
    const urls = Object.keys(await tf.io.listModels());
    return urls.filter((url) => url.startsWith(prefix)).map((url) => url.slice(prefix.length));
  },
  async write(location, artifacts, state) {
    const metadata = { ...artifacts.userDefinedMetadata, [STATE_KEY]: state };
    await handler(location, tf.io.getSaveHandlers).save!({ ...artifacts, userDefinedMetadata: metadata });
  },
  async read(location) {
    const artifacts = await handler(location, tf.io.getLoadHandlers).load!();
    const { [STATE_KEY]: state, ...rest } = artifacts.userDefinedMetadata ?? {};
    if (typeof state !== 'string') throw new Error(`Checkpoint ${location} holds no training state`);
    return { artifacts: { ...artifacts, userDefinedMetadata: rest }, state };
  },
  async remove(location) {
    await tf.io.removeModel(location);
  },
};

function handler(location: string, lookup: (url: string) => tf.io.IOHandler[]): tf.io.IOHandler {
  const [found] = lookup(location);
  if (found === undefined) {
    throw new Error(`No tfjs IO handler for ${location}: IndexedDB checkpoints need a browser with IndexedDB`);
  }
  return found;
}
