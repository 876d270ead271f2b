export { shapeDecoder } from './shape_decoder';
export { shapeEncoder } from './shape_encoder';
export { type ShapeNetworkOptions } from './shape_network_options';
export {
  createShapeAutoencoder,
  type ShapeAutoencoder,
  type ShapeAutoencoderOptions,
} from './shape_autoencoder';
