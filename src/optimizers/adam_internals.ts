import * as tf from '@tensorflow/tfjs';

import { describeValue } from '../internal/describe_value';
import { tfjsPrivateFieldError } from '../internal/tfjs_private_fields';

/** A moment variable of tfjs's AdamOptimizer and the name it is saved under. */
export interface AdamMoment {
  originalName: string;
  variable: tf.Variable;
}

/**
 * The private state of tfjs 4.22's AdamOptimizer: bias-correction powers
 * beta^t and the moments, indexed like the gradients passed to it. Read
 * through {@link adamInternals}, which checks it.
 */
export interface AdamInternals {
  beta1: number;
  beta2: number;
  accBeta1?: unknown;
  accBeta2?: unknown;
  accumulatedFirstMoment?: (AdamMoment | undefined)[];
  accumulatedSecondMoment?: (AdamMoment | undefined)[];
}

/** {@link AdamInternals} as tfjs 4.22 has them, checked. */
export interface CheckedAdamInternals extends AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: (AdamMoment | undefined)[];
  accumulatedSecondMoment: (AdamMoment | undefined)[];
}

/**
 * The private state of a tfjs AdamOptimizer, checked field by field.
 *
 * @throws Error naming the field, the installed tfjs and the tested one when
 *   a field is missing or of another kind (a tfjs release that changed them).
 * @internal
 */
export function adamInternals(optimizer: tf.AdamOptimizer): CheckedAdamInternals {
  const state = optimizer as unknown as AdamInternals;
  for (const field of ['accBeta1', 'accBeta2'] as const) {
    if (!(state[field] instanceof tf.Variable)) {
      throw tfjsPrivateFieldError(`AdamOptimizer.${field}`, 'a tf.Variable', describeField(state[field]));
    }
  }
  for (const field of ['accumulatedFirstMoment', 'accumulatedSecondMoment'] as const) {
    if (!Array.isArray(state[field])) {
      throw tfjsPrivateFieldError(`AdamOptimizer.${field}`, 'an array', describeField(state[field]));
    }
  }
  return state as CheckedAdamInternals;
}

function describeField(value: unknown): string {
  return value instanceof tf.Tensor ? `a tensor` : describeValue(value);
}
