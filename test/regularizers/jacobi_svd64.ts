/**
 * The tests' own float64 SVD, by another algorithm than the library's
 * (ml-matrix's Golub-Kahan-Reinsch): one-sided Jacobi (Hestenes, 1958), which
 * rotates pairs of columns until all are orthogonal. It is accurate to
 * float64 rounding relative to each singular value (Demmel and Veselic,
 * 1992), ill-conditioned matrices included.
 */

/** The nuclear norm and polar factor of a matrix, in float64. */
export interface Reference {
  /** Singular values, any order. */
  sigma: number[];
  /** `sum sigma`. */
  value: number;
  /** `U_r V_r^T` over the singular values above `tolerance`, row-major. */
  polar: Float64Array;
  /** NumPy's `matrix_rank` tolerance, `max(rows, cols) * 2^-52 * sigma_max`. */
  tolerance: number;
  /** How many singular values are above it. */
  rank: number;
}

/**
 * Nuclear norm and `U_r V_r^T` of a rows x cols matrix (row-major) from a
 * one-sided Jacobi SVD in float64.
 */
export function jacobiReference(values: ArrayLike<number>, rows: number, cols: number): Reference {
  // Work on the side with fewer columns: W^T = V S U^T has the same polar factor transposed.
  const transposed = rows < cols;
  const [m, n] = transposed ? [cols, rows] : [rows, cols];
  const at = (i: number, j: number) => (transposed ? values[j * cols + i] : values[i * cols + j]);
  const a = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => at(i, j)));
  const v = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const alpha = dot(a[p], a[p]);
        const beta = dot(a[q], a[q]);
        const gamma = dot(a[p], a[q]);
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        rotate(a[p], a[q], c, c * t);
        rotate(v[p], v[q], c, c * t);
      }
    }
    if (!rotated) break;
  }
  const sigma = a.map((column) => Math.sqrt(dot(column, column)));
  const largest = Math.max(0, ...sigma);
  const tolerance = Math.max(rows, cols) * 2 ** -52 * largest;
  const kept = sigma.map((_, j) => j).filter((j) => sigma[j] > tolerance);
  // Q (m x n) = sum_j (a_j / sigma_j) v_j^T, then back to rows x cols.
  const polar = new Float64Array(rows * cols);
  for (const j of kept) {
    for (let i = 0; i < m; i++) {
      const u = a[j][i] / sigma[j];
      for (let k = 0; k < n; k++) {
        const index = transposed ? k * cols + i : i * cols + k;
        polar[index] += u * v[j][k];
      }
    }
  }
  return { sigma, value: sigma.reduce((sum, s) => sum + s, 0), polar, tolerance, rank: kept.length };
}

function dot(x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}

/** [x, y] <- [c x - s y, s x + c y], the rotation that zeroes x . y. */
function rotate(x: Float64Array, y: Float64Array, c: number, s: number): void {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const yi = y[i];
    x[i] = c * xi - s * yi;
    y[i] = s * xi + c * yi;
  }
}
