import { assertNonNegativeNumber } from '../internal/assert_args';
import { toSpectrum, type SpectrumInput } from './spectrum_input';

/**
 * Options of {@link effectiveRank}.
 *
 * @category Metrics
 */
export interface EffectiveRankOptions {
  /**
   * Added to every p_i before the entropy, as RankMe does (Garrido et al.,
   * ICML 2023, who use 1e-7) to keep the logarithm of zero-weight terms
   * finite. Default 0: the exact Roy and Vetterli definition.
   */
  epsilon?: number;
}

/**
 * Effective rank (Roy and Vetterli, "The effective rank: a measure of
 * effective dimensionality", EUSIPCO 2007): `exp(H(p))` with
 * `p_i = s_i / Σ s`, `H(p) = -Σ p_i ln p_i` (natural log, `0 · ln 0 = 0`).
 * It lies in [1, n] for n values, is n for a flat spectrum and 1 when one
 * value carries everything; it is invariant to scaling the spectrum.
 *
 * With `epsilon > 0` this is RankMe (Garrido, Balestriero, Najman and LeCun,
 * "RankMe", ICML 2023): `p_i = s_i / Σ s + epsilon`. RankMe is defined on the
 * singular values of the embedding matrix itself (`singularValues(codes)`),
 * whereas `effectiveRank(latentSpectrum(codes))` measures the covariance
 * spectrum of Figure 2, whose values are the squares of those.
 *
 * @param spectrum - Non-negative singular values or eigenvalues, any order.
 * @param options - See {@link EffectiveRankOptions}; `epsilon` defaults to 0.
 * @returns The effective rank, a float; 0 for an empty or all-zero spectrum
 *   (there is no distribution to take the entropy of).
 * @throws If an entry is negative, NaN or infinite, or `epsilon` is not a
 *   finite non-negative number.
 * @example
 * ```ts
 * effectiveRank([1, 1, 1, 1]); // => 4
 * effectiveRank([5, 0, 0]);    // => 1
 * ```
 * @category Metrics
 */
export function effectiveRank(
  spectrum: SpectrumInput,
  { epsilon = 0 }: EffectiveRankOptions = {},
): number {
  assertNonNegativeNumber(epsilon, 'epsilon');
  const values = toSpectrum(spectrum, 'spectrum');
  const total = values.reduce((sum, value) => sum + value, 0);
  if (total === 0) return 0;
  let entropy = 0;
  for (const value of values) {
    const p = value / total + epsilon;
    if (p > 0) entropy -= p * Math.log(p);
  }
  return Math.exp(entropy);
}
