/**
 * Learning-rate schedules of the reproduction budgets, as a function of the
 * number of training images seen (so that they do not depend on the batch
 * size): a linear warm-up to the peak, then constant, cosine or linear decay
 * to `final` at `totalImages`.
 */
export interface LearningRateSchedule {
  kind: 'constant' | 'cosine' | 'linear';
  /** Learning rate after the warm-up. */
  peak: number;
  /** Images over which the rate rises linearly from 0 to `peak`; 0 for none. */
  warmupImages: number;
  /** Images of the whole run; the decay ends here. */
  totalImages: number;
  /** Learning rate at `totalImages` for the decaying kinds. */
  final: number;
}

/** The learning rate after `images` training images. */
export function learningRateAt(schedule: LearningRateSchedule, images: number): number {
  const { kind, peak, warmupImages, totalImages, final } = schedule;
  if (images < warmupImages) return (peak * (images + 1)) / warmupImages;
  if (kind === 'constant') return peak;
  const progress = Math.min(1, (images - warmupImages) / Math.max(1, totalImages - warmupImages));
  const fraction = kind === 'cosine' ? (1 + Math.cos(Math.PI * progress)) / 2 : 1 - progress;
  return final + (peak - final) * fraction;
}
