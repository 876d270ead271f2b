import { assertNonNegativeInteger } from '../internal/assert_args';
import { emptySamples, type CodeSamples } from './code_samples';
import { covarianceFactor, writeGaussianDraw } from './covariance_factor';
import type { GaussianMixtureModel } from './fit_gaussian_mixture';
import { randomStream, standardNormal } from '../random/random_stream';
import type { SampleOptions } from './sample_gaussian';

/**
 * Draws codes from a Gaussian mixture: for each code a component with
 * probability equal to its weight, then a draw from that component's
 * Gaussian (as {@link sampleGaussian} draws).
 *
 * @param model - A {@link GaussianMixtureModel}, e.g. from {@link fitGaussianMixture}.
 * @param count - The number of codes, a non-negative integer.
 * @param options - See {@link SampleOptions}; `seed` defaults to 0.
 * @returns `count` codes as {@link CodeSamples} (float32).
 * @throws If `count` or `seed` is invalid, or the model has no component.
 * @example
 * ```ts
 * const mixture = fitGaussianMixture(codes, 10, { seed: 1 });
 * const samples = sampleGaussianMixture(mixture, 64, { seed: 2 });
 * samples.count; // => 64
 * ```
 * @category Generation
 */
export function sampleGaussianMixture(
  model: GaussianMixtureModel,
  count: number,
  { seed = 0 }: SampleOptions = {},
): CodeSamples {
  assertNonNegativeInteger(count, 'count');
  const { weights, means, covariances } = model;
  if (weights.length === 0 || means.length !== weights.length || covariances.length !== weights.length) {
    throw new Error(
      `\`model\` must have as many means and covariances as weights (at least 1), but got ` +
        `${weights.length} weights, ${means.length} means and ${covariances.length} covariances`,
    );
  }
  const dim = means[0].length;
  const uniform = randomStream(seed, 'gaussian-mixture-samples');
  const normal = () => standardNormal(uniform);
  const factors = covariances.map(covarianceFactor);
  const samples = emptySamples(count, dim);
  for (let i = 0; i < count; i++) {
    const c = pickComponent(weights, uniform());
    writeGaussianDraw(samples.data, i * dim, means[c], factors[c], normal);
  }
  return samples;
}

/** The component whose cumulative-weight interval holds `u` (weights need not sum exactly to 1). */
function pickComponent(weights: Float64Array, u: number): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let target = u * total;
  for (let c = 0; c < weights.length - 1; c++) {
    target -= weights[c];
    if (target < 0) return c;
  }
  return weights.length - 1;
}
