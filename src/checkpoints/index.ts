export { latestCheckpoint, restoreCheckpoint, type CheckpointState } from './checkpoint';
export { CheckpointCallback, checkpointCallback, type CheckpointCallbackOptions, type LogHistory } from './checkpoint_callback';
