/**
 * Learning-rate schedules of the reproduction budgets: a linear warm-up to
 * the peak, then constant, cosine or linear decay to `final` at the last
 * step, applied by an Adam that reads its rate from the schedule at every
 * step. Adam's step count is part of a checkpoint, so a resumed run continues
 * on the same schedule.
 */
import type * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from 'irmae';

export const SCHEDULE_KINDS = ['constant', 'cosine', 'linear'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export interface LearningRateSchedule {
  kind: ScheduleKind;
  /** Learning rate after the warm-up. */
  peak: number;
  /** Steps over which the rate rises linearly to `peak`; 0 for none. */
  warmupSteps: number;
  /** Steps of the whole run; the decay ends here. */
  totalSteps: number;
  /** Learning rate at the last step for the decaying kinds. */
  final: number;
}

/** The learning rate of step `step` (0-based). */
export function learningRateAt(schedule: LearningRateSchedule, step: number): number {
  const { kind, peak, warmupSteps, totalSteps, final } = schedule;
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  if (kind === 'constant') return peak;
  const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
  const fraction = kind === 'cosine' ? (1 + Math.cos(Math.PI * progress)) / 2 : 1 - progress;
  return final + (peak - final) * fraction;
}

/** Adam whose learning rate follows `schedule`, by its own step count. */
export class ScheduledAdam extends FusedAdamOptimizer {
  /** @param epsilon Adam's epsilon; tfjs's default is its float32 epsilon, 1e-7. */
  constructor(
    private readonly schedule: LearningRateSchedule,
    epsilon?: number,
  ) {
    super(learningRateAt(schedule, 0), 0.9, 0.999, epsilon);
  }

  override applyGradients(gradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    this.learningRate = learningRateAt(this.schedule, this.iterations);
    super.applyGradients(gradients);
  }
}
