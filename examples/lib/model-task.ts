/**
 * Everything the figures need from one model: train it (or resume, or reuse
 * its finished checkpoint), then encode the evaluation images and decode the
 * interpolations. Runs in a worker thread or in the calling thread alike.
 */
import * as tf from '@tensorflow/tfjs';
import { SHAPE_EVAL_SEED, SHAPE_TRAIN_SEED, generateShapes } from 'irmae';
import { trainOrReuse, withBuiltModel, type TaskEvent, type TrainingBudget, type TrainingOutcome } from './budget-training';
import { encodeImages } from './encode-images';
import type { ShapeModelName } from './model-names';
import { createShapeModel, dataVariant, prepareForMeasures, type ShapeModel } from './shape-models';

/** One model's job. Plain data, so it can be posted to a worker. */
export interface ModelTask {
  model: ShapeModelName;
  /** The model's own directory, `<out>/models/<name>`. */
  dir: string;
  budget: TrainingBudget;
  evalSize: number;
  /** Evaluation-image index pairs to interpolate between. */
  pairs: Array<[number, number]>;
  /** Interpolation weights t; code (1 - t) z1 + t z2. */
  ts: number[];
}

/** What a model's job sends back. */
export interface ModelTaskResult extends TrainingOutcome {
  model: ShapeModelName;
  /** The tfjs backend that ran the job. */
  backend: string;
  /** Codes after the linear layers, row-major [evalSize, latentDim]. */
  codes: Float32Array;
  /** Mean squared reconstruction error over the evaluation images. */
  evalMse: number;
  /** interpolations[pair][step]: HWC images [32, 32, 3], decoder output in [-1, 1]. */
  interpolations: Float32Array[][];
  /** The pairs' real images: pairImages[pair] = [first, last]. */
  pairImages: Array<[Float32Array, Float32Array]>;
}

/**
 * Trains or reuses the model, then measures it.
 *
 * @param report Receives progress, throttled to a few events per second.
 */
export async function runModelTask(task: ModelTask, report: (event: TaskEvent) => void): Promise<ModelTaskResult> {
  return withModel(task, async (autoencoder, backend) => {
    const training = await trainShapeModel(task, autoencoder, report, task.budget.epochs);
    prepareForMeasures(autoencoder, task.budget);
    const evaluation = evaluate(task, autoencoder);
    return { model: task.model, backend, ...training, ...evaluation };
  });
}

/**
 * Trains the model up to `untilEpoch` only, resuming from its checkpoint, and
 * leaves the rest of its epochs and its measurement to a later
 * {@link runModelTask}, possibly in another worker.
 */
export async function trainModelPart(
  task: ModelTask,
  untilEpoch: number,
  report: (event: TaskEvent) => void,
): Promise<TrainingOutcome> {
  return withModel(task, (autoencoder) => trainShapeModel(task, autoencoder, report, untilEpoch));
}

function withModel<T>(task: ModelTask, use: (autoencoder: ShapeModel, backend: string) => Promise<T>): Promise<T> {
  return withBuiltModel(() => createShapeModel(task.model, task.budget), use);
}

/** Trains the model on the library's shape training set, see `trainOrReuse`. */
async function trainShapeModel(
  task: ModelTask,
  autoencoder: ShapeModel,
  report: (event: TaskEvent) => void,
  untilEpoch: number,
): Promise<TrainingOutcome> {
  const { images, shape } = generateShapes({ count: task.budget.trainSize, seed: SHAPE_TRAIN_SEED, variant: dataVariant(task.budget) });
  return trainOrReuse({ name: task.model, dir: task.dir, budget: task.budget, model: autoencoder.model, images, shape }, report, untilEpoch);
}

/** Codes and reconstruction error of the evaluation images, and the interpolations. */
function evaluate(task: ModelTask, autoencoder: ShapeModel) {
  const { images, shape } = generateShapes({ count: task.evalSize, seed: SHAPE_EVAL_SEED, variant: dataVariant(task.budget) });
  const [, height, width, channels] = shape;
  const pixels = height * width * channels;
  const { codes, dim, evalMse } = encodeImages(autoencoder, images, task.evalSize);
  const image = (index: number) => images.slice(index * pixels, (index + 1) * pixels);
  const interpolations = task.pairs.map(([i, j]) => {
    const decoded = tf.tidy(() => {
      const z1 = tf.tensor2d(codes.subarray(i * dim, (i + 1) * dim), [1, dim]);
      const z2 = tf.tensor2d(codes.subarray(j * dim, (j + 1) * dim), [1, dim]);
      const t = tf.tensor2d(task.ts, [task.ts.length, 1]);
      return autoencoder.decode(tf.add(tf.mul(tf.sub(1, t), z1), tf.mul(t, z2)));
    });
    const values = decoded.dataSync() as Float32Array;
    decoded.dispose();
    return task.ts.map((_, step) => values.slice(step * pixels, (step + 1) * pixels));
  });
  return {
    codes,
    evalMse,
    interpolations,
    pairImages: task.pairs.map(([i, j]) => [image(i), image(j)] as [Float32Array, Float32Array]),
  };
}
