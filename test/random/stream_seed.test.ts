import { describe, expect, it } from 'vitest';

import { streamSeed } from '../../src/random';

// Expected values from an independent Python port with arbitrary-precision
// integers masked to 32 bits (mix32 as in counter_stream.test.ts):
//   tag(p) = FNV-1a 32 over the characters of p: h = 0x811c9dc5; h = (h ^ c) * 0x01000193 & M
//   fold(k, d) = mix32(mix32(k) ^ d); streamSeed(s, p, i) = fold(fold(s, tag(p)), i)
describe('streamSeed', () => {
  it('hashes (seed, purpose, index) as the Python port does', () => {
    expect(streamSeed(7, 'irm-kernel', 1)).toBe(261992989);
    expect(streamSeed(8, 'irm-kernel', 0)).toBe(91477602);
    expect(streamSeed(0, 'shuffle', 0)).toBe(2466033683);
    expect(streamSeed(0, 'shuffle')).toBe(2466033683);
    expect(streamSeed(4294967295, 'irm-bias', 4294967295)).toBe(2348005863);
    expect(streamSeed(1, '', 0)).toBe(2743160396);
  });

  it('gives seeds s and s + 1 disjoint streams, where offsets would overlap', () => {
    // With seed + index (the old scheme) stream 1 of seed s was stream 0 of
    // seed s + 1. Here none of 64 streams of a purpose repeats across 500 seeds.
    const seen = new Set<number>();
    for (let seed = 0; seed < 500; seed++) {
      for (let index = 0; index < 64; index++) seen.add(streamSeed(seed, 'irm-kernel', index));
    }
    expect(seen.size).toBe(500 * 64);
  });

  it('keeps purposes apart for the same seed and index', () => {
    const purposes = ['shuffle', 'irm-kernel', 'irm-bias', 'shape-encoder-kernel', 'shape-encoder-bias'];
    const seeds = purposes.map((purpose) => streamSeed(3, purpose, 0));
    expect(new Set(seeds).size).toBe(purposes.length);
  });

  it('rejects seeds and indices outside [0, 2^32 - 1] and a non-string purpose, by name', () => {
    expect(() => streamSeed(-1, 'shuffle')).toThrow('`seed` must be an integer in [0, 2^32 - 1], but got -1');
    expect(() => streamSeed(1.5, 'shuffle')).toThrow('`seed` must be an integer in [0, 2^32 - 1], but got 1.5');
    expect(() => streamSeed(2 ** 32, 'shuffle')).toThrow('`seed` must be an integer in [0, 2^32 - 1], but got 4294967296');
    expect(() => streamSeed(1, 'shuffle', -2)).toThrow('`index` must be an integer in [0, 2^32 - 1], but got -2');
    expect(() => streamSeed(1, 5 as unknown as string)).toThrow('`purpose` must be a string, but got 5');
  });
});
