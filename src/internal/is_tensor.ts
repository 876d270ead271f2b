import type * as tf from '@tensorflow/tfjs';

/**
 * Whether `value` is a tfjs tensor. Duck-typed rather than `instanceof
 * tf.Tensor`, so tensors from another copy of tfjs-core (a common bundling
 * accident) are still recognised.
 *
 * @internal
 */
export function isTensor(value: unknown): value is tf.Tensor {
  const candidate = value as Partial<tf.Tensor> | null;
  return (
    typeof value === 'object' &&
    candidate !== null &&
    Array.isArray(candidate.shape) &&
    typeof candidate.dataSync === 'function' &&
    typeof candidate.dtype === 'string'
  );
}
