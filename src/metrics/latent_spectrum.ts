import { CovarianceAccumulator } from './covariance_accumulator';
import { latentCovariance } from './latent_covariance';
import { singularValues } from './singular_values';
import type { CodesInput } from './to_matrix';

/**
 * How {@link latentSpectrum} scales the singular values: `'max'` divides by
 * the largest (the paper's Figure 2), `'sum'` by their sum (a distribution),
 * `'none'` leaves the covariance's own units (squared code units).
 *
 * @category Metrics
 */
export type SpectrumNormalization = 'max' | 'sum' | 'none';

/**
 * Options of {@link latentSpectrum}.
 *
 * @category Metrics
 */
export interface LatentSpectrumOptions {
  /** Scaling of the singular values (default `'max'`). */
  normalize?: SpectrumNormalization;
  /** Centre the codes before the covariance (default `true`); see {@link latentCovariance}. */
  center?: boolean;
}

const NORMALIZATIONS: readonly SpectrumNormalization[] = ['max', 'sum', 'none'];

/**
 * Latent spectrum: the singular values of the covariance of the codes,
 * largest first, as plotted against their index in Figure 2 of the IRMAE
 * paper (Jing, Zbontar and LeCun, NeurIPS 2020), where they are divided by
 * the largest. An IRMAE with good low-rank bias shows few values far from 0.
 *
 * Codes that are all equal (e.g. all zero) have a zero covariance: the
 * spectrum is then all zeros under every normalization, never NaN.
 * The singular values of the covariance are the squared singular values of
 * the centred code matrix divided by N - 1.
 *
 * A {@link CovarianceAccumulator} stands for the codes it has seen, so an
 * evaluation set too large to hold is measured batch by batch.
 *
 * @param codes - Codes of shape [N, dim], one row per sample (see
 *   {@link CodesInput}), or a {@link CovarianceAccumulator} fed with them.
 * @param options - See {@link LatentSpectrumOptions}; `normalize` defaults to `'max'`.
 * @returns A new `Float64Array` of length dim, descending.
 * @throws If `normalize` is not `'max'`, `'sum'` or `'none'`, or for the
 *   errors of {@link latentCovariance} (fewer than 2 samples, non-finite values).
 * @example
 * ```ts
 * latentSpectrum([[0, 0], [2, 0], [0, 1], [2, 1]]);
 * // => Float64Array [1, 0.25]
 * effectiveRank(latentSpectrum([[0, 0], [2, 0], [0, 1], [2, 1]]));
 * // => 1.6494… (exp of the entropy of [0.8, 0.2])
 * latentSpectrum(new CovarianceAccumulator().add([[0, 0], [2, 0]]).add([[0, 1], [2, 1]]));
 * // => Float64Array [1, 0.25], the same codes in two batches
 * ```
 * @category Metrics
 */
export function latentSpectrum(
  codes: CodesInput | CovarianceAccumulator,
  { normalize = 'max', center = true }: LatentSpectrumOptions = {},
): Float64Array {
  if (!NORMALIZATIONS.includes(normalize)) {
    throw new Error(
      `\`normalize\` must be 'max', 'sum' or 'none', but got ${JSON.stringify(normalize)}`,
    );
  }
  const covariance =
    codes instanceof CovarianceAccumulator ? codes.covariance({ center }) : latentCovariance(codes, { center });
  const spectrum = singularValues(covariance);
  const scale = normalize === 'max' ? spectrum[0] : normalize === 'sum' ? sum(spectrum) : 1;
  return scale > 0 ? spectrum.map((value) => value / scale) : spectrum;
}

function sum(values: Float64Array): number {
  return values.reduce((total, value) => total + value, 0);
}
