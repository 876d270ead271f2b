import * as tf from '@tensorflow/tfjs';

import { adamInternals } from '../optimizers/adam_internals';
import { checkpointStorage, type CheckpointStorage } from './checkpoint_storage';

const CHECKPOINT_NAME = /^epoch-(\d+)$/;

/**
 * What a checkpoint stores besides the model and optimizer weights.
 *
 * @category Training
 */
export interface CheckpointState<History = unknown> {
  /** Number of epochs completed when the checkpoint was written. */
  epochsDone: number;
  /** Per-epoch history up to then. */
  history: History;
  /**
   * Noise draws a VAE's {@link GaussianSampler} had made (its `draws`), so
   * that a resumed run draws the noise an uninterrupted one would; absent
   * for other models and in checkpoints written before it was kept.
   */
  samplerDraws?: number;
}

/**
 * Writes checkpoint `epoch-NNNN` (NNNN = epochs done) into `dir`: the model
 * with the optimizer state (as `includeOptimizer` does) and the training
 * state, atomically (see {@link CheckpointStorage}), then removes older
 * checkpoints beyond `keep`.
 *
 * @returns The location of the new checkpoint.
 */
export async function saveCheckpoint<History>(
  dir: string,
  model: tf.LayersModel,
  state: CheckpointState<History>,
  keep: number,
): Promise<string> {
  const storage = checkpointStorage(dir);
  const target = storage.location(dir, `epoch-${String(state.epochsDone).padStart(4, '0')}`);
  await storage.write(target, await checkpointArtifacts(model), JSON.stringify(state));
  const older = (await listCheckpoints(storage, dir)).slice(0, -keep);
  await Promise.all(older.map((name) => storage.remove(storage.location(dir, name))));
  return target;
}

/** `getTrainingConfig` is protected in tfjs's typings but public at runtime. */
interface WithTrainingConfig {
  getTrainingConfig(): tf.io.TrainingConfig;
}

/**
 * What `model.save(handler, { includeOptimizer: true })` writes, assembled
 * here because tfjs's own save leaks the iteration-count scalar that
 * `optimizer.getWeights()` creates (one tensor per checkpoint): model weights
 * first, then the optimizer's weights in the `'optimizer'` group, and the
 * training config, so `tf.loadLayersModel` restores the optimizer too.
 */
async function checkpointArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(saved) };
    }),
  );
  const optimizerWeights = await model.optimizer.getWeights();
  try {
    const optimizer = await tf.io.encodeWeights(optimizerWeights, 'optimizer');
    return {
      ...artifacts!,
      trainingConfig: (model as unknown as WithTrainingConfig).getTrainingConfig(),
      weightSpecs: [...(artifacts!.weightSpecs ?? []), ...optimizer.specs],
      weightData: tf.io.CompositeArrayBuffer.join([
        tf.io.CompositeArrayBuffer.join(artifacts!.weightData ?? new ArrayBuffer(0)),
        optimizer.data,
      ]),
    };
  } finally {
    // The optimizer's own state is variables; anything else was made for us.
    tf.dispose(optimizerWeights.map((weight) => weight.tensor).filter((tensor) => !(tensor instanceof tf.Variable)));
  }
}

/**
 * The newest complete checkpoint that {@link trainAutoencoder} (with
 * `checkpointDir`) or {@link checkpointCallback} wrote into `dir`: the one
 * with the most epochs done, `epoch-NNNN` compared by number.
 *
 * A file-system `dir` needs `import 'irmae/node'` first; in a browser, use an
 * `indexeddb://` dir.
 *
 * @param dir - The checkpoint directory (or `indexeddb://` prefix).
 * @returns Its location, such as `runs/ae/epoch-0012`, or undefined when
 *   `dir` holds none (or does not exist).
 * @example
 * ```ts
 * import 'irmae/node';
 * const checkpoint = await latestCheckpoint('runs/ae'); // => 'runs/ae/epoch-0012'
 * ```
 * @category Training
 */
export async function latestCheckpoint(dir: string): Promise<string | undefined> {
  const storage = checkpointStorage(dir);
  const names = await listCheckpoints(storage, dir);
  return names.length === 0 ? undefined : storage.location(dir, names[names.length - 1]);
}

/**
 * Restores the newest checkpoint in `dir` that can be restored. A checkpoint
 * that cannot be (a truncated weights file, a corrupt JSON file, weights that
 * do not fit the model) is reported through `log` and the one before it is
 * tried, so keeping two or more (`keep`) lets a resume survive a damaged one.
 *
 * @param log Where the note on a skipped checkpoint goes.
 * @returns The restored checkpoint and its state, or undefined when `dir`
 *   has no checkpoint.
 * @throws Error naming the newest checkpoint, why it failed and how to start
 *   over when none can be restored.
 */
export async function restoreNewestCheckpoint<History>(
  model: tf.LayersModel,
  dir: string,
  log: (line: string) => void,
): Promise<{ checkpoint: string; state: CheckpointState<History> } | undefined> {
  const storage = checkpointStorage(dir);
  const locations = (await listCheckpoints(storage, dir)).map((name) => storage.location(dir, name)).reverse();
  const failures: string[] = [];
  for (const [i, checkpoint] of locations.entries()) {
    try {
      return { checkpoint, state: await restoreCheckpoint<History>(model, checkpoint) };
    } catch (error) {
      const message = (error as Error).message;
      failures.push(message.includes(checkpoint) ? message : `Checkpoint ${checkpoint} cannot be restored: ${message}`);
      if (i + 1 < locations.length) log(`${failures.at(-1)}; resuming from ${locations[i + 1]} instead.`);
    }
  }
  if (failures.length === 0) return undefined;
  const remove = locations.length === 1 ? locations[0] : dir;
  throw new Error(`${failures.join('; ')}. No checkpoint in ${dir} can be restored: delete ${remove} to train from the start.`);
}

/**
 * Loads a checkpoint into `model` (weights in `model.weights` order) and,
 * when the model is compiled, into `model.optimizer` (Adam: iteration count
 * and both moments), so that training resumes exactly; an uncompiled model,
 * as for inference, gets its weights only. Nothing is changed unless the
 * whole checkpoint reads and fits.
 *
 * @param model - A model of the architecture that wrote the checkpoint.
 * @param checkpoint - A location such as {@link latestCheckpoint} returns.
 * @returns The saved training state: epochs done and the history.
 * @throws Error naming the checkpoint when its weights do not fit the model,
 *   its weight data is shorter or longer than its specs say, or a file of it
 *   cannot be read or parsed.
 * @example
 * ```ts
 * import 'irmae/node';
 * const { model } = createFigureModel('ae');
 * const { epochsDone } = await restoreCheckpoint(model, 'runs/ae/epoch-0012'); // => 12
 * ```
 * @category Training
 */
export async function restoreCheckpoint<History = unknown>(
  model: tf.LayersModel,
  checkpoint: string,
): Promise<CheckpointState<History>> {
  const { artifacts, state: stateJson } = await checkpointStorage(checkpoint).read(checkpoint);
  const state = parseState<History>(stateJson, checkpoint);
  const specs = artifacts.weightSpecs ?? [];
  const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
  const expectedBytes = specs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * bytesPerValue(spec), 0);
  // String weights have no fixed size (NaN): checked by decoding alone.
  if (!Number.isNaN(expectedBytes) && data.byteLength !== expectedBytes) {
    throw new Error(
      `Checkpoint ${checkpoint} is damaged: its weight data holds ${data.byteLength} bytes, but its weight specs describe ${expectedBytes}`,
    );
  }
  const modelSpecs = specs.filter((spec) => spec.group !== 'optimizer');
  if (modelSpecs.length !== model.weights.length) {
    throw new Error(`Checkpoint ${checkpoint} holds ${modelSpecs.length} weights, but the model has ${model.weights.length}`);
  }
  const decoded = tf.io.decodeWeights(data, specs);
  try {
    model.setWeights(modelSpecs.map((spec) => decoded[spec.name]));
    const optimizerWeights = specs
      .filter((spec) => spec.group === 'optimizer')
      .map((spec) => ({ name: spec.name, tensor: decoded[spec.name] }));
    if (optimizerWeights.length > 0 && (model.optimizer as tf.Optimizer | undefined) !== undefined) {
      await replaceOptimizerState(model.optimizer, optimizerWeights);
      matchAdamBiasCorrection(model.optimizer);
    }
  } finally {
    // setWeights copies values; optimizers make variables of their own.
    tf.dispose(Object.values(decoded));
  }
  return state;
}

function parseState<History>(json: string, checkpoint: string): CheckpointState<History> {
  try {
    return JSON.parse(json) as CheckpointState<History>;
  } catch (error) {
    throw new Error(`Checkpoint ${checkpoint} is damaged: its training state is not JSON (${(error as Error).message})`);
  }
}

/** Bytes per stored value of a weight: its quantization's, else its dtype's (4 for every numeric tfjs dtype; NaN for strings). */
function bytesPerValue(spec: tf.io.WeightsManifestEntry): number {
  if (spec.quantization !== undefined) return spec.quantization.dtype === 'uint8' ? 1 : 2;
  return spec.dtype === 'string' ? NaN : 4;
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

/**
 * tfjs's Adam restores its bias-correction factors as `pow(beta, t + 1)`,
 * while a running Adam multiplies them by beta once per step; the two differ
 * in the last float32 bit, enough for a resumed run to drift by ~1e-8 from an
 * uninterrupted one. Recomputed here the running way (a float32 product per
 * step, as every tfjs backend rounds it), resumed training is bit-identical.
 * Skipped when the optimizer is not Adam; a tfjs whose Adam keeps these
 * factors elsewhere fails here, by name, rather than drifting unseen.
 */
function matchAdamBiasCorrection(optimizer: tf.Optimizer): void {
  if (!(optimizer instanceof tf.AdamOptimizer)) return;
  const adam = adamInternals(optimizer);
  const { accBeta1, accBeta2 } = adam;
  tf.tidy(() => {
    accBeta1.assign(tf.scalar(runningPower(adam.beta1, optimizer.iterations + 1)));
    accBeta2.assign(tf.scalar(runningPower(adam.beta2, optimizer.iterations + 1)));
  });
}

/** beta^count as repeated float32 multiplication. */
function runningPower(beta: number, count: number): number {
  const factor = Math.fround(beta);
  let product = factor;
  for (let i = 1; i < count; i++) product = Math.fround(product * factor);
  return product;
}

async function listCheckpoints(storage: CheckpointStorage, dir: string): Promise<string[]> {
  return (await storage.list(dir))
    .filter((name) => CHECKPOINT_NAME.test(name))
    .sort((a, b) => Number(CHECKPOINT_NAME.exec(a)![1]) - Number(CHECKPOINT_NAME.exec(b)![1]));
}
