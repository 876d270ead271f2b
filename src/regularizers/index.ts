export {
  NuclearNormRegularizer,
  nuclearNormRegularizer,
  type NuclearNormMethod,
  type NuclearNormRegularizerArgs,
} from './nuclear_norm_regularizer';
export type { Regularizer } from './regularizer_base';
