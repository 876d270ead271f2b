import type { Matrix } from 'ml-matrix';
import { assertFiniteMatrix } from './assert_finite_matrix';
import { toMatrix, type CodesInput } from './to_matrix';

/**
 * Options of {@link latentCovariance} and {@link CovarianceAccumulator.covariance}.
 *
 * @category Metrics
 */
export interface CovarianceOptions {
  /**
   * Subtract the per-dimension mean before taking products (default `true`).
   * With `false` the result is the raw second moment `Zᵀ Z / (N - 1)`; the
   * divisor stays N - 1 so that codes whose mean is already zero give the same
   * matrix either way.
   */
  center?: boolean;
}

/**
 * Sample covariance of latent codes: `C = (Z - μ)ᵀ (Z - μ) / (N - 1)`, where
 * the rows of `Z` are the N codes and `μ` their mean, the matrix whose
 * spectrum the IRMAE paper plots in Figure 2 (Jing, Zbontar and LeCun,
 * NeurIPS 2020). Matches NumPy's `np.cov(Z, rowvar=False)`.
 *
 * Computed in float64 with the two-pass algorithm (mean first, then centred
 * products), so a large common offset in the codes costs no precision.
 *
 * @param codes - Codes of shape [N, dim], one row per sample; see {@link CodesInput}.
 * @param options - See {@link CovarianceOptions}; `center` defaults to `true`.
 * @returns A new dim x dim symmetric ml-matrix `Matrix` (float64), in the
 *   squared units of the codes.
 * @throws If `codes` is malformed (see {@link toMatrix}), has fewer than 2
 *   samples (the estimate divides by N - 1), or holds a NaN or infinite value
 *   (the error names its row and column).
 * @example
 * ```ts
 * latentCovariance([[0, 0], [2, 4]]).to2DArray();
 * // => [[2, 4], [4, 8]]
 * ```
 * @category Metrics
 */
export function latentCovariance(
  codes: CodesInput,
  { center = true }: CovarianceOptions = {},
): Matrix {
  const matrix = toMatrix(codes, 'codes');
  if (matrix.rows < 2) {
    throw new Error(
      `\`codes\` must have at least 2 samples (rows) to estimate a covariance, ` +
        `but got ${matrix.rows}`,
    );
  }
  assertFiniteMatrix(matrix, 'codes');
  if (center) matrix.subRowVector(matrix.mean('column'));
  return matrix.transpose().mmul(matrix).div(matrix.rows - 1);
}
