import { Matrix, SVD } from 'ml-matrix';

/** The nuclear norm of a matrix and its (sub)gradient, from one SVD. */
export interface NuclearNormAndPolar {
  /** `sum_i sigma_i`, in float64; NaN when the matrix holds a NaN or infinity. */
  value: number;
  /**
   * `U_r V_r^T` over the r singular values above the rank tolerance, row-major,
   * the matrix's shape; all NaN when the matrix holds a NaN or infinity.
   */
  polar: Float32Array;
  /** r: how many singular values count as non-zero. */
  rank: number;
}

/**
 * The nuclear norm `||W||_* = sum_i sigma_i(W)` of a rows x cols matrix and
 * its gradient `U V^T` (W = U S V^T), both from one SVD in float64 (ml-matrix,
 * Golub-Kahan-Reinsch). Singular values at or below NumPy's `matrix_rank`
 * tolerance, `max(rows, cols) * 2^-52 * sigma_max`, count as zero: their
 * singular vectors are left out, so the gradient is `U_r V_r^T`, zero on
 * both null spaces (the subgradient of least norm). A zero matrix gives 0 and
 * a zero gradient; an empty one (a dimension of 0) gives 0 and an empty
 * gradient.
 *
 * @param values The matrix, row-major (float32 weights are read exactly).
 * @param rows Number of rows.
 * @param cols Number of columns.
 * @returns The value, the polar factor `U_r V_r^T` rounded to float32 once,
 *   and r.
 * @internal
 */
export function nuclearNormAndPolar(values: ArrayLike<number>, rows: number, cols: number): NuclearNormAndPolar {
  const size = rows * cols;
  if (size === 0) return { value: 0, polar: new Float32Array(0), rank: 0 };
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(values[i])) return { value: NaN, polar: new Float32Array(size).fill(NaN), rank: 0 };
  }
  const matrix = Matrix.from1DArray(rows, cols, values);
  const svd = new SVD(matrix, { autoTranspose: true });
  const sigma = svd.diagonal;
  const largest = sigma.reduce((max, s) => Math.max(max, s), 0);
  const tolerance = Math.max(rows, cols) * Number.EPSILON * largest;
  const kept: number[] = [];
  let value = 0;
  for (let k = 0; k < sigma.length; k++) {
    value += sigma[k];
    if (sigma[k] > tolerance) kept.push(k);
  }
  const u = rowsOf(svd.leftSingularVectors, kept);
  const v = rowsOf(svd.rightSingularVectors, kept);
  const polar = new Float32Array(size);
  const rank = kept.length;
  for (let i = 0; i < rows; i++) {
    const ui = u[i];
    for (let j = 0; j < cols; j++) {
      const vj = v[j];
      let sum = 0;
      for (let k = 0; k < rank; k++) sum += ui[k] * vj[k];
      polar[i * cols + j] = sum;
    }
  }
  return { value, polar, rank };
}

/** The rows of `matrix` restricted to the columns `kept`, as packed Float64Arrays. */
function rowsOf(matrix: Matrix, kept: readonly number[]): Float64Array[] {
  return Array.from({ length: matrix.rows }, (_, i) => {
    const row = matrix.getRow(i);
    return Float64Array.from(kept, (k) => row[k]);
  });
}
