import { describe, expect, it } from 'vitest';
import { CounterStream, foldIn, mix32 } from '../../src/random/counter_stream';

// Expected values from an independent Python port using arbitrary-precision
// integers masked to 32 bits:
//   mix32(x): x ^= x >> 16; x = x * 0x7feb352d & M; x ^= x >> 15; x = x * 0x846ca68b & M; x ^= x >> 16
//   foldIn(k, i) = mix32(mix32(k) ^ i); draw(k, n) = mix32(k + (n + 1) * 0x9e3779b9 & M)
describe('counter-based random stream', () => {
  it('mixes 32-bit integers as lowbias32 does', () => {
    expect([0, 1, 2, 0xdeadbeef].map(mix32)).toEqual([0x0, 0x688990c0, 0xd1132181, 0xe628c683]);
  });

  it('maps draws to integer ranges and the float32 unit grid', () => {
    const stream = new CounterStream(foldIn(7, 0));
    // Python: 8 + (draw(k, 3) * 17 >> 32) == 13, 3 + (draw(k, 5) * 6 >> 32) == 8, (draw(k, 0) >> 8) / 2**24
    expect(8 + stream.integerBelow(3, 17)).toBe(13);
    expect(3 + stream.integerBelow(5, 6)).toBe(8);
    expect(stream.unit(0)).toBe(0.7430620789527893);
    expect(Math.fround(stream.unit(0))).toBe(stream.unit(0));
  });

  it('gives each draw independently of the order it is asked for', () => {
    const stream = new CounterStream(12345);
    const forward = [0, 1, 2, 3].map((n) => stream.uint32(n));
    const backward = [3, 2, 1, 0].map((n) => stream.uint32(n)).reverse();
    expect(forward).toEqual(backward);
    expect(new Set(forward).size).toBe(4);
  });

  it('keeps the unit draws in [0, 1) and the integer draws below the bound', () => {
    const stream = new CounterStream(99);
    for (let n = 0; n < 2000; n++) {
      const u = stream.unit(n);
      expect(u >= 0 && u < 1).toBe(true);
      const k = stream.integerBelow(n, 17);
      expect(Number.isInteger(k) && k >= 0 && k < 17).toBe(true);
    }
  });
});
