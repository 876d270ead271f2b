import { toSpectrum, type SpectrumInput } from './spectrum_input';

/**
 * Nuclear (trace) norm of a matrix, `‖A‖_* = Σ s_i`, the sum of its singular
 * values: the convex surrogate of the rank used by explicit rank penalties.
 *
 * @param singularValues - Non-negative singular values of A, any order.
 * @returns The nuclear norm, in the units of A; 0 for an empty input.
 * @throws If an entry is negative, NaN or infinite.
 * @example
 * ```ts
 * nuclearNorm([3, 2, 0.5]); // => 5.5
 * ```
 * @category Metrics
 */
export function nuclearNorm(singularValues: SpectrumInput): number {
  return toSpectrum(singularValues, 'singularValues').reduce((sum, value) => sum + value, 0);
}
