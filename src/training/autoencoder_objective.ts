import * as tf from '@tensorflow/tfjs';

import { CodePenalty } from '../layers/code_penalty';

/** The two numbers a training step reports, as scalars. */
export interface ObjectiveTerms {
  /** Reconstruction MSE plus code penalties: what is minimized. */
  total: tf.Scalar;
  /** Reconstruction MSE alone, mean over batch, pixels and channels. */
  reconstruction: tf.Scalar;
}

/** Computes the training objective of a model on one batch. */
export type AutoencoderObjective = (xs: tf.Tensor, ys: tf.Tensor, training: boolean) => ObjectiveTerms;

/**
 * The autoencoder objective of a model: MSE between `model(xs)` and `ys`
 * (mean over all elements, PyTorch's `F.mse_loss` default) plus the penalty
 * of every {@link CodePenalty} layer of the model, evaluated on the codes
 * that pass through it in the same forward pass.
 *
 * @param model A model with one output.
 * @returns The objective; call it inside `tf.tidy` or a gradient function.
 * @throws Error when the model has several outputs, or when a CodePenalty
 *   layer is nested inside a sub-model (its penalty would silently not count).
 */
export function autoencoderObjective(model: tf.LayersModel): AutoencoderObjective {
  if (model.outputs.length !== 1) {
    throw new Error(`\`model\` must have one output (the reconstruction), but has ${model.outputs.length}`);
  }
  rejectNestedPenalties(model);
  const penalties = model.layers.filter((layer): layer is CodePenalty => layer instanceof CodePenalty);
  // A view of the same graph that also outputs the codes entering each
  // penalty layer; it shares the model's layers and weights. A penalty layer
  // may be the model's output itself, and tfjs rejects repeated outputs.
  const wanted = [model.outputs[0], ...penalties.map((layer) => layer.output as tf.SymbolicTensor)];
  const distinct = [...new Set(wanted)];
  const position = wanted.map((tensor) => distinct.indexOf(tensor));
  const view = distinct.length === 1 ? model : tf.model({ inputs: model.inputs, outputs: distinct });
  return (xs, ys, training) => {
    const outputs = view.apply(xs, { training }) as tf.Tensor | tf.Tensor[];
    const list = Array.isArray(outputs) ? outputs : [outputs];
    const [reconstructed, ...codes] = position.map((index) => list[index]);
    const reconstruction = tf.losses.meanSquaredError(ys, reconstructed) as tf.Scalar;
    const total = codes.reduce<tf.Scalar>((sum, code, i) => sum.add(penalties[i].penalty(code)), reconstruction);
    return { total, reconstruction };
  };
}

function rejectNestedPenalties(model: tf.LayersModel): void {
  for (const layer of model.layers) {
    if (layer instanceof tf.LayersModel && containsPenalty(layer)) {
      throw new Error(
        `A CodePenalty layer is nested inside the sub-model "${layer.name}"; ` +
          'put it directly in the model passed to trainAutoencoder so that its penalty counts',
      );
    }
  }
}

function containsPenalty(model: tf.LayersModel): boolean {
  return model.layers.some(
    (layer) => layer instanceof CodePenalty || (layer instanceof tf.LayersModel && containsPenalty(layer)),
  );
}
