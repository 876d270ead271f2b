import type * as tf from '@tensorflow/tfjs';

/** A moment variable of tfjs's AdamOptimizer and the name it is saved under. */
export interface AdamMoment {
  originalName: string;
  variable: tf.Variable;
}

/**
 * The private state of tfjs 4.x's AdamOptimizer: bias-correction powers
 * beta^t and the moments, indexed like the gradients passed to it. Checked
 * with `instanceof tf.Variable` before use, so other versions fall back.
 */
export interface AdamInternals {
  beta1: number;
  beta2: number;
  accBeta1?: unknown;
  accBeta2?: unknown;
  accumulatedFirstMoment?: (AdamMoment | undefined)[];
  accumulatedSecondMoment?: (AdamMoment | undefined)[];
}
