export { toMatrix, type CodesInput, type FlatCodes } from './to_matrix';
export type { SpectrumInput } from './spectrum_input';
export { latentCovariance, type CovarianceOptions } from './latent_covariance';
export { singularValues } from './singular_values';
export {
  latentSpectrum,
  type LatentSpectrumOptions,
  type SpectrumNormalization,
} from './latent_spectrum';
export { latentSpectrumAsync } from './latent_spectrum_async';
export { readCodes } from './read_codes';
export { effectiveRank, type EffectiveRankOptions } from './effective_rank';
export { numericalRank, type NumericalRankOptions } from './numerical_rank';
export { thresholdRank } from './threshold_rank';
export { stableRank } from './stable_rank';
export { participationRatio } from './participation_ratio';
export { nuclearNorm } from './nuclear_norm';
export { CovarianceAccumulator } from './covariance_accumulator';
export { factorProbe, type FactorProbeOptions, type FactorScore, type FactorTable } from './factor_probe';
export { featureGaussian, type FeatureGaussian, type GaussianMoments } from './feature_gaussian';
export { frechetDistance } from './frechet_distance';
