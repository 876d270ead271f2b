import { Matrix } from 'ml-matrix';
import { assertNonNegativeInteger, assertNonNegativeNumber, assertPositiveInteger } from '../internal/assert_args';
import type { CodesInput } from '../metrics/to_matrix';
import { codeRows } from './code_rows';
import { gaussianLogDensities } from './gaussian_log_density';
import { kMeans } from './k_means';
import { MixtureCollapseError } from './mixture_collapse_error';
import { randomStream } from '../random/random_stream';
import { weightedScatter } from './weighted_scatter';

/**
 * A mixture of full-covariance Gaussians over codes.
 *
 * @category Generation
 */
export interface GaussianMixtureModel {
  /** Mixing weights, length K, summing to 1. */
  weights: Float64Array;
  /** The K component means, each of length dim. */
  means: Float64Array[];
  /** The K dim x dim component covariances (symmetric positive definite). */
  covariances: Matrix[];
}

/**
 * What {@link fitGaussianMixture} returns: the model and how EM went.
 *
 * @category Generation
 */
export interface GaussianMixtureFit extends GaussianMixtureModel {
  /** Mean log-likelihood per code of the final model, in nats. */
  logLikelihood: number;
  /**
   * The objective EM maximised, after each E-step: the mean log-likelihood
   * per code minus the regularisation term `regularization · Σ_k tr(Σ_k⁻¹) /
   * (2N)`. It never decreases; with `regularization: 0` it is the mean
   * log-likelihood.
   */
  objectiveHistory: number[];
  /** EM iterations run (M-step then E-step), after the k-means start. */
  iterations: number;
  /** Whether the objective rose by less than `tolerance` before `maxIterations`. */
  converged: boolean;
}

/**
 * Options of {@link fitGaussianMixture}.
 *
 * @category Generation
 */
export interface GaussianMixtureOptions {
  /** Unsigned 32-bit seed of the k-means++ start. Default 0. */
  seed?: number;
  /** Most EM iterations. Default 100. */
  maxIterations?: number;
  /** Stop when the objective (nats per code) rises by less than this. Default 1e-3. */
  tolerance?: number;
  /**
   * ε >= 0 in squared code units: each covariance is estimated as
   * `(S_k + ε I) / N_k` (S_k the weighted scatter, N_k the component's
   * share of codes), the MAP estimate under the prior `exp(-ε tr(Σ⁻¹) / 2)`.
   * It keeps a component on one code or on a flat (low-rank) set of codes
   * from collapsing to a singular covariance, adding at least ε / N of
   * variance, and it keeps EM monotone. Default 1e-6.
   */
  regularization?: number;
}

/**
 * Fits a mixture of K full-covariance Gaussians to latent codes by
 * expectation-maximization (Dempster, Laird and Rubin 1977), the "gmm" model
 * of the IRMAE reference code's `generation.py` (Jing, Zbontar and LeCun,
 * NeurIPS 2020). EM starts from the clusters of a seeded k-means (k-means++
 * seeding, then Lloyd iterations) and alternates M-steps (weights, means,
 * regularised covariances, see {@link GaussianMixtureOptions.regularization})
 * and E-steps (responsibilities, by log-sum-exp in float64).
 *
 * @param codes - Codes [N, dim], N >= K, in any {@link CodesInput} form.
 * @param components - K, the number of Gaussians, a positive integer <= N.
 * @param options - See {@link GaussianMixtureOptions}.
 * @returns The fitted model with its log-likelihood and objective history.
 * @throws If an argument is invalid, or the codes hold fewer than K distinct
 *   points. {@link MixtureCollapseError} if a component loses (almost) all
 *   its codes, or its covariance is singular (possible only with
 *   `regularization: 0`); it names the component and the iteration. Each
 *   component needs on the order of dim + 1 codes or more to be estimated.
 * @example
 * ```ts
 * const fit = fitGaussianMixture(codes, 10, { seed: 1 });
 * fit.weights.length; // => 10
 * const samples = sampleGaussianMixture(fit, 64, { seed: 2 });
 * ```
 * @category Generation
 */
export function fitGaussianMixture(
  codes: CodesInput,
  components: number,
  { seed = 0, maxIterations = 100, tolerance = 1e-3, regularization = 1e-6 }: GaussianMixtureOptions = {},
): GaussianMixtureFit {
  assertPositiveInteger(components, 'components');
  assertNonNegativeInteger(maxIterations, 'maxIterations');
  assertNonNegativeNumber(tolerance, 'tolerance');
  assertNonNegativeNumber(regularization, 'regularization');
  const matrix = codeRows(codes, components, `for ${components} components`);
  const n = matrix.rows;
  const d = matrix.columns;
  const x = Float64Array.from(matrix.to1DArray());
  const labels = kMeans(x, n, d, components, randomStream(seed, 'gaussian-mixture-kmeans++'));
  const responsibilities = new Float64Array(n * components);
  labels.forEach((label, i) => (responsibilities[i * components + label] = 1));

  const state = { x, n, d, k: components, regularization, responsibilities };
  let model = maximizationStep(state, 0);
  let objective = expectationStep(state, model, 0);
  const objectiveHistory = [objective.value];
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations && !converged) {
    iterations++;
    model = maximizationStep(state, iterations);
    const previous = objective.value;
    objective = expectationStep(state, model, iterations);
    objectiveHistory.push(objective.value);
    converged = objective.value - previous < tolerance;
  }
  return { ...model, logLikelihood: objective.logLikelihood, objectiveHistory, iterations, converged };
}

interface EmState {
  x: Float64Array;
  n: number;
  d: number;
  k: number;
  regularization: number;
  /** n x k, row-major. */
  responsibilities: Float64Array;
}

/** M-step: the MAP parameters given the responsibilities. */
function maximizationStep({ x, n, d, k, regularization, responsibilities }: EmState, iteration: number): GaussianMixtureModel {
  const weights = new Float64Array(k);
  const means: Float64Array[] = [];
  const covariances: Matrix[] = [];
  for (let c = 0; c < k; c++) {
    let total = 0;
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const r = responsibilities[i * k + c];
      total += r;
      for (let j = 0; j < d; j++) mean[j] += r * x[i * d + j];
    }
    if (!(total > n * 1e-12)) {
      throw new MixtureCollapseError(
        `Gaussian mixture component ${c} collapsed at EM iteration ${iteration}: it holds ${total} of ${n} codes. ` +
          'Use fewer `components`, more codes or another `seed`',
        c,
        iteration,
      );
    }
    for (let j = 0; j < d; j++) mean[j] /= total;
    const scatter = weightedScatter(x, mean, responsibilities, k, c);
    const covariance = new Matrix(d, d);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        const value = (scatter[a * d + b] + (a === b ? regularization : 0)) / total;
        covariance.set(a, b, value);
        covariance.set(b, a, value);
      }
    }
    weights[c] = total / n;
    means.push(mean);
    covariances.push(covariance);
  }
  return { weights, means, covariances };
}

/** E-step: responsibilities from the model, and the objective it reaches. */
function expectationStep(state: EmState, model: GaussianMixtureModel, iteration: number) {
  const { x, n, k, regularization, responsibilities } = state;
  let penalty = 0;
  for (let c = 0; c < k; c++) {
    penalty += gaussianLogDensities(x, n, model.means[c], model.covariances[c], responsibilities, k, c, () =>
      new MixtureCollapseError(
        `Gaussian mixture component ${c} has a singular covariance at EM iteration ${iteration} ` +
          `(its codes span fewer than ${state.d} dimensions). Set \`regularization\` above 0 ` +
          `(got ${regularization}) or use fewer \`components\``,
        c,
        iteration,
      ),
    );
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = responsibilities.subarray(i * k, (i + 1) * k);
    let largest = -Infinity;
    for (let c = 0; c < k; c++) {
      row[c] += Math.log(model.weights[c]);
      largest = Math.max(largest, row[c]);
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(row[c] - largest);
    const logDensity = largest + Math.log(sum);
    for (let c = 0; c < k; c++) row[c] = Math.exp(row[c] - logDensity);
    total += logDensity;
  }
  const logLikelihood = total / n;
  return { logLikelihood, value: logLikelihood - (regularization * penalty) / (2 * n) };
}
