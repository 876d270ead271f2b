import * as tf from '@tensorflow/tfjs';

import { CodePenalty } from '../layers/code_penalty';
import type { GaussianSampler } from '../layers/gaussian_sampler';
import { autoencoderObjective, vaeSampler } from './autoencoder_objective';
import { binaryCrossEntropyPerSample } from './binary_cross_entropy';

/** A per-sample loss as `model.compile` takes it: `(yTrue, yPred) => [batch]`. */
export type PerSampleLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * An autoencoder laid out for tfjs's own `model.fit` / `model.fitDataset`,
 * as a Keras user writes an activity penalty: one output per loss term.
 *
 * @category Training
 */
export interface FitOutputs {
  /**
   * The same layers and weights as the autoencoder, with outputs
   * `[reconstruction, code entering each CodePenalty layer...]`. Compile it
   * with `loss: fit.loss` and train it; the autoencoder trains with it.
   */
  model: tf.LayersModel;
  /**
   * One loss per output, each per sample (`[batch]`, so that tfjs's sum of
   * the outputs' losses lines up sample by sample): the reconstruction's MSE
   * (mean over pixels and channels), then each penalty
   * `l1 * sum|e| + l2 * sum e^2`. Their batch mean is
   * {@link trainAutoencoder}'s objective.
   */
  loss: PerSampleLoss[];
  /**
   * The targets of `model.fit` for reconstruction targets `ys` `[n, ...]`:
   * `[ys, zeros for each penalty output]` (the penalties ignore their
   * target; tfjs needs one per output). For a dataset:
   * `dataset.map(({ xs, ys }) => ({ xs, ys: fit.targets(ys) }))`.
   *
   * @param ys Reconstruction targets, `[n, ...]`.
   * @returns New tensors; the caller disposes them.
   */
  targets(ys: tf.Tensor): tf.Tensor[];
}

/** Mean squared error per sample: mean over every axis but the first. */
function perSampleMse(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const axes = Array.from({ length: yPred.rank - 1 }, (_, i) => i + 1);
    return tf.mean(tf.squaredDifference(yTrue, yPred), axes);
  });
}

/** The per-sample penalty of one CodePenalty layer, ignoring the target. */
function perSamplePenalty(layer: CodePenalty): PerSampleLoss {
  return (_yTrue, codes) =>
    tf.tidy(() => {
      const axes = Array.from({ length: codes.rank - 1 }, (_, i) => i + 1);
      let total = tf.zeros([codes.shape[0] ?? 0]);
      if (layer.l1 > 0) total = total.add(tf.sum(tf.abs(codes), axes).mul(layer.l1));
      if (layer.l2 > 0) total = total.add(tf.sum(tf.square(codes), axes).mul(layer.l2));
      return total;
    });
}

/**
 * Lays an autoencoder out for plain `model.fit`: the code penalty of each
 * {@link CodePenalty} layer becomes a second output with its own loss, the
 * way a Keras user adds an activity penalty, so all five figure models (the
 * L1 / L2 baselines included) train with tfjs's loop, its callbacks and
 * `fitDataset`. The objective is the one {@link trainAutoencoder} minimises:
 * reconstruction MSE plus the batch mean of the penalties. A VAE (a model
 * holding a {@link GaussianSampler}) gets outputs `[reconstruction, means and
 * log-variances]` with losses binary cross-entropy and the KL term. A model without
 * penalty layers gets the single MSE output (plain
 * `model.compile({ loss: 'meanSquaredError' })` does the same).
 *
 * @param autoencoder The autoencoder, one input and one output, penalty
 *   layers directly in it (e.g. `createFigureModel('ae-l1').model`).
 * @returns `{ model, loss, targets }`, see {@link FitOutputs}.
 * @throws Error when the autoencoder has several outputs or a penalty layer
 *   nested in a sub-model.
 * @example
 * ```ts
 * const { model } = createFigureModel('ae-l1', { seed: 1 });
 * const fit = fitOutputs(model);
 * fit.model.compile({ optimizer: tf.train.adam(1e-4), loss: fit.loss });
 * const ys = fit.targets(xs);
 * const history = await fit.model.fit(xs, ys, { epochs: 2, batchSize: 32 });
 * history.history.loss.length; // => 2
 * ```
 * @category Training
 */
export function fitOutputs(autoencoder: tf.LayersModel): FitOutputs {
  autoencoderObjective(autoencoder); // checks: one output, no nested penalty layers
  const [reconstruction] = autoencoder.outputs;
  const sampler = vaeSampler(autoencoder);
  if (sampler !== undefined) return vaeFitOutputs(autoencoder, sampler);
  const penalties = autoencoder.layers.filter((layer): layer is CodePenalty => layer instanceof CodePenalty);
  // A penalty layer may be the model's output itself (tfjs rejects an output
  // listed twice): its penalty then joins the reconstruction's loss.
  const onOutput = penalties.filter((layer) => layer.output === reconstruction).map(perSamplePenalty);
  const separate = penalties.filter((layer) => layer.output !== reconstruction);
  const codes = separate.map((layer) => layer.output as tf.SymbolicTensor);
  const reconstructionLoss: PerSampleLoss =
    onOutput.length === 0
      ? perSampleMse
      : (yTrue, yPred) => tf.tidy(() => onOutput.reduce((sum, penalty) => sum.add(penalty(yTrue, yPred)), perSampleMse(yTrue, yPred)));
  const model = tf.model({ inputs: autoencoder.inputs, outputs: [reconstruction, ...codes] });
  return {
    model,
    loss: [reconstructionLoss, ...separate.map(perSamplePenalty)],
    targets: (ys) => [ys.clone(), ...codes.map((code) => tf.zeros([ys.shape[0], ...code.shape.slice(1)] as number[]))],
  };
}

/**
 * A VAE for `model.fit`: outputs `[reconstruction, the sampler's input]`,
 * losses per sample: binary cross-entropy (mean over pixels) and the KL term.
 */
function vaeFitOutputs(autoencoder: tf.LayersModel, sampler: GaussianSampler): FitOutputs {
  const stats = sampler.input as tf.SymbolicTensor;
  return {
    model: tf.model({ inputs: autoencoder.inputs, outputs: [autoencoder.outputs[0], stats] }),
    loss: [binaryCrossEntropyPerSample, (_yTrue, yPred) => sampler.klPerSample(yPred)],
    targets: (ys) => [ys.clone(), tf.zeros([ys.shape[0], ...stats.shape.slice(1)] as number[])],
  };
}
