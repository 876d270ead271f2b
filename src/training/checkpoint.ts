import * as tf from '@tensorflow/tfjs';

import { readModelFiles, writeModelFiles } from '../io/model_files';
import { nodeFs } from '../io/node_fs';
import { publishDirectory } from '../io/publish_directory';

/** Name of the JSON file with the training state inside a checkpoint. */
const STATE_JSON = 'training.json';
const CHECKPOINT_NAME = /^epoch-(\d+)$/;

/** What a checkpoint stores besides the model and optimizer weights. */
export interface CheckpointState<History> {
  /** Number of epochs completed when the checkpoint was written. */
  epochsDone: number;
  /** Per-epoch history up to then. */
  history: History;
}

/**
 * Writes `<dir>/epoch-NNNN` (NNNN = epochs done): `model.json` and
 * `weights.bin` with the optimizer state (`includeOptimizer`), plus
 * `training.json`. The directory is filled under a temporary name and renamed
 * when complete, then older checkpoints beyond `keep` are removed.
 *
 * @returns The path of the new checkpoint.
 */
export async function saveCheckpoint<History>(
  dir: string,
  model: tf.LayersModel,
  state: CheckpointState<History>,
  keep: number,
): Promise<string> {
  const { fs, path } = await nodeFs();
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, `epoch-${String(state.epochsDone).padStart(4, '0')}`);
  await publishDirectory(target, async (staging) => {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        await writeModelFiles(staging, artifacts);
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
      { includeOptimizer: true },
    );
    await fs.writeFile(path.join(staging, STATE_JSON), JSON.stringify(state));
  });
  const older = (await listCheckpoints(dir)).slice(0, -keep);
  await Promise.all(older.map((name) => fs.rm(path.join(dir, name), { recursive: true, force: true })));
  return target;
}

/**
 * The newest complete checkpoint in `dir`, or undefined when there is none
 * (or `dir` does not exist).
 */
export async function latestCheckpoint(dir: string): Promise<string | undefined> {
  const { path } = await nodeFs();
  const names = await listCheckpoints(dir);
  return names.length === 0 ? undefined : path.join(dir, names[names.length - 1]);
}

/**
 * Loads a checkpoint into `model` (weights in `model.weights` order) and
 * into `model.optimizer` (Adam: iteration count and both moments).
 *
 * @returns The saved training state.
 * @throws Error naming the checkpoint when its weights do not fit the model.
 */
export async function restoreCheckpoint<History>(
  model: tf.LayersModel,
  checkpoint: string,
): Promise<CheckpointState<History>> {
  const { fs, path } = await nodeFs();
  const artifacts = await readModelFiles(checkpoint);
  const specs = artifacts.weightSpecs ?? [];
  const decoded = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), specs);
  try {
    const modelSpecs = specs.filter((spec) => spec.group !== 'optimizer');
    if (modelSpecs.length !== model.weights.length) {
      throw new Error(
        `Checkpoint ${checkpoint} holds ${modelSpecs.length} weights, but the model has ${model.weights.length}`,
      );
    }
    model.setWeights(modelSpecs.map((spec) => decoded[spec.name]));
    const optimizerWeights = specs
      .filter((spec) => spec.group === 'optimizer')
      .map((spec) => ({ name: spec.name, tensor: decoded[spec.name] }));
    if (optimizerWeights.length > 0) await replaceOptimizerState(model.optimizer, optimizerWeights);
  } finally {
    // setWeights copies values; optimizers make variables of their own.
    tf.dispose(Object.values(decoded));
  }
  return JSON.parse(await fs.readFile(path.join(checkpoint, STATE_JSON), 'utf8')) as CheckpointState<History>;
}

/** Sets an optimizer's state, disposing the variables of the state it replaces. */
async function replaceOptimizerState(
  optimizer: tf.Optimizer,
  weights: Parameters<tf.Optimizer['setWeights']>[0],
): Promise<void> {
  const previous = await optimizer.getWeights();
  await optimizer.setWeights(weights);
  tf.dispose(previous.map((weight) => weight.tensor));
}

async function listCheckpoints(dir: string): Promise<string[]> {
  const { fs } = await nodeFs();
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => CHECKPOINT_NAME.test(name))
    .sort((a, b) => Number(CHECKPOINT_NAME.exec(a)![1]) - Number(CHECKPOINT_NAME.exec(b)![1]));
}
