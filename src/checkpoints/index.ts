export { CheckpointCallback, checkpointCallback, type LogHistory } from './checkpoint_callback';
