export { FusedAdamOptimizer, fusedAdam } from './fused_adam_optimizer';
