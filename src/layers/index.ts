export {
  ImplicitRankMinimizer,
  implicitRankMinimizer,
  type FoldedAffine,
  type ImplicitRankMinimizerArgs,
} from './implicit_rank_minimizer';
export type { Initializer, InitializerLike } from './initializers';
export { GaussianSampler, gaussianSampler, type GaussianSamplerArgs } from './gaussian_sampler';
