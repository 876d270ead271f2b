import { CholeskyDecomposition, type Matrix } from 'ml-matrix';

/**
 * Log densities of a multivariate Gaussian at the rows of `x`:
 * `log N(x | μ, Σ) = -(d log 2π + log|Σ| + ‖L⁻¹(x - μ)‖²) / 2` with the
 * Cholesky factor `Σ = L Lᵀ`, written to `out[i * stride + offset]`.
 *
 * @returns `tr(Σ⁻¹) = ‖L⁻¹‖_F²`, for the regularisation term of the mixture's objective.
 * @throws If Σ is not positive definite (the message is the caller's).
 * @internal
 */
export function gaussianLogDensities(
  x: Float64Array,
  n: number,
  mean: Float64Array,
  covariance: Matrix,
  out: Float64Array,
  stride: number,
  offset: number,
  notPositiveDefinite: () => Error,
): number {
  const d = mean.length;
  const cholesky = new CholeskyDecomposition(covariance);
  if (!cholesky.isPositiveDefinite()) throw notPositiveDefinite();
  const inverse = invertLower(cholesky.lowerTriangularMatrix);
  let logDeterminant = 0;
  for (let j = 0; j < d; j++) logDeterminant += 2 * Math.log(cholesky.lowerTriangularMatrix.get(j, j));
  const constant = d * Math.log(2 * Math.PI) + logDeterminant;
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) centred[j] = x[i * d + j] - mean[j];
    let mahalanobis = 0;
    for (let r = 0; r < d; r++) {
      let y = 0;
      for (let c = 0; c <= r; c++) y += inverse[r * d + c] * centred[c];
      mahalanobis += y * y;
    }
    out[i * stride + offset] = -0.5 * (constant + mahalanobis);
  }
  return inverse.reduce((sum, value) => sum + value * value, 0);
}

/** The inverse of a lower-triangular d x d matrix by forward substitution, row-major. */
function invertLower(lower: Matrix): Float64Array {
  const d = lower.rows;
  const inverse = new Float64Array(d * d);
  for (let column = 0; column < d; column++) {
    for (let r = column; r < d; r++) {
      let sum = r === column ? 1 : 0;
      for (let c = column; c < r; c++) sum -= lower.get(r, c) * inverse[c * d + column];
      inverse[r * d + column] = sum / lower.get(r, r);
    }
  }
  return inverse;
}
