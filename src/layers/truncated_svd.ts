/**
 * The float64 linear algebra of {@link RankReduction}: the thin SVD of a
 * row-major matrix (ml-matrix, the Golub-Kahan-Reinsch algorithm of JAMA),
 * its rank-k truncation, the exact gradient of that truncation, and the
 * basis the RRAEs library keeps after training.
 *
 * Matrices are row-major `Float64Array`s with their sizes alongside; nothing
 * here touches tfjs.
 */
import { Matrix, SVD } from 'ml-matrix';

/**
 * Thin SVD `A = U diag(s) V^T` of an m x n matrix, r = min(m, n): `u` is
 * m x r, `v` is n x r (both row-major, orthonormal columns), `s` holds the r
 * singular values, largest first.
 */
export interface ThinSvd {
  rows: number;
  cols: number;
  /** min(rows, cols): the number of singular values. */
  r: number;
  u: Float64Array;
  s: Float64Array;
  v: Float64Array;
}

/**
 * Thin SVD of the m x n row-major matrix `values`, in float64 (ml-matrix's
 * SVD, transposed internally when m < n).
 *
 * @param values m * n entries, row-major.
 * @param rows m >= 1.
 * @param cols n >= 1.
 * @returns U (m x r), s (r, descending) and V (n x r), r = min(m, n).
 */
export function thinSvd(values: ArrayLike<number>, rows: number, cols: number): ThinSvd {
  const matrix = Matrix.from1DArray(rows, cols, Array.from(values));
  const svd = new SVD(matrix, { autoTranspose: true });
  const r = Math.min(rows, cols);
  const left = svd.leftSingularVectors;
  const right = svd.rightSingularVectors;
  const u = new Float64Array(rows * r);
  const v = new Float64Array(cols * r);
  for (let i = 0; i < rows; i++) for (let c = 0; c < r; c++) u[i * r + c] = left.get(i, c);
  for (let j = 0; j < cols; j++) for (let c = 0; c < r; c++) v[j * r + c] = right.get(j, c);
  const s = Float64Array.from(svd.diagonal.slice(0, r));
  return { rows, cols, r, u, s, v };
}

/**
 * The rank-k truncation `U_k diag(s_k) V_k^T` of a matrix from its SVD: the
 * closest matrix of rank <= k in the Frobenius norm (Eckart-Young).
 *
 * @param svd From {@link thinSvd}.
 * @param k Number of singular triplets kept, 0 <= k <= r.
 * @returns The m x n truncation, row-major.
 */
export function truncate(svd: ThinSvd, k: number): Float64Array {
  const { rows, cols, r, u, s, v } = svd;
  const out = new Float64Array(rows * cols);
  const scaled = new Float64Array(k);
  for (let a = 0; a < rows; a++) {
    for (let c = 0; c < k; c++) scaled[c] = u[a * r + c] * s[c];
    for (let b = 0; b < cols; b++) {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += scaled[c] * v[b * r + c];
      out[a * cols + b] = sum;
    }
  }
  return out;
}

/**
 * Below this, a singular value counts as zero and two singular values as
 * equal: NumPy's `matrix_rank` tolerance, `max(m, n) * eps * s_max`, the size
 * of the rounding error of a float64 SVD.
 */
export function svdTolerance(svd: ThinSvd): number {
  return Math.max(svd.rows, svd.cols) * Number.EPSILON * (svd.s[0] ?? 0);
}

/**
 * The gradient of a loss through the rank-k truncation `A -> A_k`: given
 * `G = dL/dA_k` (m x n), returns `dL/dA` (m x n).
 *
 * `A_k` is the gradient of `(1/2) sum_{i<=k} s_i^2`, so its Jacobian is
 * symmetric and the backward map equals the forward derivative. In the
 * singular bases, with `H = U^T G V` and K the kept, D the dropped indices:
 *
 * - kept-kept block: `H_KK` (unchanged);
 * - kept row i, dropped column j: `H_ij + s_j (s_j H_ij + s_i H_ji) / (s_i^2 - s_j^2)`;
 * - dropped row j, kept column i: `H_ji + s_j (s_j H_ji + s_i H_ij) / (s_i^2 - s_j^2)`;
 * - dropped-dropped block: 0.
 *
 * Summed back this is `P_U G + G P_V - P_U G P_V` (P the projectors on the
 * kept left and right singular vectors) plus the terms with the gaps
 * `1 / (s_i^2 - s_j^2)` between a kept s_i and a dropped s_j > 0; dropped
 * directions with s_j = 0 (including the null space) need no gap. It is
 * computed in O(m n r) from the thin SVD, r = min(m, n).
 *
 * Degenerate cases, on purpose: the gap terms depend only on kept-dropped
 * pairs, so ties among the kept values (or among the dropped ones) are
 * harmless, unlike a derivative through U, s and V one by one. A dropped
 * value within {@link svdTolerance} of zero contributes no gap term (its
 * factor s_j is zero). A kept value within the tolerance of a dropped one is
 * a tie `s_k = s_(k+1)`, where the truncation is not differentiable (which of
 * the two directions is kept is arbitrary): the pair's gap term is set to 0,
 * as the RRAEs library's `stable_SVD` sets its `1 / (s_i^2 - s_j^2)` to 0 for
 * equal values, so the gradient is that of the projection on the kept
 * subspace held fixed. Gaps just above the tolerance give the large but true
 * derivative. When k exceeds the rank of A, the kept zero singular values
 * come with arbitrary null directions chosen by the SVD and the truncation
 * is not differentiable either; the same formula then holds those directions
 * fixed.
 *
 * @param svd The thin SVD of A, from {@link thinSvd}.
 * @param k Number of kept singular values, 0 <= k <= r.
 * @param grad `G`, m * n entries, row-major.
 * @returns `dL/dA`, m * n entries, row-major.
 */
export function truncationGradient(svd: ThinSvd, k: number, grad: ArrayLike<number>): Float64Array {
  const { rows: m, cols: n, r, u, s, v } = svd;
  const tol = svdTolerance(svd);
  // GV = G V (m x r) and H = U^T G V (r x r).
  const gv = new Float64Array(m * r);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < n; b++) {
      const g = grad[a * n + b];
      if (g === 0) continue;
      for (let c = 0; c < r; c++) gv[a * r + c] += g * v[b * r + c];
    }
  }
  const h = new Float64Array(r * r);
  for (let a = 0; a < m; a++) {
    for (let i = 0; i < r; i++) {
      const uai = u[a * r + i];
      for (let c = 0; c < r; c++) h[i * r + c] += uai * gv[a * r + c];
    }
  }
  // left = U_k^T G - H_KK V_k^T + X V_D^T (k x n); right = G V_k + U_D Y (m x k);
  // dL/dA = U_k left + right V_k^T.
  const x = new Float64Array(k * r); // X[i][j] for dropped j (columns k..r-1 used)
  const y = new Float64Array(r * k); // Y[j][i] for dropped j (rows k..r-1 used)
  for (let i = 0; i < k; i++) {
    for (let j = k; j < r; j++) {
      const si = s[i];
      const sj = s[j];
      if (sj <= tol || si - sj <= tol) continue;
      const coefficient = sj / ((si - sj) * (si + sj));
      const hij = h[i * r + j];
      const hji = h[j * r + i];
      x[i * r + j] = coefficient * (sj * hij + si * hji);
      y[j * k + i] = coefficient * (sj * hji + si * hij);
    }
  }
  const left = new Float64Array(k * n);
  for (let a = 0; a < m; a++) {
    for (let i = 0; i < k; i++) {
      const uai = u[a * r + i];
      if (uai === 0) continue;
      for (let b = 0; b < n; b++) left[i * n + b] += uai * grad[a * n + b];
    }
  }
  for (let i = 0; i < k; i++) {
    for (let b = 0; b < n; b++) {
      let sum = 0;
      for (let c = 0; c < k; c++) sum -= h[i * r + c] * v[b * r + c];
      for (let j = k; j < r; j++) sum += x[i * r + j] * v[b * r + j];
      left[i * n + b] += sum;
    }
  }
  const right = new Float64Array(m * k);
  for (let a = 0; a < m; a++) {
    for (let i = 0; i < k; i++) {
      let sum = gv[a * r + i];
      for (let j = k; j < r; j++) sum += u[a * r + j] * y[j * k + i];
      right[a * k + i] = sum;
    }
  }
  const out = new Float64Array(m * n);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < n; b++) {
      let sum = 0;
      for (let i = 0; i < k; i++) sum += u[a * r + i] * left[i * n + b] + right[a * k + i] * v[b * r + i];
      out[a * n + b] = sum;
    }
  }
  return out;
}

/**
 * The basis the RRAEs library keeps after training (`fine_tune_basis` of
 * `RRAE_Trainor_class`): the codes are cut into consecutive batches of
 * `batchSize` (the last one may be smaller); each batch gives its top-k
 * right singular vectors (the library's `u[:, :k]` of the batch's latent
 * matrix `[n, batch]`); these are set side by side, `[n, sum of k_b]`, and
 * the basis is the top-k left singular vectors of that matrix. Equivalently,
 * the top-k eigenvectors of the sum of the batches' rank-k projectors.
 *
 * @param codes N * n entries, row-major.
 * @param count N, the number of codes, >= k.
 * @param width n.
 * @param k Basis size, 1 <= k <= n.
 * @param batchSize Codes per batch, >= 1.
 * @returns The basis, n x k row-major, orthonormal columns.
 */
export function batchedBasis(codes: ArrayLike<number>, count: number, width: number, k: number, batchSize: number): Float64Array {
  const columns: Float64Array[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const batch = new Float64Array(size * width);
    for (let e = 0; e < batch.length; e++) batch[e] = codes[start * width + e];
    const svd = thinSvd(batch, size, width);
    const kept = Math.min(k, svd.r);
    for (let c = 0; c < kept; c++) {
      const column = new Float64Array(width);
      for (let j = 0; j < width; j++) column[j] = svd.v[j * svd.r + c];
      columns.push(column);
    }
  }
  const stacked = new Float64Array(width * columns.length);
  columns.forEach((column, c) => {
    for (let j = 0; j < width; j++) stacked[j * columns.length + c] = column[j];
  });
  const svd = thinSvd(stacked, width, columns.length);
  const basis = new Float64Array(width * k);
  for (let j = 0; j < width; j++) for (let c = 0; c < k; c++) basis[j * k + c] = svd.u[j * svd.r + c];
  return basis;
}
