/**
 * The shape reproduction's models built by name: the paper's five presets,
 * LoRAE (the reference's lambda) and RRAE (k = the shapes' minimal rank).
 */
import * as tf from '@tensorflow/tfjs';
import {
  DEFAULT_LORAE_LAMBDA,
  SHAPE_TRAIN_SEED,
  createFigureModel,
  createLorae,
  createRrae,
  generateShapes,
  type Autoencoder,
  type ConvInitialization,
} from 'irmae';
import type { ShapeDataVariant } from './args';
import type { TrainingBudget } from './budget-training';
import { SHAPE_MODEL_NAMES, SHAPE_RRAE_RANK, isFigureModel, type ShapeModelName } from './model-names';

/** What decides a model's initial weights. */
export interface ShapeModelSettings {
  latentDim: number;
  seed: number;
  initialisation: ConvInitialization;
}

/** A built model and the step it needs after training, before its codes are measured. */
export interface ShapeModel extends Autoencoder {
  /**
   * RRAE fits its basis on the codes of its training images (`[count, 32,
   * 32, 3]`, in the set's order), batch by batch, as the RRAEs library's
   * `fine_tune_basis` does after training. The others need nothing.
   */
  prepare?(trainImages: tf.Tensor4D, batchSize: number): void;
}

/** Builds one of the shape reproduction's models. */
export function createShapeModel(name: ShapeModelName, { latentDim, seed, initialisation }: ShapeModelSettings): ShapeModel {
  const network = { latentDim, seed, initialization: initialisation };
  if (isFigureModel(name)) return createFigureModel(name, network);
  if (name === 'lorae') return createLorae({ ...network, data: 'shapes', lambda: DEFAULT_LORAE_LAMBDA });
  if (name === 'rrae') {
    const rrae = createRrae({ ...network, data: 'shapes', rank: SHAPE_RRAE_RANK });
    return { ...rrae, prepare: (images, batchSize) => rrae.fitBasis(images, { batchSize }) };
  }
  // Names come from worker messages too, past the type's reach.
  throw new Error(`\`name\` must be one of ${SHAPE_MODEL_NAMES.map((n) => `'${n}'`).join(', ')}, but got ${JSON.stringify(name)}`);
}

/** The shape data set a budget trains and measures on. */
export function dataVariant(budget: Pick<TrainingBudget, 'variant'>): ShapeDataVariant {
  return budget.variant ?? 'paper';
}

/** Runs the model's step after training (see {@link ShapeModel.prepare}) on the library's shape training set. */
export function prepareForMeasures(model: ShapeModel, budget: Pick<TrainingBudget, 'trainSize' | 'batchSize' | 'variant'>): void {
  if (model.prepare === undefined) return;
  const { images, shape } = generateShapes({ count: budget.trainSize, seed: SHAPE_TRAIN_SEED, variant: dataVariant(budget) });
  const xs = tf.tensor4d(images, shape);
  try {
    model.prepare(xs, budget.batchSize);
  } finally {
    xs.dispose();
  }
}
