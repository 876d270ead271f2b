import type { Matrix } from 'ml-matrix';
import { latentCovariance } from '../metrics/latent_covariance';
import type { CodesInput } from '../metrics/to_matrix';
import { codeRows } from './code_rows';

/**
 * A multivariate Gaussian over codes, as {@link fitGaussian} returns it.
 *
 * @category Generation
 */
export interface GaussianModel {
  /** The mean code, length dim. */
  mean: Float64Array;
  /** The dim x dim covariance (float64, symmetric, possibly singular). */
  covariance: Matrix;
}

/**
 * Fits a full-covariance multivariate Gaussian to latent codes: the sample
 * mean and the sample covariance (divided by N - 1, as
 * {@link latentCovariance}). This is the "mvg" model of the IRMAE reference
 * code's `generation.py` (Jing, Zbontar and LeCun, NeurIPS 2020): sampling
 * it and decoding shows whether the whole latent distribution, not only the
 * encoded points, decodes to data.
 *
 * The covariance is not regularised: codes of a rank-minimizing autoencoder
 * have a (nearly) singular covariance, and {@link sampleGaussian} samples a
 * singular Gaussian exactly, on the subspace the codes span.
 *
 * @param codes - Codes [N, dim], N >= 2, in any {@link CodesInput} form.
 * @returns The fitted {@link GaussianModel}.
 * @throws If `codes` is malformed, has fewer than 2 rows, or holds a NaN or
 *   infinite value.
 * @example
 * ```ts
 * const model = fitGaussian([[0, 0], [2, 4]]);
 * model.mean;                   // => Float64Array [1, 2]
 * model.covariance.to2DArray(); // => [[2, 4], [4, 8]]
 * ```
 * @category Generation
 */
export function fitGaussian(codes: CodesInput): GaussianModel {
  const matrix = codeRows(codes, 2, 'to estimate a covariance');
  return { mean: Float64Array.from(matrix.mean('column')), covariance: latentCovariance(matrix) };
}
