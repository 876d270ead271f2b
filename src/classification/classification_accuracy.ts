import * as tf from '@tensorflow/tfjs';

import { assertPositiveInteger } from '../internal/assert_args';
import { checkedLabels } from './class_labels';
import { checkInputs, classCount } from './train_classifier';

/**
 * Options of {@link classificationAccuracy}.
 *
 * @category Classification
 */
export interface ClassificationAccuracyOptions {
  /** Rows per forward pass, a positive integer; bounds the memory used. Default 1000. */
  batchSize?: number;
}

/**
 * The fraction of rows whose largest logit is at their label, with the model
 * in inference mode (dropout off), computed `batchSize` rows at a time. A
 * tie goes to the lowest class, as `tf.argMax` breaks it.
 *
 * @param model Maps `inputs` to logits `[rows, classes]`, one output.
 * @param inputs Codes `[rows, n]` or NHWC images, any tensor whose first axis is the rows.
 * @param labels The class of each row, integers in [0, classes), `rows` of them.
 * @param options `batchSize`, see {@link ClassificationAccuracyOptions}.
 * @returns The accuracy, a number in [0, 1].
 * @throws Error naming `model`, `inputs`, `labels` or `batchSize` when invalid
 *   or when the labels' count differs from the rows.
 *
 * @example
 * ```ts
 * const head = classifierHead(2, 2, { seed: 1 });
 * classificationAccuracy(head, tf.tensor2d([[1, 0], [0, 1]]), [0, 1]); // => 0, 0.5 or 1
 * ```
 *
 * @category Classification
 */
export function classificationAccuracy(
  model: tf.LayersModel,
  inputs: tf.Tensor,
  labels: ArrayLike<number>,
  options: ClassificationAccuracyOptions = {},
): number {
  const classes = classCount(model);
  const rows = checkInputs(inputs);
  const checked = checkedLabels(labels, classes, 'labels');
  if (checked.length !== rows) {
    throw new Error(`\`labels\` must hold one label per row of \`inputs\` (${rows}), but holds ${checked.length}`);
  }
  const { batchSize = 1000 } = options;
  assertPositiveInteger(batchSize, 'batchSize');
  let correct = 0;
  for (let start = 0; start < rows; start += batchSize) {
    const size = Math.min(batchSize, rows - start);
    const predicted = tf.tidy(() => {
      const chunk = inputs.slice(start, size);
      return tf.argMax(model.predict(chunk) as tf.Tensor, 1).dataSync();
    });
    predicted.forEach((label, i) => {
      if (label === checked[start + i]) correct += 1;
    });
  }
  return correct / rows;
}
