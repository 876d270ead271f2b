import { AbstractMatrix, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describeValue } from '../internal/describe_value';
import { isTensor } from '../internal/is_tensor';
import { assertFiniteMatrix } from './assert_finite_matrix';
import { featureGaussian, type GaussianMoments } from './feature_gaussian';
import { toMatrix, type CodesInput } from './to_matrix';

/** Mean and covariance, checked and in float64. */
interface Moments {
  mean: Float64Array;
  covariance: Matrix;
}

/**
 * Fréchet distance between two sets of feature vectors: the squared
 * 2-Wasserstein distance between the Gaussians fitted to them,
 * `‖μ_a - μ_b‖² + tr(S_a + S_b - 2 (S_a S_b)^½)` (Dowson and Landau, 1982),
 * the quantity that FID reports on Inception features (Heusel et al.,
 * NeurIPS 2017). As in FID the result is the squared distance, in the
 * squared units of the features; it is 0 for two sets with the same mean
 * and covariance.
 *
 * Each side is either the feature vectors themselves, fitted here by
 * {@link featureGaussian} (mean and unbiased covariance, N - 1), or moments
 * fitted before: a {@link FeatureGaussian}, `fitGaussian`'s model, or any
 * `{ mean, covariance }`. Everything is computed in float64.
 *
 * `S_a S_b` is not symmetric, so its square root is taken through the
 * similar symmetric matrix instead: `tr((S_a S_b)^½) = tr((S_a^½ S_b S_a^½)^½)`,
 * with `S_a^½` from the symmetric eigendecomposition of `S_a` and the trace
 * as the sum of the square roots of the eigenvalues of `S_a^½ S_b S_a^½`.
 * Eigenvalues that rounding made negative count as 0, so singular
 * covariances (fewer vectors than dimensions, low-rank codes) are exact up
 * to rounding, where a general matrix square root can turn complex. A
 * result that rounding made negative is returned as 0.
 *
 * @param a - Feature vectors [N_a, dim], N_a >= 2, in any {@link CodesInput}
 *   form, or the {@link GaussianMoments} of a set.
 * @param b - The same for the other set, of the same dim.
 * @returns The squared Fréchet distance, >= 0.
 * @throws If a set is malformed (see {@link toMatrix}), has fewer than 2
 *   rows, or holds a NaN or infinite value; if moments have a covariance
 *   that is not dim x dim or not symmetric; if the two dims differ.
 * @example
 * ```ts
 * // Two Gaussians with diagonal covariances diag(1, 4) and diag(4, 1), means 1 apart:
 * // 1² + (1 - 2)² + (2 - 1)² = 3.
 * frechetDistance(
 *   { mean: [0, 0], covariance: [[1, 0], [0, 4]] },
 *   { mean: [1, 0], covariance: [[4, 0], [0, 1]] },
 * ); // => 3
 * const test = featureGaussian(testFeatures);          // fit the reference set once
 * frechetDistance(generatedFeatures, test);             // then compare sets against it
 * ```
 * @category Metrics
 */
export function frechetDistance(a: CodesInput | GaussianMoments, b: CodesInput | GaussianMoments): number {
  const first = readMoments(a, 'a');
  const second = readMoments(b, 'b');
  if (first.mean.length !== second.mean.length) {
    throw new Error(
      `\`a\` and \`b\` must have the same dimension, but \`a\` has ${first.mean.length} and \`b\` has ${second.mean.length}`,
    );
  }
  let meanTerm = 0;
  first.mean.forEach((value, i) => (meanTerm += (value - second.mean[i]) ** 2));
  const traceTerm =
    first.covariance.trace() + second.covariance.trace() - 2 * traceSqrtProduct(first.covariance, second.covariance);
  return Math.max(meanTerm + traceTerm, 0);
}

/** `tr((S_a S_b)^½)` as `tr((S_a^½ S_b S_a^½)^½)`, both roots through symmetric eigendecompositions. */
function traceSqrtProduct(first: Matrix, second: Matrix): number {
  const { eigenvalues, vectors } = symmetricEigen(first);
  const scaled = vectors.clone();
  eigenvalues.forEach((value, j) => scaled.mulColumn(j, Math.sqrt(Math.max(value, 0))));
  const root = scaled.mmul(vectors.transpose());
  const inner = root.mmul(second).mmul(root);
  return symmetricEigen(inner).eigenvalues.reduce((total, value) => total + Math.sqrt(Math.max(value, 0)), 0);
}

/** Eigenvalues and eigenvectors of the symmetric part of `matrix`, which rounding may have left asymmetric. */
function symmetricEigen(matrix: Matrix): { eigenvalues: number[]; vectors: Matrix } {
  const symmetric = matrix.clone().add(matrix.transpose()).div(2);
  const decomposition = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true });
  return { eigenvalues: decomposition.realEigenvalues, vectors: decomposition.eigenvectorMatrix };
}

/** The moments of one side: fitted to its feature vectors, or read and checked. */
function readMoments(side: CodesInput | GaussianMoments, name: string): Moments {
  if (!isGaussianMoments(side)) return featureGaussian(side, name);
  if (typeof (side.mean as { length?: unknown } | null)?.length !== 'number' || side.mean.length < 1) {
    throw new Error(`\`${name}.mean\` must be a non-empty array of numbers, but got ${describeValue(side.mean)}`);
  }
  const mean = Float64Array.from(side.mean);
  const bad = mean.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw new Error(`\`${name}.mean\` must contain only finite values, but entry ${bad} is ${mean[bad]}`);
  const covariance = toMatrix(side.covariance, `${name}.covariance`);
  if (covariance.rows !== mean.length || covariance.columns !== mean.length) {
    throw new Error(
      `\`${name}.covariance\` must be ${mean.length} x ${mean.length} to match \`${name}.mean\`, ` +
        `but got ${covariance.rows} x ${covariance.columns}`,
    );
  }
  assertFiniteMatrix(covariance, `${name}.covariance`);
  assertSymmetric(covariance, `${name}.covariance`);
  return { mean, covariance };
}

/**
 * Symmetric up to a millionth of the largest entry: float32 rounding passes
 * (the symmetric part is used), a transposed or wrong matrix does not.
 */
function assertSymmetric(matrix: Matrix, name: string): void {
  const tolerance = 1e-6 * Math.max(matrix.max(), -matrix.min());
  for (let i = 0; i < matrix.rows; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(matrix.get(i, j) - matrix.get(j, i)) > tolerance) {
        throw new Error(
          `\`${name}\` must be symmetric, but entry (${i}, ${j}) is ${matrix.get(i, j)} and entry (${j}, ${i}) is ${matrix.get(j, i)}`,
        );
      }
    }
  }
}

function isGaussianMoments(value: unknown): value is GaussianMoments {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !isTensor(value) &&
    !AbstractMatrix.isMatrix(value) &&
    'mean' in value &&
    'covariance' in value
  );
}
