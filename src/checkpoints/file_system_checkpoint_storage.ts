import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { CheckpointStorage } from './checkpoint_storage';
import { readModelFiles, writeModelFiles } from '../io/model_files';
import { publishDirectory } from '../io/publish_directory';

/** Name of the JSON file with the training state inside a checkpoint. */
const STATE_JSON = 'training.json';

/**
 * Checkpoints as directories on the local file system: `<dir>/epoch-NNNN`
 * holds `model.json` and `weights.bin` (the layout of tfjs-node's `file://`
 * handler) plus `training.json`. Each directory is filled under a temporary
 * name and renamed when complete, so a crash never leaves half a checkpoint.
 */
export const fileSystemCheckpointStorage: CheckpointStorage = {
  location: (dir, name) => join(dir, name),
  async list(dir) {
    try {
      return await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  },
  async write(location, artifacts, state) {
    await mkdir(dirname(location), { recursive: true });
    await publishDirectory(location, async (staging) => {
      await writeModelFiles(staging, artifacts);
      await writeFile(join(staging, STATE_JSON), state);
    });
  },
  async read(location) {
    const artifacts = await readModelFiles(location);
    return { artifacts, state: await readFile(join(location, STATE_JSON), 'utf8') };
  },
  async remove(location) {
    await rm(location, { recursive: true, force: true });
  },
};
