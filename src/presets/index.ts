export { shapeDecoder } from './shape_decoder';
export { shapeEncoder } from './shape_encoder';
export { type ShapeNetworkOptions } from './shape_network_options';
export {
  CONV_INITIALIZATIONS,
  type ConvInitialization,
  CONV_INITIALISATIONS,
  type ConvInitialisation,
} from './conv_initializers';
export {
  createShapeAutoencoder,
  type ShapeAutoencoder,
  type ShapeAutoencoderOptions,
} from './shape_autoencoder';
export {
  createFigureModel,
  DEFAULT_L1_LAMBDA,
  DEFAULT_L2_LAMBDA,
  FIGURE_MODEL_NAMES,
  type FigureModelName,
  type FigureModelOptions,
} from './figure_models';
export { type Autoencoder } from './autoencoder';
export { mnistEncoder } from './mnist_encoder';
export { mnistDecoder, type MnistDecoderOptions } from './mnist_decoder';
export { type MnistNetworkOptions } from './mnist_network_options';
export { createMnistAutoencoder, type MnistAutoencoderOptions } from './mnist_autoencoder';
export { type DecoderOutputOptions, type OutputActivation } from './output_activation';
export { createVae, type Vae, type VaeOptions } from './vae';
export {
  classifierFeatures,
  createMnistClassifier,
  MNIST_FEATURE_LAYER,
  trainMnistClassifier,
  type MnistClassifierOptions,
} from './mnist_classifier';
export { createLorae, DEFAULT_LORAE_LAMBDA, type Lorae, type LoraeOptions } from './lorae';
export { createRrae, type Rrae, type RraeOptions } from './rrae';
export { MNIST_FEATURES_FILE, type MnistFeatureRecord } from './mnist_feature_file';
export {
  fetchMnistFeatureNetwork,
  MNIST_FEATURES_SHA256,
  mnistFeatureNetworkFromBytes,
  type MnistFeatureNetwork,
  type MnistFeatureNetworkOptions,
} from './mnist_feature_network';
export { mnistFeatures, mnistFrechetDistance, type DigitImages, type MnistFeaturesOptions } from './mnist_frechet_distance';
