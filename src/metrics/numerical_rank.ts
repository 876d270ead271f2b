import { assertNonNegativeNumber } from '../internal/assert_args';
import { toSpectrum, type SpectrumInput } from './spectrum_input';

/**
 * Options of {@link numericalRank}.
 *
 * @category Metrics
 */
export interface NumericalRankOptions {
  /**
   * Absolute tolerance: values strictly above it count. When given, `size`
   * and `dtype` are ignored. Default: NumPy's rule (see {@link numericalRank}).
   */
  tol?: number;
  /**
   * max(M, N) of the M x N matrix the spectrum came from, a positive integer.
   * Default: the spectrum's length, which is right for a square matrix such
   * as a dim x dim covariance.
   */
  size?: number;
  /**
   * Precision the matrix was computed in, choosing the machine epsilon:
   * `'float32'` (2⁻²³, the default, since tfjs codes are float32) or
   * `'float64'` (2⁻⁵²).
   */
  dtype?: 'float32' | 'float64';
}

const MACHINE_EPSILON = { float32: 2 ** -23, float64: 2 ** -52 } as const;

/**
 * NumPy's `matrix_rank` tolerance, `max(s) · max(M, N) · eps(dtype)`: the
 * singular values at or below it are rounding noise of an M x N matrix
 * computed in `dtype`.
 *
 * @internal
 */
export function rankTolerance(largest: number, size: number, dtype: 'float32' | 'float64' = 'float32'): number {
  return largest * size * MACHINE_EPSILON[dtype];
}

/**
 * Numerical rank by NumPy's `np.linalg.matrix_rank` rule: the number of
 * values strictly greater than `tol = max(s) · max(M, N) · eps(dtype)`
 * (Press et al., Numerical Recipes, 2nd ed., §2.6), or than `tol` when given.
 *
 * @param spectrum - Non-negative singular values, any order.
 * @param options - See {@link NumericalRankOptions}; `dtype` defaults to
 *   `'float32'`, `size` to the spectrum's length.
 * @returns An integer in [0, spectrum length]; 0 for an empty or all-zero spectrum.
 * @throws If an entry is negative, NaN or infinite, `tol` is not a finite
 *   non-negative number, `size` is not a positive integer, or `dtype` is not
 *   `'float32'` or `'float64'`.
 * @example
 * ```ts
 * numericalRank([1, 1e-6, 1e-8]);                       // => 2 (tol ≈ 3.6e-7)
 * numericalRank([1, 1e-6, 1e-8], { dtype: 'float64' }); // => 3
 * numericalRank([1, 1e-6, 1e-8], { tol: 1e-5 });        // => 1
 * ```
 * @category Metrics
 */
export function numericalRank(
  spectrum: SpectrumInput,
  { tol, size, dtype = 'float32' }: NumericalRankOptions = {},
): number {
  const values = toSpectrum(spectrum, 'spectrum');
  if (tol !== undefined) assertNonNegativeNumber(tol, 'tol');
  if (size !== undefined && !(Number.isInteger(size) && size >= 1)) {
    throw new Error(`\`size\` must be a positive integer, but got ${size}`);
  }
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new Error(`\`dtype\` must be 'float32' or 'float64', but got ${JSON.stringify(dtype)}`);
  }
  const largest = values.reduce((max, value) => Math.max(max, value), 0);
  const threshold = tol ?? rankTolerance(largest, size ?? values.length, dtype);
  return values.filter((value) => value > threshold).length;
}
