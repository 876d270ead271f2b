export {
  ImplicitRankMinimizer,
  implicitRankMinimizer,
  type FoldedAffine,
  type ImplicitRankMinimizerArgs,
} from './implicit_rank_minimizer';
export { CodePenalty, codePenalty, type CodePenaltyArgs } from './code_penalty';
export type { Initializer, InitializerLike } from './initializers';
export type { RegularizerLike } from './resolve_regularizer';
export { GaussianSampler, gaussianSampler, type GaussianSamplerArgs } from './gaussian_sampler';
export { SeededDropout, seededDropout, type SeededDropoutArgs } from './seeded_dropout';
export {
  RankReduction,
  rankReduction,
  type FitBasisOptions,
  type RankReductionArgs,
  type RankReductionInference,
} from './rank_reduction';
