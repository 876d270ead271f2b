import type { Matrix } from 'ml-matrix';
import { assertFiniteMatrix } from './assert_finite_matrix';
import { latentCovariance } from './latent_covariance';
import { toMatrix, type CodesInput } from './to_matrix';

/**
 * The first two moments of a Gaussian over feature vectors, the form in
 * which {@link frechetDistance} also takes a set it has seen before.
 * {@link featureGaussian} and `fitGaussian` return one.
 *
 * @category Metrics
 */
export interface GaussianMoments {
  /** The mean vector, length dim. */
  mean: ArrayLike<number>;
  /** The dim x dim covariance: symmetric positive semi-definite, in any {@link CodesInput} form. */
  covariance: CodesInput;
}

/**
 * A Gaussian fitted to a set of feature vectors, as {@link featureGaussian}
 * returns it.
 *
 * @category Metrics
 */
export interface FeatureGaussian {
  /** The sample mean, length dim. */
  mean: Float64Array;
  /** The dim x dim sample covariance (divided by N - 1), float64. */
  covariance: Matrix;
  /** N, the number of feature vectors it was fitted to. */
  count: number;
}

/**
 * The Gaussian that the Fréchet distance fits to a set of feature vectors:
 * the sample mean and the unbiased sample covariance (divided by N - 1, as
 * `numpy.cov` and the FID reference implementations), in float64.
 *
 * Fit a reference set once and pass the result to {@link frechetDistance}
 * for each set compared against it, instead of the vectors themselves.
 *
 * @param features - Feature vectors [N, dim], N >= 2, in any {@link CodesInput} form.
 * @param name - The argument name used in error messages (default `'features'`).
 * @returns The mean, covariance and count.
 * @throws If `features` is malformed (see {@link toMatrix}), has fewer than
 *   2 rows, or holds a NaN or infinite value (the error names its row and column).
 * @example
 * ```ts
 * const test = featureGaussian([[0, 0], [2, 4]]);
 * test.mean;                   // => Float64Array [1, 2]
 * test.covariance.to2DArray(); // => [[2, 4], [4, 8]]
 * test.count;                  // => 2
 * ```
 * @category Metrics
 */
export function featureGaussian(features: CodesInput, name = 'features'): FeatureGaussian {
  const matrix = toMatrix(features, name);
  if (matrix.rows < 2) {
    throw new Error(
      `\`${name}\` must have at least 2 feature vectors (rows) to estimate a covariance, but got ${matrix.rows}`,
    );
  }
  assertFiniteMatrix(matrix, name);
  return { mean: Float64Array.from(matrix.mean('column')), covariance: latentCovariance(matrix), count: matrix.rows };
}
