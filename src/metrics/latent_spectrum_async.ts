import { latentSpectrum, type LatentSpectrumOptions } from './latent_spectrum';
import { readCodes } from './read_codes';
import type { CodesInput } from './to_matrix';

/**
 * {@link latentSpectrum} for pipelines that must not block: a tensor is read
 * with `await tensor.data()` ({@link readCodes}) instead of `dataSync()`, so a
 * WebGL backend keeps its queue running and a page stays responsive while the
 * codes download. Same result as `latentSpectrum`, to the bit.
 *
 * @param codes - Codes of shape [N, dim], one row per sample; see {@link CodesInput}.
 * @param options - See {@link LatentSpectrumOptions}; `normalize` defaults to `'max'`.
 * @returns A promise of a new `Float64Array` of length dim, descending.
 * @throws (rejects) For the errors of {@link latentSpectrum} and {@link readCodes}.
 * @example
 * ```ts
 * const codes = tf.tensor2d([[0, 0], [2, 0], [0, 1], [2, 1]]);
 * await latentSpectrumAsync(codes); // => Float64Array [1, 0.25]
 * ```
 * @category Metrics
 */
export async function latentSpectrumAsync(
  codes: CodesInput,
  options: LatentSpectrumOptions = {},
): Promise<Float64Array> {
  return latentSpectrum(await readCodes(codes), options);
}
