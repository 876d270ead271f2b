export { generateShapes, type GenerateShapesOptions, type ShapeSet } from './generate_shapes';
export {
  SHAPE_EVAL_SEED,
  SHAPE_TRAIN_SEED,
  type ShapeFactors,
  type ShapeOptions,
  type ShapeVariant,
} from './shape_options';
export { shapeDataset, type ShapeBatch, type ShapeDatasetOptions } from './shape_dataset';
export { shapeEpochOrder } from './shape_epoch_order';
export { shapeImages } from './shape_images';
export { shapeFactorTable } from './shape_factor_table';
export { parseIdx, type IdxArray } from './parse_idx';
export { MNIST_IMAGE_SIZE, mnistFromIdx, type MnistFiles, type MnistOptions, type MnistSet } from './mnist';
export { fetchMnist, type MnistUrls } from './fetch_mnist';
