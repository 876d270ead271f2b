import { SVD } from 'ml-matrix';
import { assertFiniteMatrix } from './assert_finite_matrix';
import { toMatrix, type CodesInput } from './to_matrix';

/**
 * Singular values of a matrix, largest first, from ml-matrix's SVD (the
 * Golub-Kahan-Reinsch algorithm of JAMA) in float64.
 *
 * For a symmetric positive semi-definite matrix such as a covariance, the
 * singular values are its eigenvalues.
 *
 * @param matrix - An M x N matrix in any {@link CodesInput} form.
 * @returns A new `Float64Array` of the min(M, N) singular values, descending;
 *   empty when the matrix has no rows.
 * @throws If `matrix` is malformed (see {@link toMatrix}) or holds a NaN or
 *   infinite value.
 * @example
 * ```ts
 * singularValues([[3, 0], [0, -4]]);
 * // => Float64Array [4, 3]
 * ```
 * @category Metrics
 */
export function singularValues(matrix: CodesInput): Float64Array {
  const values = toMatrix(matrix, 'matrix');
  if (values.rows === 0) return new Float64Array(0);
  assertFiniteMatrix(values, 'matrix');
  const svd = new SVD(values, {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  });
  return Float64Array.from(svd.diagonal).sort().reverse();
}
