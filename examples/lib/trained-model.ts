/**
 * The models a reproduction run trained, loaded back from `<out>/models/<name>`
 * without training: the budget must match the flags and the newest
 * checkpoint must hold every epoch, otherwise the error says what to run.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createFigureModel, type ShapeAutoencoder } from 'irmae';
import { UsageError, type ReproductionOptions } from './args';
import type { FigureModelName } from './model-names';
import type { TrainingBudget } from './model-task';

/** The budget a run with these options trains its models with. */
export function trainingBudget(options: ReproductionOptions): TrainingBudget {
  const { trainSize, epochs, learningRate, schedule, warmup, batchSize, latentDim, seed, initialisation } = options;
  return { trainSize, epochs, learningRate, schedule, warmup, batchSize, latentDim, seed, initialisation };
}

/**
 * The newest checkpoint of a model trained with exactly `budget`.
 *
 * @param reproduceCommand What to run to train it, quoted in the error.
 * @returns The checkpoint directory.
 * @throws {UsageError} When the model is missing, was trained with other
 *   settings, or stopped before its last epoch.
 */
export function finishedCheckpoint(out: string, model: FigureModelName, budget: TrainingBudget, reproduceCommand: string): string {
  const dir = join(out, 'models', model);
  const budgetFile = join(dir, 'budget.json');
  const fix = `run \`${reproduceCommand}\` first (same flags)`;
  if (!existsSync(budgetFile)) throw new UsageError(`model ${model} was not trained in ${dir}: ${fix}`);
  const saved = JSON.parse(readFileSync(budgetFile, 'utf8')) as TrainingBudget;
  if (JSON.stringify(saved) !== JSON.stringify(budget)) {
    throw new UsageError(
      `model ${model} in ${dir} was trained with ${JSON.stringify(saved)}, but these flags ask for ${JSON.stringify(budget)}: ${fix}`,
    );
  }
  const checkpoints = join(dir, 'checkpoints');
  const names = existsSync(checkpoints) ? readdirSync(checkpoints).filter((name) => /^epoch-\d+$/.test(name)).sort() : [];
  const done = names.length === 0 ? 0 : Number(names.at(-1)!.slice('epoch-'.length));
  if (done < budget.epochs) {
    throw new UsageError(`model ${model} in ${dir} has trained ${done} of ${budget.epochs} epochs: ${fix}`);
  }
  return join(checkpoints, names.at(-1)!);
}

/**
 * Builds the figure model and sets its weights from a checkpoint written by
 * the training loop (`model.json` + `weights.bin`; the optimizer's weights in
 * it are skipped).
 *
 * @returns The autoencoder; the caller disposes `model`.
 */
export function loadTrainedModel(
  checkpoint: string,
  model: FigureModelName,
  budget: Pick<TrainingBudget, 'latentDim' | 'seed'>,
): ShapeAutoencoder {
  const modelJson = JSON.parse(readFileSync(join(checkpoint, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const bytes = Buffer.concat(modelJson.weightsManifest.flatMap((group) => group.paths.map((path) => readFileSync(join(checkpoint, path)))));
  const named = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, specs);
  const autoencoder = createFigureModel(model, { latentDim: budget.latentDim, seed: budget.seed });
  try {
    // Saved in model.weights order, as the training loop's checkpoints are.
    const weights = specs.filter((spec) => spec.group !== 'optimizer').map((spec) => named[spec.name]);
    if (weights.length !== autoencoder.model.weights.length) {
      autoencoder.model.dispose();
      throw new Error(`${checkpoint} holds ${weights.length} weights, but model ${model} has ${autoencoder.model.weights.length}`);
    }
    autoencoder.model.setWeights(weights);
    return autoencoder;
  } finally {
    tf.dispose(Object.values(named));
  }
}
