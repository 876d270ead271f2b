import { describe, expect, it } from 'vitest';

import { seededPermutation, streamSeed } from '../../src/random';

describe('seededPermutation', () => {
  it('matches an independent Python port of the Fisher-Yates shuffle', () => {
    // Python: for i = count-1..1: j = draw(key, i) * (i + 1) >> 32; swap o[i], o[j]
    // (draw as in counter_stream.test.ts, streamSeed as in stream_seed.test.ts).
    expect(Array.from(seededPermutation(8, 12345))).toEqual([5, 4, 7, 2, 6, 0, 1, 3]);
    expect(Array.from(seededPermutation(5, streamSeed(1, 'shuffle', 0)))).toEqual([3, 2, 1, 0, 4]);
  });

  it('returns a permutation, the same for the same key', () => {
    const a = seededPermutation(1000, 77);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(seededPermutation(1000, 77)).toEqual(a);
    expect(seededPermutation(1000, 78)).not.toEqual(a);
  });

  it('handles 0 and 1 items', () => {
    expect(Array.from(seededPermutation(0, 1))).toEqual([]);
    expect(Array.from(seededPermutation(1, 1))).toEqual([0]);
  });
});
