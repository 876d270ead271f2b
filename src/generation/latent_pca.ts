import { EVD, Matrix } from 'ml-matrix';
import { latentCovariance } from '../metrics/latent_covariance';
import type { CodesInput } from '../metrics/to_matrix';
import { codeRows } from './code_rows';

/**
 * Principal components of codes, as {@link latentPca} returns them.
 *
 * @category Generation
 */
export interface LatentPca {
  /** The mean code, length dim. */
  mean: Float64Array;
  /**
   * dim x dim: row i is the i-th principal direction (unit length), in
   * order of decreasing variance. Its sign is fixed so that its entry of
   * largest magnitude is positive, so a fit is reproducible.
   */
  components: Matrix;
  /** Variance of the codes along each component (eigenvalues of the covariance), descending, >= 0. */
  variances: Float64Array;
}

/**
 * Principal component analysis of latent codes: the eigendecomposition of
 * their sample covariance ({@link latentCovariance}, divided by N - 1), the
 * directions the "pca" grid of the IRMAE reference code's `generation.py`
 * walks along. The variances are the values Figure 2 plots (before its
 * normalisation), so a low-rank latent has few non-zero ones.
 *
 * @param codes - Codes [N, dim], N >= 2, in any {@link CodesInput} form.
 * @returns The mean, the components (rows) and their variances.
 * @throws If `codes` is malformed, has fewer than 2 rows, or holds a NaN or
 *   infinite value.
 * @example
 * ```ts
 * const pca = latentPca([[0, 0], [2, 4]]);
 * pca.variances;                   // => Float64Array [10, 0]
 * pca.components.getRow(0);        // => [0.4472..., 0.8944...] (1, 2) / √5
 * ```
 * @category Generation
 */
export function latentPca(codes: CodesInput): LatentPca {
  const matrix = codeRows(codes, 2, 'to estimate a covariance');
  const dim = matrix.columns;
  const { realEigenvalues, eigenvectorMatrix } = new EVD(latentCovariance(matrix), { assumeSymmetric: true });
  const order = realEigenvalues.map((_, j) => j).sort((a, b) => realEigenvalues[b] - realEigenvalues[a]);
  const components = new Matrix(dim, dim);
  order.forEach((column, row) => {
    const direction = eigenvectorMatrix.getColumn(column);
    const largest = direction.reduce((best, value) => (Math.abs(value) > Math.abs(best) ? value : best), 0);
    const sign = largest < 0 ? -1 : 1;
    components.setRow(row, direction.map((value) => sign * value));
  });
  return {
    mean: Float64Array.from(matrix.mean('column')),
    components,
    variances: Float64Array.from(order, (column) => Math.max(realEigenvalues[column], 0)),
  };
}
