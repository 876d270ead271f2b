import { toSpectrum, type SpectrumInput } from './spectrum_input';

/**
 * Participation ratio `(Σ λ_i)² / Σ λ_i²` of covariance eigenvalues, the
 * dimensionality measure of Gao et al. ("A theory of multineuronal
 * dimensionality, dynamics and measurement", 2017). It is n for n equal
 * eigenvalues, 1 when one dominates, and invariant to scale, so
 * `participationRatio(latentSpectrum(codes))` works with any normalization
 * (the singular values of a covariance are its eigenvalues).
 *
 * @param eigenvalues - Non-negative eigenvalues of a covariance, any order.
 *   Clamp tiny negative round-off from an eigensolver to 0 before calling.
 * @returns The participation ratio, in [1, length]; 0 for an empty or all-zero input.
 * @throws If an entry is negative, NaN or infinite.
 * @example
 * ```ts
 * participationRatio([1, 1, 1, 1]); // => 4
 * participationRatio([2, 2, 0]);    // => 2
 * ```
 * @category Metrics
 */
export function participationRatio(eigenvalues: SpectrumInput): number {
  const values = toSpectrum(eigenvalues, 'eigenvalues');
  const largest = values.reduce((max, value) => Math.max(max, value), 0);
  if (largest === 0) return 0;
  // Scaling by the largest first keeps huge values from overflowing when squared.
  let sum = 0;
  let sumOfSquares = 0;
  for (const value of values) {
    sum += value / largest;
    sumOfSquares += (value / largest) ** 2;
  }
  return (sum * sum) / sumOfSquares;
}
