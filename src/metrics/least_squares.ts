import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';

import { rankTolerance } from './numerical_rank';

/**
 * Solves the minimum-norm least-squares problem `rows · W ≈ targets` for
 * centred targets [rows, k], with the rows fixed when the solver was made;
 * returns W [columns, k].
 */
export type LeastSquaresSolver = (targets: Matrix) => Matrix;

/**
 * Through the SVD of the rows, as `numpy.linalg.lstsq` with its default
 * cut-off: singular values below `max(m, n) · 2⁻⁵² · s_max` get no weight, as
 * the float64 SVD does not resolve them. A float32 cut-off (`2⁻²³`) would be
 * wrong even for float32 codes: they are rounded to 2⁻²⁴ of each entry, far
 * below it, and IRMAE codes carry real signal in directions between the two.
 */
export function svdLeastSquares(rows: Matrix): LeastSquaresSolver {
  const svd = new SingularValueDecomposition(rows, { autoTranspose: true });
  const leftTransposed = svd.leftSingularVectors.transpose();
  const tolerance = rankTolerance(svd.diagonal[0] ?? 0, Math.max(rows.rows, rows.columns), 'float64');
  const inverses = svd.diagonal.map((value) => (value > tolerance ? 1 / value : 0));
  return (targets) => svd.rightSingularVectors.mmul(leftTransposed.mmul(targets).mulColumnVector(inverses));
}

/**
 * Through the eigenvectors of the Gram matrix `rowsᵀ rows`: one pass over the
 * rows, then work on a [columns, columns] matrix, where the SVD of many rows
 * of many columns is slow (over a minute for 7500 x 560 in ml-matrix). Squaring
 * the condition number costs precision: eigenvalues below
 * `max(m, n) · 2⁻⁵² · λ_max`, that is singular values below about
 * `sqrt(max(m, n) · 2⁻⁵²)` (1e-6 for 7500 rows) of the largest, get no weight.
 */
export function normalEquationsLeastSquares(rows: Matrix): LeastSquaresSolver {
  const eigen = new EigenvalueDecomposition(gramMatrix(rows), { assumeSymmetric: true });
  const vectors = eigen.eigenvectorMatrix;
  const values = eigen.realEigenvalues;
  const tolerance = rankTolerance(Math.max(0, ...values), Math.max(rows.rows, rows.columns), 'float64');
  const inverses = values.map((value) => (value > tolerance ? 1 / value : 0));
  const rowsTransposed = rows.transpose();
  const vectorsTransposed = vectors.transpose();
  return (targets) => vectors.mmul(vectorsTransposed.mmul(rowsTransposed.mmul(targets)).mulColumnVector(inverses));
}

/** `rowsᵀ rows`, accumulated over typed rows (ml-matrix's mmul is far slower here). */
function gramMatrix(rows: Matrix): Matrix {
  const n = rows.columns;
  const upper = new Float64Array(n * n);
  for (let r = 0; r < rows.rows; r++) {
    const row = Float64Array.from(rows.getRow(r));
    for (let i = 0; i < n; i++) {
      const value = row[i];
      if (value === 0) continue;
      for (let j = i; j < n; j++) upper[i * n + j] += value * row[j];
    }
  }
  const gram = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      gram.set(i, j, upper[i * n + j]);
      gram.set(j, i, upper[i * n + j]);
    }
  }
  return gram;
}
