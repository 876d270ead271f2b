export { classifierHead, type ClassifierHeadOptions } from './classifier_head';
export { balancedLabelSubset, type BalancedLabelSubsetOptions } from './balanced_label_subset';
export {
  trainClassifier,
  type ClassifierEpochLogs,
  type ClassifierHistory,
  type TrainClassifierOptions,
} from './train_classifier';
export { classificationAccuracy, type ClassificationAccuracyOptions } from './classification_accuracy';
export {
  defaultFewLabelEpochs,
  fewLabelClassification,
  type FewLabelClassificationOptions,
  type FewLabelResult,
  type FewLabelRun,
  type LabelledSet,
} from './few_label_classification';
