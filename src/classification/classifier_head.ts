import * as tf from '@tensorflow/tfjs';

import { assertPositiveInteger, assertSeed } from '../internal/assert_args';
import { torchLinearInitializer } from '../layers/initializers';
import { seededDropout } from '../layers/seeded_dropout';
import { streamSeed } from '../random/stream_seed';

/**
 * Options of {@link classifierHead}.
 *
 * @category Classification
 */
export interface ClassifierHeadOptions {
  /**
   * Seed of the weights and dropout masks, an integer in [0, 2^32 - 1]:
   * dense layer i draws its kernel from `streamSeed(seed,
   * 'classifier-head-kernel', i)` and its bias from `'classifier-head-bias'`,
   * dropout layer i its masks from `'classifier-head-dropout'`. Default:
   * Math.random.
   */
  seed?: number;
}

/**
 * The classification head of the IRMAE reference code (`model.Head` of
 * facebookresearch/irmae, used by `classification.py`), on codes `[batch, n]`:
 *
 * | PyTorch                       | tfjs here                                  | output      |
 * |-------------------------------|--------------------------------------------|-------------|
 * | Linear(n, n), ReLU            | dense n, relu                              | [n]         |
 * | Dropout2d(0.5)                | {@link seededDropout} 0.5                  | [n]         |
 * | Linear(n, n), ReLU            | dense n, relu                              | [n]         |
 * | Dropout2d(0.5)                | {@link seededDropout} 0.5                  | [n]         |
 * | Linear(n, classes, bias=False)| dense classes, no bias                     | [classes]   |
 *
 * The output is the logits; the reference trains them with the negative
 * log-likelihood of their log-softmax ({@link trainClassifier}). Weights
 * start as PyTorch's `nn.Linear` does: kernel and bias uniform in
 * ±1/sqrt(n). (`Dropout2d` on a 2-D input drops single values in the
 * PyTorch of the reference, as plain dropout does.)
 *
 * @param n Width of the codes and of the hidden layers, a positive integer.
 * @param classes Number of classes, a positive integer.
 * @param options `seed`, see {@link ClassifierHeadOptions}.
 * @returns A `tf.Sequential` mapping `[batch, n]` to logits `[batch, classes]`.
 * @throws Error naming `n`, `classes` or `seed` when invalid.
 *
 * @example
 * ```ts
 * const head = classifierHead(128, 10, { seed: 1 });
 * head.countParams(); // => 34304 (2 * (128 * 128 + 128) + 128 * 10)
 * ```
 *
 * @category Classification
 */
export function classifierHead(n: number, classes: number, options: ClassifierHeadOptions = {}): tf.Sequential {
  assertPositiveInteger(n, 'n');
  assertPositiveInteger(classes, 'classes');
  const { seed = Math.floor(Math.random() * 2 ** 32) } = options;
  assertSeed(seed, 'seed');
  const bound = 1 / Math.sqrt(n);
  const dense = (index: number, units: number, hidden: boolean): tf.layers.Layer =>
    tf.layers.dense({
      ...(index === 0 && { inputShape: [n] }),
      units,
      activation: hidden ? 'relu' : 'linear',
      useBias: hidden,
      kernelInitializer: torchLinearInitializer(streamSeed(seed, 'classifier-head-kernel', index)),
      biasInitializer: tf.initializers.randomUniform({
        minval: -bound,
        maxval: bound,
        seed: streamSeed(seed, 'classifier-head-bias', index),
      }),
    });
  const dropout = (index: number) => seededDropout({ rate: 0.5, seed: streamSeed(seed, 'classifier-head-dropout', index) });
  return tf.sequential({
    layers: [dense(0, n, true), dropout(0), dense(1, n, true), dropout(1), dense(2, classes, false)],
  });
}
