import * as tf from '@tensorflow/tfjs';

import { CodePenalty } from '../layers/code_penalty';
import { GaussianSampler } from '../layers/gaussian_sampler';
import { binaryCrossEntropyPerSample } from './binary_cross_entropy';

/** The two numbers a training step reports, as scalars. */
export interface ObjectiveTerms {
  /**
   * Reconstruction loss plus code penalties (or the VAE's KL term) and, in
   * training, the weight regularizers' penalties: what is minimized.
   */
  total: tf.Scalar;
  /** Reconstruction loss alone (MSE, or a VAE's binary cross-entropy), mean over batch, pixels and channels. */
  reconstruction: tf.Scalar;
}

/** Computes the training objective of a model on one batch. */
export type AutoencoderObjective = (xs: tf.Tensor, ys: tf.Tensor, training: boolean) => ObjectiveTerms;

/**
 * The autoencoder objective of a model: MSE between `model(xs)` and `ys`
 * (mean over all elements, PyTorch's `F.mse_loss` default) plus the penalty
 * of every {@link CodePenalty} layer of the model, evaluated on the codes
 * that pass through it in the same forward pass. A model holding a
 * {@link GaussianSampler} is a VAE and gets the reference code's VAE
 * objective instead: binary cross-entropy (mean over all elements) plus the
 * sampler's KL term `-beta * mean(1 + logvar - mu^2 - exp(logvar))` on the
 * statistics entering it.
 *
 * In training (`training` true), the penalties of the model's weight
 * regularizers (a layer's `kernelRegularizer`, e.g. a
 * {@link nuclearNormRegularizer}, nested sub-models' included) join the
 * total, as `model.fit` adds them; as in `model.evaluate`, they stay out of
 * the objective outside training.
 *
 * @param model A model with one output.
 * @returns The objective; call it inside `tf.tidy` or a gradient function.
 * @throws Error when the model has several outputs or several
 *   GaussianSampler layers, or when a CodePenalty or GaussianSampler layer is
 *   nested inside a sub-model (its term would silently not count).
 */
export function autoencoderObjective(model: tf.LayersModel): AutoencoderObjective {
  if (model.outputs.length !== 1) {
    throw new Error(`\`model\` must have one output (the reconstruction), but has ${model.outputs.length}`);
  }
  rejectNestedPenalties(model);
  const penalties = model.layers.filter((layer): layer is CodePenalty => layer instanceof CodePenalty);
  const sampler = vaeSampler(model);
  // A view of the same graph that also outputs the codes entering each
  // penalty layer; it shares the model's layers and weights. A penalty layer
  // may be the model's output itself, and tfjs rejects repeated outputs.
  const wanted = [
    model.outputs[0],
    ...penalties.map((layer) => layer.output as tf.SymbolicTensor),
    ...(sampler === undefined ? [] : [sampler.input as tf.SymbolicTensor]),
  ];
  const distinct = [...new Set(wanted)];
  const position = wanted.map((tensor) => distinct.indexOf(tensor));
  const view = distinct.length === 1 ? model : tf.model({ inputs: model.inputs, outputs: distinct });
  return (xs, ys, training) => {
    const outputs = view.apply(xs, { training }) as tf.Tensor | tf.Tensor[];
    const list = Array.isArray(outputs) ? outputs : [outputs];
    const [reconstructed, ...codes] = position.map((index) => list[index]);
    if (sampler !== undefined) {
      const reconstruction = binaryCrossEntropyPerSample(ys, reconstructed).mean() as tf.Scalar;
      const total = reconstruction.add(sampler.klPerSample(codes[codes.length - 1]).mean()) as tf.Scalar;
      return { total: training ? withWeightPenalties(model, total) : total, reconstruction };
    }
    const reconstruction = tf.losses.meanSquaredError(ys, reconstructed) as tf.Scalar;
    const total = codes.reduce<tf.Scalar>((sum, code, i) => sum.add(penalties[i].penalty(code)), reconstruction);
    return { total: training ? withWeightPenalties(model, total) : total, reconstruction };
  };
}

/** `total` plus the current penalty of every weight regularizer of the model, as `model.fit` adds them. */
function withWeightPenalties(model: tf.LayersModel, total: tf.Scalar): tf.Scalar {
  return model.calculateLosses().reduce<tf.Scalar>((sum, penalty) => sum.add(penalty), total);
}

/**
 * The model's GaussianSampler, when it is a VAE.
 *
 * @throws Error when the model holds several; a VAE with code penalties is not supported either.
 */
export function vaeSampler(model: tf.LayersModel): GaussianSampler | undefined {
  const samplers = model.layers.filter((layer): layer is GaussianSampler => layer instanceof GaussianSampler);
  if (samplers.length > 1) {
    throw new Error(`\`model\` must hold at most one GaussianSampler layer (a VAE), but holds ${samplers.length}`);
  }
  if (samplers.length === 1 && model.layers.some((layer) => layer instanceof CodePenalty)) {
    throw new Error('`model` holds both a GaussianSampler and a CodePenalty layer; a VAE takes no code penalty');
  }
  return samplers[0];
}

function rejectNestedPenalties(model: tf.LayersModel): void {
  for (const layer of model.layers) {
    if (layer instanceof tf.LayersModel && containsLoss(layer, CodePenalty)) {
      throw new Error(
        `A CodePenalty layer is nested inside the sub-model "${layer.name}"; ` +
          'put it directly in the model passed to trainAutoencoder so that its penalty counts',
      );
    }
    if (layer instanceof tf.LayersModel && containsLoss(layer, GaussianSampler)) {
      throw new Error(
        `A GaussianSampler layer is nested inside the sub-model "${layer.name}"; ` +
          'put it directly in the model passed to trainAutoencoder so that its KL term counts',
      );
    }
  }
}

function containsLoss(model: tf.LayersModel, kind: typeof CodePenalty | typeof GaussianSampler): boolean {
  return model.layers.some((layer) => layer instanceof kind || (layer instanceof tf.LayersModel && containsLoss(layer, kind)));
}
