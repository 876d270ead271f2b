import { describe, expect, it } from 'vitest';

import { fromFloat16Bits, toFloat16Bits } from '../../src/internal/float16';

describe('float16', () => {
  it('encodes the values whose bit patterns IEEE 754 fixes', () => {
    // Hand-computed: sign | exponent (bias 15) << 10 | mantissa.
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(0.5)).toBe(0x3800);
    expect(toFloat16Bits(65504)).toBe(0x7bff); // the largest finite half
    expect(toFloat16Bits(2 ** -14)).toBe(0x0400); // the smallest normal
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001); // the smallest subnormal
    expect(toFloat16Bits(0)).toBe(0);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(Infinity)).toBe(0x7c00);
    expect(toFloat16Bits(-Infinity)).toBe(0xfc00);
    expect(fromFloat16Bits(toFloat16Bits(NaN))).toBeNaN();
  });

  it('rounds to the nearest half, ties to even, and overflows past 65520', () => {
    // Halves near 1 are 2^-10 apart: 1 + 2^-11 is a tie between 1 (even) and 1 + 2^-10.
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie between 0x3c01 and 0x3c02 (even)
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    expect(toFloat16Bits(65519)).toBe(0x7bff);
    expect(toFloat16Bits(65520)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -25)).toBe(0); // a tie between 0 and the smallest subnormal
    expect(toFloat16Bits(1.5 * 2 ** -25)).toBe(1);
    expect(toFloat16Bits(3 * 2 ** -25)).toBe(2); // tie between subnormals 1 and 2
    expect(toFloat16Bits(2 ** -14 - 2 ** -26)).toBe(0x0400); // rounds up from the subnormals into the normals
  });

  it('decodes every finite pattern to a value that encodes back to it', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = fromFloat16Bits(bits);
      if (Number.isNaN(value)) continue;
      expect(toFloat16Bits(value)).toBe(bits);
    }
  });

  it('gives the nearest half to any float32, never a farther one', () => {
    // A brute-force check against the decoded neighbours of the result.
    const floats = new Float32Array(20000);
    let state = 12345;
    for (let i = 0; i < floats.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      floats[i] = (state / 2 ** 32 - 0.5) * 2 ** ((i % 40) - 28);
    }
    for (const value of floats) {
      const bits = toFloat16Bits(value);
      const error = Math.abs(fromFloat16Bits(bits) - value);
      for (const neighbour of [bits - 1, bits + 1]) {
        if ((neighbour & 0x7fff) >= 0x7c00 || neighbour < 0 || (neighbour & 0x8000) !== (bits & 0x8000)) continue;
        expect(Math.abs(fromFloat16Bits(neighbour) - value)).toBeGreaterThanOrEqual(error);
      }
    }
  });
});
