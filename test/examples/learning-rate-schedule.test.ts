import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ScheduledAdam, learningRateAt, type LearningRateSchedule } from '../../examples/lib/learning-rate-schedule';

const cosine: LearningRateSchedule = { kind: 'cosine', peak: 1e-2, warmupSteps: 4, totalSteps: 104, final: 1e-4 };

describe('learningRateAt', () => {
  it('warms up linearly, then follows the cosine from peak to final', () => {
    expect([0, 1, 3].map((step) => learningRateAt(cosine, step))).toEqual([2.5e-3, 5e-3, 1e-2]);
    expect(learningRateAt(cosine, 4)).toBeCloseTo(1e-2, 15);
    // Half-way through the decay, cos(pi / 2) = 0: the mean of peak and final.
    expect(learningRateAt(cosine, 54)).toBeCloseTo((1e-2 + 1e-4) / 2, 15);
    expect(learningRateAt(cosine, 104)).toBeCloseTo(1e-4, 15);
    expect(learningRateAt(cosine, 500)).toBeCloseTo(1e-4, 15);
  });

  it('decays linearly, or stays at the peak', () => {
    const linear = { ...cosine, kind: 'linear' as const, warmupSteps: 0, totalSteps: 10, final: 0 };
    expect(learningRateAt(linear, 5)).toBeCloseTo(5e-3, 15);
    expect(learningRateAt({ ...linear, kind: 'constant' }, 9)).toBe(1e-2);
  });
});

describe('ScheduledAdam', () => {
  it('takes each step at the scheduled rate (Adam moves ~lr per step on a constant gradient)', () => {
    // With a constant gradient g, Adam's bias-corrected step is lr * g / (|g| + eps) ≈ lr.
    const optimizer = new ScheduledAdam(cosine);
    const w = tf.variable(tf.scalar(0));
    for (let step = 0; step < 6; step++) optimizer.minimize(() => w.mul(3).asScalar());
    const expected = -[0, 1, 2, 3, 4, 5].reduce((sum, step) => sum + learningRateAt(cosine, step), 0);
    expect(w.dataSync()[0]).toBeCloseTo(expected, 6);
    expect(optimizer.iterations).toBe(6);
    optimizer.dispose();
    w.dispose();
  });
});
