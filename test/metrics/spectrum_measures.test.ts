import { describe, expect, it } from 'vitest';
import {
  latentSpectrum,
  nuclearNorm,
  participationRatio,
  singularValues,
  stableRank,
  thresholdRank,
} from '../../src/metrics';
import {
  CODES,
  CODES_SINGULAR_VALUES,
  COVARIANCE_SINGULAR_VALUES,
  NUCLEAR_NORM,
  PARTICIPATION_RATIO,
  STABLE_RANK,
} from './fixtures';

describe('thresholdRank', () => {
  it('counts values above threshold x max (hand-computed)', () => {
    // Ratios to the max: 1, 0.5, 0.015, 0.0025.
    expect(thresholdRank([4, 2, 0.06, 0.01])).toBe(3);
    expect(thresholdRank([4, 2, 0.06, 0.01], 0.5)).toBe(1);
    expect(thresholdRank([0.01, 2, 4, 0.06], 0.001)).toBe(4);
    expect(thresholdRank(Float32Array.from([1, 0.01]))).toBe(1);
  });

  it('is 0 for an empty or all-zero spectrum', () => {
    expect(thresholdRank([])).toBe(0);
    expect(thresholdRank([0, 0])).toBe(0);
  });

  it('rejects a bad threshold or entry', () => {
    expect(() => thresholdRank([1], -0.1)).toThrow(
      '`threshold` must be a finite non-negative number, but got -0.1',
    );
    expect(() => thresholdRank([1, NaN])).toThrow('`spectrum` must contain only finite, non-negative values, but entry 1 is NaN');
  });
});

describe('stableRank', () => {
  it('matches NumPy ||X||_F^2 / ||X||_2^2 (fixtures.ts)', () => {
    expect(stableRank(CODES_SINGULAR_VALUES)).toBeCloseTo(STABLE_RANK, 12);
    expect(stableRank(singularValues(CODES))).toBeCloseTo(STABLE_RANK, 12);
  });

  it('is (4 + 1 + 1) / 4 = 1.5 for [2, 1, 1], and scale-invariant even near overflow', () => {
    expect(stableRank([2, 1, 1])).toBe(1.5);
    expect(stableRank([2e300, 1e300, 1e300])).toBeCloseTo(1.5, 14);
  });

  it('is 0 for an empty or all-zero input and rejects negatives', () => {
    expect(stableRank([])).toBe(0);
    expect(stableRank([0, 0])).toBe(0);
    expect(() => stableRank([-1])).toThrow(
      '`singularValues` must contain only finite, non-negative values, but entry 0 is -1',
    );
  });
});

describe('participationRatio', () => {
  it('matches NumPy (sum λ)^2 / sum λ^2 over eigvalsh(cov) (fixtures.ts)', () => {
    expect(participationRatio(COVARIANCE_SINGULAR_VALUES)).toBeCloseTo(PARTICIPATION_RATIO, 12);
    expect(participationRatio(latentSpectrum(CODES))).toBeCloseTo(PARTICIPATION_RATIO, 12);
    expect(participationRatio(latentSpectrum(CODES, { normalize: 'sum' }))).toBeCloseTo(
      PARTICIPATION_RATIO,
      12,
    );
  });

  it('is n for n equal values and 16 / 10 = 1.6 for [3, 1] (closed form)', () => {
    expect(participationRatio([1, 1, 1, 1])).toBe(4);
    expect(participationRatio(new Float64Array([3, 1]))).toBeCloseTo(1.6, 15);
    expect(participationRatio([3e200, 1e200])).toBeCloseTo(1.6, 14);
  });

  it('is 0 for an empty or all-zero input and rejects negatives', () => {
    expect(participationRatio([])).toBe(0);
    expect(participationRatio([0])).toBe(0);
    expect(() => participationRatio([1, -1e-17])).toThrow(
      '`eigenvalues` must contain only finite, non-negative values, but entry 1 is -1e-17',
    );
  });
});

describe('nuclearNorm', () => {
  it('matches NumPy np.linalg.norm(X, "nuc") (fixtures.ts)', () => {
    expect(nuclearNorm(singularValues(CODES))).toBeCloseTo(NUCLEAR_NORM, 12);
  });

  it('sums the values, 0 when empty, and rejects NaN', () => {
    expect(nuclearNorm([3, 2, 0.5])).toBe(5.5);
    expect(nuclearNorm(Float32Array.from([0.5, 0.25]))).toBe(0.75);
    expect(nuclearNorm([])).toBe(0);
    expect(() => nuclearNorm([NaN])).toThrow('entry 0 is NaN');
  });
});
