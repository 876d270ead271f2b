import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { classifierHead, SeededDropout } from '../../src';

describe('classifierHead', () => {
  it("is the reference's head: 2 x (Linear n -> n, ReLU, Dropout 0.5), then Linear n -> classes without bias", () => {
    const head = classifierHead(128, 10, { seed: 1 });
    // PyTorch's count for model.Head(128, 10): 2 * (128 * 128 + 128) + 128 * 10.
    expect(head.countParams()).toBe(2 * (128 * 128 + 128) + 1280);
    expect(head.layers.map((layer) => layer.getClassName())).toEqual(['Dense', 'SeededDropout', 'Dense', 'SeededDropout', 'Dense']);
    expect(head.layers.filter((layer) => layer instanceof SeededDropout).map((layer) => (layer as SeededDropout).rate)).toEqual([0.5, 0.5]);
    expect(head.getWeights().map((weight) => weight.shape)).toEqual([[128, 128], [128], [128, 128], [128], [128, 10]]);
    head.dispose();
  });

  it("starts as PyTorch's nn.Linear: kernels and biases uniform in ±1/sqrt(n), different streams, the same for a seed", () => {
    const n = 64;
    const weights = (seed: number) => {
      const head = classifierHead(n, 3, { seed });
      const values = head.getWeights().map((weight) => Array.from(weight.dataSync()));
      head.dispose();
      return values;
    };
    const first = weights(7);
    const bound = 1 / Math.sqrt(n);
    for (const values of first) {
      const largest = values.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
      expect(largest).toBeLessThanOrEqual(bound);
      // Uniform in ±bound: the largest of >= 64 draws is above half the bound.
      expect(largest).toBeGreaterThan(bound / 2);
    }
    // The two hidden kernels are not one draw repeated.
    expect(first[0]).not.toEqual(first[2]);
    expect(weights(7)).toEqual(first);
    expect(weights(8)[0]).not.toEqual(first[0]);
  });

  it('drops units in training only', () => {
    const head = classifierHead(16, 4, { seed: 2 });
    const x = tf.ones([3, 16]);
    const [inference, again, trainingOne, trainingTwo] = [false, false, true, true].map((training) => {
      const y = head.apply(x, { training }) as tf.Tensor;
      const values = Array.from(y.dataSync());
      y.dispose();
      return values;
    });
    expect(again).toEqual(inference);
    expect(trainingOne).not.toEqual(inference);
    expect(trainingTwo).not.toEqual(trainingOne);
    x.dispose();
    head.dispose();
  });

  it('names the argument that is wrong', () => {
    expect(() => classifierHead(0, 10)).toThrow('`n` must be a positive integer, but got 0');
    expect(() => classifierHead(8, 1.5)).toThrow('`classes` must be a positive integer, but got 1.5');
    expect(() => classifierHead(8, 10, { seed: -2 })).toThrow('`seed` must be an integer in [0, 2^32 - 1], but got -2');
  });
});
