import { describe, expect, it } from 'vitest';

import { balancedLabelSubset } from '../../src';
import { randomLabels } from './clusters';

function countsPerClass(labels: ArrayLike<number>, rows: Uint32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  rows.forEach((row) => (counts[labels[row]] += 1));
  return counts;
}

describe('balancedLabelSubset', () => {
  const labels = randomLabels(5000, 10, 1);

  it('draws count / classes distinct rows of each class, ascending', () => {
    for (const count of [10, 100, 1000]) {
      const rows = balancedLabelSubset(labels, count, 3);
      expect(rows.length).toBe(count);
      expect(countsPerClass(labels, rows, 10)).toEqual(new Array(10).fill(count / 10));
      expect(new Set(rows).size).toBe(count);
      expect([...rows]).toEqual([...rows].sort((a, b) => a - b));
    }
  });

  it('is reproducible for a seed, differs between seeds, and nests the counts of a seed', () => {
    expect(balancedLabelSubset(labels, 100, 7)).toEqual(balancedLabelSubset(labels, 100, 7));
    expect(balancedLabelSubset(labels, 100, 7)).not.toEqual(balancedLabelSubset(labels, 100, 8));
    const small = balancedLabelSubset(labels, 10, 7);
    const large = new Set(balancedLabelSubset(labels, 100, 7));
    expect([...small].every((row) => large.has(row))).toBe(true);
  });

  it('takes every row when count is all of a balanced set', () => {
    expect([...balancedLabelSubset([2, 0, 1, 1, 0, 2], 6, 0)]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('takes the number of classes from the option, so an absent class is too short', () => {
    expect(() => balancedLabelSubset([0, 1, 0, 1], 3, 0, { classes: 3 })).toThrow(
      '`count` 3 needs 1 rows of each class, but class 2 has 0 in `labels`',
    );
  });

  it('names the argument that is wrong', () => {
    expect(() => balancedLabelSubset(labels, 15, 0)).toThrow('`count` must be a multiple of the 10 classes, but got 15');
    expect(() => balancedLabelSubset([0, 0, 1], 4, 0)).toThrow('`count` 4 needs 2 rows of each class, but class 1 has 1 in `labels`');
    expect(() => balancedLabelSubset([0, 1, 5], 2, 0, { classes: 2 })).toThrow('`labels`[2] must be an integer in [0, 1], but got 5');
    expect(() => balancedLabelSubset([0, -1], 2, 0)).toThrow('`labels`[1] must be a non-negative integer, but got -1');
    expect(() => balancedLabelSubset([], 2, 0)).toThrow('`labels` must be a non-empty array of class indices');
    expect(() => balancedLabelSubset([0, 1], 0, 0)).toThrow('`count` must be a positive integer, but got 0');
    expect(() => balancedLabelSubset([0, 1], 2, -1)).toThrow('`seed` must be an integer in [0, 2^32 - 1], but got -1');
  });
});
