import { assertNonNegativeInteger } from '../internal/assert_args';
import { emptySamples, type CodeSamples } from './code_samples';
import { covarianceFactor, writeGaussianDraw } from './covariance_factor';
import type { GaussianModel } from './fit_gaussian';
import { randomStream, standardNormal } from '../random/random_stream';

/**
 * Options of the latent samplers.
 *
 * @category Generation
 */
export interface SampleOptions {
  /** Unsigned 32-bit seed; the same seed gives the same samples. Default 0. */
  seed?: number;
}

/**
 * Draws codes from a multivariate Gaussian: `z = μ + A ε` with ε standard
 * normal and `A Aᵀ = Σ` from the eigendecomposition of Σ, so a singular
 * covariance (a low-rank latent) is sampled exactly on its subspace.
 *
 * @param model - A {@link GaussianModel}, e.g. from {@link fitGaussian}.
 * @param count - The number of codes, a non-negative integer.
 * @param options - See {@link SampleOptions}; `seed` defaults to 0.
 * @returns `count` codes as {@link CodeSamples} (float32).
 * @throws If `count` is not a non-negative integer, `seed` is not an
 *   unsigned 32-bit integer, or the covariance is not dim x dim.
 * @example
 * ```ts
 * const model = fitGaussian(codes);              // codes: [N, 32]
 * const samples = sampleGaussian(model, 64, { seed: 1 });
 * const images = autoencoder.decode(tf.tensor2d(samples.data, [samples.count, samples.dim]));
 * ```
 * @category Generation
 */
export function sampleGaussian(
  model: GaussianModel,
  count: number,
  { seed = 0 }: SampleOptions = {},
): CodeSamples {
  assertNonNegativeInteger(count, 'count');
  const dim = model.mean.length;
  const { covariance } = model;
  if (covariance.rows !== dim || covariance.columns !== dim) {
    throw new Error(
      `\`model.covariance\` must be ${dim} x ${dim} (the mean's length), but got ${covariance.rows} x ${covariance.columns}`,
    );
  }
  const uniform = randomStream(seed, 'gaussian-samples');
  const normal = () => standardNormal(uniform);
  const factor = covarianceFactor(covariance);
  const samples = emptySamples(count, dim);
  for (let i = 0; i < count; i++) writeGaussianDraw(samples.data, i * dim, model.mean, factor, normal);
  return samples;
}
