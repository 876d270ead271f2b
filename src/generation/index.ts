export { type CodeSamples } from './code_samples';
export { fitGaussian, type GaussianModel } from './fit_gaussian';
export { sampleGaussian, type SampleOptions } from './sample_gaussian';
export {
  fitGaussianMixture,
  type GaussianMixtureFit,
  type GaussianMixtureModel,
  type GaussianMixtureOptions,
} from './fit_gaussian_mixture';
export { MixtureCollapseError } from './mixture_collapse_error';
export { sampleGaussianMixture } from './sample_gaussian_mixture';
export { latentPca, type LatentPca } from './latent_pca';
export { pcaTraversal, type PcaTraversalOptions } from './pca_traversal';
export { nearestShapeImage, type NearestShape, type NearestShapeOptions } from './nearest_shape_image';
export { shapeDataDistances } from './shape_data_distances';
export { shapePathMotion, type PathTravel, type ShapePathFrame, type ShapePathMotion } from './shape_path_motion';
