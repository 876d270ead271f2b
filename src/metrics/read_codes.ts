import type * as tf from '@tensorflow/tfjs';

import { isTensor } from '../internal/is_tensor';
import { assertCodesTensor, type CodesInput, type FlatCodes } from './to_matrix';

/**
 * Reads latent codes off the device without blocking: a `tf.Tensor2D` is
 * read with `await tensor.data()` into `{ data, dim }`; any other
 * {@link CodesInput} is returned as it is. Every metric that takes codes
 * accepts the result, so `latentSpectrum(await readCodes(codes))` computes
 * the spectrum without the `dataSync()` that would stall a WebGL pipeline
 * (the metric's own float64 work runs on the CPU either way).
 *
 * The tensor is neither modified nor disposed; dispose it when done.
 *
 * @param codes - Codes of shape [samples, dim] in any {@link CodesInput} form.
 * @param name - The argument name used in error messages (default `'codes'`).
 * @returns `{ data, dim }` for a tensor (its values, row-major); otherwise `codes` itself.
 * @throws If a tensor is not 2D, has a string or complex dtype, or has no columns.
 * @example
 * ```ts
 * const codes = tf.tensor2d([[0, 0], [2, 0], [0, 1], [2, 1]]);
 * latentSpectrum(await readCodes(codes)); // => Float64Array [1, 0.25]
 * ```
 * @category Metrics
 */
export async function readCodes(codes: CodesInput, name = 'codes'): Promise<Exclude<CodesInput, tf.Tensor2D>> {
  if (!isTensor(codes)) return codes;
  const [, dim] = assertCodesTensor(codes, name);
  const flat: FlatCodes = { data: (await codes.data()) as ArrayLike<number>, dim };
  return flat;
}
