/**
 * The models a reproduction run trained, loaded back from `<out>/models/<name>`
 * without training: the budget must match the flags and the newest
 * checkpoint must hold every epoch, otherwise the error says what to run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { latestCheckpoint, restoreCheckpoint } from 'irmae';
import 'irmae/node'; // file-system checkpoints
import { UsageError, type ReproductionOptions } from './args';
import type { ShapeModelName } from './model-names';
import type { TrainingBudget } from './budget-training';
import { createShapeModel, prepareForMeasures, type ShapeModel } from './shape-models';

/** The budget a run with these options trains its models with. */
export function trainingBudget(options: ReproductionOptions<string>): TrainingBudget {
  const { trainSize, epochs, learningRate, schedule, warmup, batchSize, latentDim, seed, initialisation, variant } = options;
  const budget = { trainSize, epochs, learningRate, schedule, warmup, batchSize, latentDim, seed, initialisation };
  return variant === 'paper' ? budget : { ...budget, variant };
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
  model: ShapeModelName,
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
 * Builds the model and sets its weights from a checkpoint written by the
 * training loop (the model is not compiled, so the optimizer's state in the
 * checkpoint is skipped), then runs its step after training (RRAE's basis,
 * see `prepareForMeasures`), which needs the budget's `trainSize` and
 * `batchSize`.
 *
 * @returns The autoencoder; the caller disposes `model`.
 * @throws When the model needs a step after training and `budget` lacks `trainSize` or `batchSize`.
 */
export async function loadTrainedModel(
  checkpoint: string,
  model: ShapeModelName,
  budget: Pick<TrainingBudget, 'latentDim' | 'seed' | 'variant'> & Partial<Pick<TrainingBudget, 'trainSize' | 'batchSize'>>,
): Promise<ShapeModel> {
  const { latentDim, seed, trainSize, batchSize, variant } = budget;
  // The initial weights are overwritten: any initialisation does.
  const autoencoder = createShapeModel(model, { latentDim, seed, initialisation: 'pytorch' });
  try {
    await restoreCheckpoint(autoencoder.model, checkpoint);
    if (autoencoder.prepare !== undefined) {
      if (trainSize === undefined || batchSize === undefined) {
        throw new Error(`model ${model} fits its basis on its training images after loading: \`budget\` needs trainSize and batchSize`);
      }
      prepareForMeasures(autoencoder, { trainSize, batchSize, variant });
    }
    return autoencoder;
  } catch (error) {
    autoencoder.model.dispose();
    throw error;
  }
}
