import { describe, expect, it } from 'vitest';
import { effectiveRank } from '../../src/metrics';
import { CODES_SINGULAR_VALUES, COVARIANCE_SINGULAR_VALUES, EFFECTIVE_RANK, RANKME } from './fixtures';

describe('effectiveRank', () => {
  it('is n for a flat spectrum and 1 for a single value (closed form)', () => {
    expect(effectiveRank([1, 1, 1, 1])).toBeCloseTo(4, 14);
    expect(effectiveRank([2.5, 2.5, 0, 0])).toBeCloseTo(2, 14);
    expect(effectiveRank([5, 0, 0])).toBe(1);
  });

  it('matches NumPy exp(H(s / sum s)) (fixtures.ts)', () => {
    expect(effectiveRank(COVARIANCE_SINGULAR_VALUES)).toBeCloseTo(EFFECTIVE_RANK, 12);
  });

  it('matches NumPy RankMe with epsilon = 1e-7 on the codes\' singular values (fixtures.ts)', () => {
    expect(effectiveRank(CODES_SINGULAR_VALUES, { epsilon: 1e-7 })).toBeCloseTo(RANKME, 12);
  });

  it('ignores order and scale, and accepts typed arrays', () => {
    const reversed = [...COVARIANCE_SINGULAR_VALUES].reverse().map((value) => value * 1e-3);
    expect(effectiveRank(Float64Array.from(reversed))).toBeCloseTo(EFFECTIVE_RANK, 12);
    expect(effectiveRank(Float32Array.from(COVARIANCE_SINGULAR_VALUES))).toBeCloseTo(EFFECTIVE_RANK, 6);
  });

  it('is 0 for an empty or all-zero spectrum', () => {
    expect(effectiveRank([])).toBe(0);
    expect(effectiveRank([0, 0, 0])).toBe(0);
    expect(effectiveRank(new Float64Array(3), { epsilon: 1e-7 })).toBe(0);
  });

  it('rejects negative, NaN or infinite entries and a bad epsilon', () => {
    expect(() => effectiveRank([1, -0.5])).toThrow(
      '`spectrum` must contain only finite, non-negative values, but entry 1 is -0.5',
    );
    expect(() => effectiveRank([NaN])).toThrow('entry 0 is NaN');
    expect(() => effectiveRank([1, Infinity])).toThrow('entry 1 is Infinity');
    expect(() => effectiveRank([1], { epsilon: -1 })).toThrow(
      '`epsilon` must be a finite non-negative number, but got -1',
    );
    expect(() => effectiveRank('1, 2' as never)).toThrow(
      '`spectrum` must be a number[], Float32Array or Float64Array, but got string',
    );
  });
});
