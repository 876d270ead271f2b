/**
 * A spectrum: singular values or eigenvalues, in any order, as a plain array
 * or a typed array. Rank measures read it in float64.
 *
 * @category Metrics
 */
export type SpectrumInput = Float64Array | Float32Array | readonly number[];

/**
 * Copy a spectrum to a `Float64Array`, checking that every value is finite
 * and non-negative (singular values and the eigenvalues of a covariance are).
 *
 * @param values - The spectrum.
 * @param name - The argument name used in error messages.
 * @returns A new `Float64Array` with the same values in the same order.
 * @throws If `values` is not an array, or an entry is negative, NaN or infinite.
 * @internal
 */
export function toSpectrum(values: SpectrumInput, name: string): Float64Array {
  if (!Array.isArray(values) && !(values instanceof Float64Array) && !(values instanceof Float32Array)) {
    throw new Error(
      `\`${name}\` must be a number[], Float32Array or Float64Array, but got ${typeof values}`,
    );
  }
  const spectrum = Float64Array.from(values);
  spectrum.forEach((value, i) => {
    if (!(value >= 0) || value === Infinity) {
      throw new Error(
        `\`${name}\` must contain only finite, non-negative values, but entry ${i} is ${value}`,
      );
    }
  });
  return spectrum;
}
