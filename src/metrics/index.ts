export { toMatrix, type CodesInput, type FlatCodes } from './to_matrix';
export { latentCovariance, type CovarianceOptions } from './latent_covariance';
export { singularValues } from './singular_values';
