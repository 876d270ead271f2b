/**
 * Thrown by {@link fitGaussianMixture} when a component collapses: EM gave
 * it (almost) no codes, or its covariance is singular (possible only with
 * `regularization: 0`). Fewer components, more codes, another seed or a
 * larger `regularization` avoid it; catch it by class to retry.
 *
 * @example
 * ```ts
 * try {
 *   fitGaussianMixture(codes, 10);
 * } catch (error) {
 *   if (error instanceof MixtureCollapseError) fitGaussianMixture(codes, 5);
 * }
 * ```
 * @category Generation
 */
export class MixtureCollapseError extends Error {
  override name = 'MixtureCollapseError';

  /**
   * @param message - What happened and what to change.
   * @param component - Index of the component that collapsed.
   * @param iteration - The EM iteration (0: the k-means start).
   */
  constructor(
    message: string,
    readonly component: number,
    readonly iteration: number,
  ) {
    super(message);
  }
}
