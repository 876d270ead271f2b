/**
 * Rows that the mixture's E-step norms (`mahalanobisNorms`) and M-step
 * scatter (`weightedScatter`) take in one pass: each entry of `L⁻¹` or of
 * the scatter is then loaded once for eight rows instead of once per row.
 * Their inner loops are written out for eight.
 *
 * @internal
 */
export const ROWS_PER_PASS = 8;

/**
 * Writes the centred rows `x_r - μ` for `r = rowOf(0) .. rowOf(count - 1)`
 * of `x` (row-major, `mean.length` columns) into `centred`, interleaved:
 * entry j of the k-th at `j * ROWS_PER_PASS + k`, so that one step of a
 * pass reads adjacent numbers. A pass of fewer than {@link ROWS_PER_PASS}
 * rows leaves zeros in the others.
 *
 * @internal
 */
export function interleaveCentredRows(
  x: Float64Array,
  mean: Float64Array,
  rowOf: (k: number) => number,
  count: number,
  centred: Float64Array,
): void {
  const d = mean.length;
  if (count < ROWS_PER_PASS) centred.fill(0);
  for (let k = 0; k < count; k++) {
    const row = rowOf(k);
    for (let j = 0; j < d; j++) centred[j * ROWS_PER_PASS + k] = x[row * d + j] - mean[j];
  }
}
