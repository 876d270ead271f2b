import { EVD, Matrix } from 'ml-matrix';

/**
 * A square root `A` of a symmetric positive semi-definite matrix, `A Aᵀ = C`,
 * from its eigendecomposition: `A = V diag(sqrt(max(λ, 0)))`. Unlike a
 * Cholesky factor it exists for singular covariances, which is the normal
 * case for the codes of a rank-minimizing autoencoder; eigenvalues that
 * rounding made slightly negative count as 0.
 *
 * @internal
 */
export function covarianceFactor(covariance: Matrix): Matrix {
  const { realEigenvalues, eigenvectorMatrix } = new EVD(covariance, { assumeSymmetric: true });
  const factor = eigenvectorMatrix.clone();
  realEigenvalues.forEach((value, j) => {
    const scale = Math.sqrt(Math.max(value, 0));
    for (let i = 0; i < factor.rows; i++) factor.set(i, j, factor.get(i, j) * scale);
  });
  return factor;
}

/**
 * Writes `mean + factor · ε` into `out[offset .. offset + dim - 1]`, with ε
 * `dim` fresh standard normal draws from `normal`.
 *
 * @internal
 */
export function writeGaussianDraw(
  out: Float32Array,
  offset: number,
  mean: ArrayLike<number>,
  factor: Matrix,
  normal: () => number,
): void {
  const dim = factor.rows;
  const noise = Array.from({ length: factor.columns }, normal);
  for (let i = 0; i < dim; i++) {
    let value = mean[i];
    for (let j = 0; j < noise.length; j++) value += factor.get(i, j) * noise[j];
    out[offset + i] = value;
  }
}
