import * as tf from '@tensorflow/tfjs';

import { tfjsPrivateFieldError } from '../internal/tfjs_private_fields';

/**
 * A tfjs weight regularizer object, as returned by `tf.regularizers.l1l2()`
 * and taken by layers as `kernelRegularizer`: `apply(weight)` gives the
 * scalar penalty that training adds to the loss. tfjs does not export the
 * class publicly, so the type is derived.
 *
 * @category Regularizers
 */
export type Regularizer = ReturnType<typeof tf.regularizers.l1l2>;

/** A constructor of regularizers, with the static `fromConfig` of serializable classes. */
type RegularizerClass = (abstract new () => Regularizer) & Pick<typeof tf.serialization.Serializable, 'fromConfig'>;

let base: RegularizerClass | undefined;

/**
 * tfjs's `Regularizer` base class, which tfjs does not export. Layers accept
 * a `kernelRegularizer` object only if it is an `instanceof` that class (any
 * other object is read as a serialized config), so a regularizer of the
 * library must derive from it. It is reached through `L1L2`, tfjs's one
 * built-in regularizer, and checked to be a serializable class of its own,
 * so that a tfjs with another class hierarchy fails here, by name.
 *
 * @returns The base class.
 * @throws Error naming the tfjs versions when the base of `L1L2` is not a
 *   subclass of `tf.serialization.Serializable`.
 * @internal
 */
export function regularizerBaseClass(): RegularizerClass {
  if (base !== undefined) return base;
  const l1l2 = tf.regularizers.l1l2().constructor;
  const candidate: unknown = Object.getPrototypeOf(l1l2.prototype)?.constructor;
  const serializable = tf.serialization.Serializable;
  if (
    typeof candidate !== 'function' ||
    candidate === serializable ||
    !(candidate.prototype instanceof serializable)
  ) {
    const found = typeof candidate === 'function' ? candidate.name || 'an anonymous class' : String(candidate);
    throw tfjsPrivateFieldError(
      'base class of tf.regularizers.l1l2()',
      'a subclass of tf.serialization.Serializable (tfjs-layers\' Regularizer)',
      found,
    );
  }
  base = candidate as RegularizerClass;
  return base;
}

/**
 * Whether `value` is a tfjs regularizer object (of tfjs or of the library).
 *
 * @internal
 */
export function isRegularizer(value: unknown): value is Regularizer {
  return value instanceof regularizerBaseClass();
}
