export { generateShapes, type GenerateShapesOptions, type ShapeSet } from './generate_shapes';
export {
  SHAPE_EVAL_SEED,
  SHAPE_TRAIN_SEED,
  type ShapeFactors,
  type ShapeOptions,
  type ShapeVariant,
} from './shape_options';
