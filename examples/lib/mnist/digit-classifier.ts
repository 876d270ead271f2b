/**
 * The digit classifier whose features the Fréchet distances are measured
 * in: trained once per output directory on the MNIST training digits,
 * saved beside the models, and reused by every later run of its recipe.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { classificationAccuracy, classifierFeatures, createMnistClassifier, trainMnistClassifier } from 'irmae';
import { fileSystemHandler, loadMnist } from 'irmae/node';
import type { TaskEvent } from '../budget-training';
import { MNIST_TEST_COUNT } from './mnist-args';
import type { DigitClassifierRecipe } from './mnist-measures';

/** What classifier.json records beside the weights. */
export interface DigitClassifierRecord {
  recipe: DigitClassifierRecipe;
  /** Share of the 10,000 test digits classified right. */
  testAccuracy: number;
  trainSeconds: number;
}

const RECORD = 'classifier.json';

/**
 * The saved classifier's record, training it first when `dir` holds none of
 * this recipe.
 */
export async function trainOrReuseDigitClassifier(
  dir: string,
  recipe: DigitClassifierRecipe,
  report: (event: TaskEvent) => void,
): Promise<DigitClassifierRecord & { origin: 'trained' | 'reused' }> {
  const saved = readRecord(dir, recipe);
  if (saved !== undefined) return { ...saved, origin: 'reused' };
  report({ kind: 'log', message: `classifier: training on ${recipe.trainSize} digits for ${recipe.epochs} epochs` });
  const { trainSize, ...options } = recipe;
  const train = await loadMnist('train', { count: trainSize });
  const test = await loadMnist('test', { count: MNIST_TEST_COUNT });
  const model = createMnistClassifier({ seed: options.seed });
  try {
    const started = performance.now();
    const xs = tf.tensor4d(train.images, [train.count, 32, 32, 1]);
    await trainMnistClassifier(model, xs, train.labels, {
      ...options,
      onEpochEnd: (epoch, logs) => report({ kind: 'log', message: `classifier: epoch ${epoch + 1}, loss ${logs.loss.toExponential(3)}` }),
    }).finally(() => xs.dispose());
    const trainSeconds = (performance.now() - started) / 1000;
    const testXs = tf.tensor4d(test.images, [test.count, 32, 32, 1]);
    const testAccuracy = classificationAccuracy(model, testXs, test.labels);
    testXs.dispose();
    mkdirSync(dir, { recursive: true });
    await model.save(fileSystemHandler(dir));
    const record: DigitClassifierRecord = { recipe, testAccuracy, trainSeconds };
    writeFileSync(join(dir, RECORD), `${JSON.stringify(record, null, 2)}\n`);
    return { ...record, origin: 'trained' };
  } finally {
    model.dispose();
  }
}

function readRecord(dir: string, recipe: DigitClassifierRecipe): DigitClassifierRecord | undefined {
  const path = join(dir, RECORD);
  if (!existsSync(path) || !existsSync(join(dir, 'model.json'))) return undefined;
  const record = JSON.parse(readFileSync(path, 'utf8')) as DigitClassifierRecord;
  return JSON.stringify(record.recipe) === JSON.stringify(recipe) ? record : undefined;
}

/** Digit images `[batch, 32, 32, 1]` in [0, 1] to features `[batch, features]`; the caller disposes them. */
export type DigitFeatures = (images: tf.Tensor4D) => tf.Tensor2D;

/** Loads the saved classifier and hands its feature map to `use`, then frees it. */
export async function withDigitFeatures<T>(dir: string, use: (features: DigitFeatures) => T | Promise<T>): Promise<T> {
  const model = await tf.loadLayersModel(fileSystemHandler(dir));
  try {
    return await use((images) =>
      tf.tidy(() => {
        const { data, dim } = classifierFeatures(model, images);
        return tf.tensor2d(data, [images.shape[0], dim]);
      }),
    );
  } finally {
    model.dispose();
  }
}
