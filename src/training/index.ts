export { type BatchedDataset, type TrainingData } from './batch_source';
export { fitOutputs, type FitOutputs, type PerSampleLoss } from './fit_outputs';
export { NonFiniteLossError } from './non_finite_loss_error';
export { type ProgressMode, type ProgressStream } from './progress';
export {
  type BatchLogs,
  type EpochLogs,
  trainAutoencoder,
  type TrainAutoencoderOptions,
  type TrainingHistory,
} from './train_autoencoder';
export { type TrainingCallbacks } from './training_callbacks';
export { NonFiniteLossStop, StopOnNonFiniteLoss, stopOnNonFiniteLoss } from './stop_on_non_finite_loss';
export { RankMonitor, rankMonitor, type RankMonitorOptions, type RankRecord } from './rank_monitor';
export { AdaptiveRank, adaptiveRank, type AdaptiveRankOptions, type RankChange } from './adaptive_rank';
