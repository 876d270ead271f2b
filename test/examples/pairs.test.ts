import { describe, expect, it } from 'vitest';
import { choosePairs } from '../../examples/lib/pairs';

describe('choosePairs', () => {
  it('gives the same pairs for the same seed and other pairs for another', () => {
    expect(choosePairs(1000, 3, 7)).toEqual(choosePairs(1000, 3, 7));
    expect(choosePairs(1000, 3, 7)).not.toEqual(choosePairs(1000, 3, 8));
  });

  it('uses distinct indices inside the set', () => {
    const pairs = choosePairs(10, 5, 1);
    const indices = pairs.flat();
    expect(pairs).toHaveLength(5);
    // 5 pairs of a 10-image set use every image exactly once.
    expect([...indices].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses more pairs than the set holds', () => {
    expect(() => choosePairs(5, 3, 1)).toThrow('`count` pairs need 6 distinct images, but the set has 5');
  });
});
