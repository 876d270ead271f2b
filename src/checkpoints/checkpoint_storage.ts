import type * as tf from '@tensorflow/tfjs';

import { indexedDbCheckpointStorage, INDEXEDDB_SCHEME } from './indexeddb_checkpoint_storage';

/**
 * Where {@link trainAutoencoder} keeps checkpoints: one implementation per
 * platform, as tfjs keeps one IO handler per URL scheme. The main entry has
 * none for file-system paths; `irmae/node` installs it on import, so that
 * bundling the main entry for a browser pulls in nothing from Node.
 */
export interface CheckpointStorage {
  /** The location of checkpoint `name` in `dir`: a path or a URL. */
  location(dir: string, name: string): string;
  /** Names of the complete checkpoints in `dir`, in any order; none when `dir` is absent. */
  list(dir: string): Promise<string[]>;
  /** Writes model artifacts and the training state (JSON) at `location`, atomically. */
  write(location: string, artifacts: tf.io.ModelArtifacts, state: string): Promise<void>;
  /** Reads what {@link CheckpointStorage.write} wrote. */
  read(location: string): Promise<{ artifacts: tf.io.ModelArtifacts; state: string }>;
  /** Removes the checkpoint at `location`. */
  remove(location: string): Promise<void>;
}

let fileSystemStorage: CheckpointStorage | undefined;

/** Installs the storage of file-system paths; called by the `irmae/node` entry. */
export function setFileSystemCheckpointStorage(storage: CheckpointStorage): void {
  fileSystemStorage = storage;
}

/**
 * The storage of a checkpoint directory or location: tfjs's IndexedDB for
 * `indexeddb://` URLs, the file system (from `irmae/node`) for anything else.
 *
 * @throws Error naming `checkpointDir` when it is a path and `irmae/node` was not imported.
 */
export function checkpointStorage(dir: string): CheckpointStorage {
  if (dir.startsWith(INDEXEDDB_SCHEME)) return indexedDbCheckpointStorage;
  if (fileSystemStorage === undefined) {
    throw new Error(
      `\`checkpointDir\` ${JSON.stringify(dir)} is a file-system path, and file-system checkpoints live in ` +
        `the Node entry: add \`import 'irmae/node';\` once (Node only). In a browser, use an ` +
        `'${INDEXEDDB_SCHEME}<name>' checkpointDir instead.`,
    );
  }
  return fileSystemStorage;
}
