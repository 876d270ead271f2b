import { describe, expect, it } from 'vitest';
import { SHAPE_TRAIN_SEED, shapeEpochOrder } from '../../src/datasets';

describe('shapeEpochOrder', () => {
  it('matches an independent Python port of the seeded Fisher-Yates shuffle', () => {
    // Python: key = streamSeed(seed, 'shuffle', epoch) (see stream_seed.test.ts); for i = count-1..1:
    // j = draw(key, i) * (i + 1) >> 32; swap o[i], o[j] (see counter_stream.test.ts for mix32, draw).
    expect(Array.from(shapeEpochOrder(5, { seed: 1, epoch: 0 }))).toEqual([3, 2, 1, 0, 4]);
    expect(Array.from(shapeEpochOrder(10, { seed: SHAPE_TRAIN_SEED, epoch: 0 }))).toEqual([2, 9, 1, 5, 0, 3, 8, 7, 6, 4]);
    expect(Array.from(shapeEpochOrder(10, { seed: SHAPE_TRAIN_SEED, epoch: 1 }))).toEqual([9, 2, 0, 5, 6, 7, 8, 4, 1, 3]);
  });

  it('returns a permutation, the same for the same (seed, epoch), another for the next epoch', () => {
    const a = shapeEpochOrder(1000, { seed: 9, epoch: 4 });
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shapeEpochOrder(1000, { seed: 9, epoch: 4 })).toEqual(a);
    expect(shapeEpochOrder(1000, { seed: 9, epoch: 5 })).not.toEqual(a);
    expect(shapeEpochOrder(1000, { seed: 10, epoch: 4 })).not.toEqual(a);
  });

  it('draws each of the 3! orders with probability 1/6 over epochs', () => {
    const counts = new Map<string, number>();
    for (let epoch = 0; epoch < 6000; epoch++) {
      const key = shapeEpochOrder(3, { seed: 2, epoch }).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // Binomial sd sqrt(6000 * 1/6 * 5/6) ~ 29; allow 5 sd.
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(145);
  });

  it('handles 0 and 1 images', () => {
    expect(Array.from(shapeEpochOrder(0))).toEqual([]);
    expect(Array.from(shapeEpochOrder(1, { seed: 3, epoch: 7 }))).toEqual([0]);
  });

  it('rejects bad arguments by name', () => {
    expect(() => shapeEpochOrder(-2)).toThrow('`count` must be a non-negative integer below 2^32, but got -2');
    expect(() => shapeEpochOrder(3, { seed: 1.5 })).toThrow('`seed` must be an integer in [0, 2^32 - 1], but got 1.5');
    expect(() => shapeEpochOrder(3, { epoch: -1 })).toThrow('`epoch` must be an integer in [0, 2^32 - 1], but got -1');
  });
});
