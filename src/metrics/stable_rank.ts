import { toSpectrum, type SpectrumInput } from './spectrum_input';

/**
 * Stable rank of a matrix A, `‖A‖_F² / ‖A‖_2² = Σ s_i² / max s_i²`, from its
 * singular values (Rudelson and Vershynin, "Sampling from large matrices",
 * J. ACM 2007). A continuous, scale-invariant lower bound of the rank.
 *
 * @param singularValues - Non-negative singular values of A, any order.
 * @returns The stable rank, in [1, length]; 0 for an empty or all-zero input.
 * @throws If an entry is negative, NaN or infinite.
 * @example
 * ```ts
 * stableRank([2, 1, 1]); // => 1.5
 * ```
 * @category Metrics
 */
export function stableRank(singularValues: SpectrumInput): number {
  const values = toSpectrum(singularValues, 'singularValues');
  const largest = values.reduce((max, value) => Math.max(max, value), 0);
  if (largest === 0) return 0;
  // Scaling by the largest first keeps huge values from overflowing when squared.
  return values.reduce((sum, value) => sum + (value / largest) ** 2, 0);
}
