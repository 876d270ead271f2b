import { assertNonNegativeNumber } from '../internal/assert_args';
import { toSpectrum, type SpectrumInput } from './spectrum_input';

/**
 * Threshold rank: how many values, divided by the largest, exceed
 * `threshold`. With the default 1e-2 it counts the dimensions that stand
 * above 1 % of the top one in the normalised spectrum of the IRMAE paper's
 * Figure 2.
 *
 * @param spectrum - Non-negative singular values or eigenvalues, any order.
 * @param threshold - Relative cut-off, a finite non-negative number (default 1e-2).
 * @returns An integer in [0, spectrum length]; 0 for an empty or all-zero spectrum.
 * @throws If an entry is negative, NaN or infinite, or `threshold` is not a
 *   finite non-negative number.
 * @example
 * ```ts
 * thresholdRank([4, 2, 0.06, 0.01]); // => 3 (0.01 / 4 = 0.0025 is below 1e-2)
 * ```
 * @category Metrics
 */
export function thresholdRank(spectrum: SpectrumInput, threshold = 1e-2): number {
  assertNonNegativeNumber(threshold, 'threshold');
  const values = toSpectrum(spectrum, 'spectrum');
  const largest = values.reduce((max, value) => Math.max(max, value), 0);
  if (largest === 0) return 0;
  return values.filter((value) => value / largest > threshold).length;
}
