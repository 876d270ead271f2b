/**
 * The models a reproduction run trained, loaded back from `<out>/models/<name>`
 * without training: the budget must match the flags and the newest
 * checkpoint must hold every epoch, otherwise the error says what to run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createFigureModel, latestCheckpoint, restoreCheckpoint, type ShapeAutoencoder } from 'irmae';
import 'irmae/node'; // file-system checkpoints
import { UsageError, type ReproductionOptions } from './args';
import type { FigureModelName } from './model-names';
import type { TrainingBudget } from './budget-training';

/** The budget a run with these options trains its models with. */
export function trainingBudget(options: ReproductionOptions<string>): TrainingBudget {
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
export async function finishedCheckpoint(
  out: string,
  model: FigureModelName,
  budget: TrainingBudget,
  reproduceCommand: string,
): Promise<string> {
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
  const latest = await latestCheckpoint(join(dir, 'checkpoints'));
  const done = latest === undefined ? 0 : Number(basename(latest).slice('epoch-'.length));
  if (latest === undefined || done < budget.epochs) {
    throw new UsageError(`model ${model} in ${dir} has trained ${done} of ${budget.epochs} epochs: ${fix}`);
  }
  return latest;
}

/**
 * Builds the figure model and sets its weights from a checkpoint written by
 * the training loop (the model is not compiled, so the optimizer's state in
 * the checkpoint is skipped).
 *
 * @returns The autoencoder; the caller disposes `model`.
 */
export async function loadTrainedModel(
  checkpoint: string,
  model: FigureModelName,
  budget: Pick<TrainingBudget, 'latentDim' | 'seed'>,
): Promise<ShapeAutoencoder> {
  const autoencoder = createFigureModel(model, { latentDim: budget.latentDim, seed: budget.seed });
  try {
    await restoreCheckpoint(autoencoder.model, checkpoint);
    return autoencoder;
  } catch (error) {
    autoencoder.model.dispose();
    throw error;
  }
}
