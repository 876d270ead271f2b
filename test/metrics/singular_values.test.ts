import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { singularValues } from '../../src/metrics';
import { CODES, CODES_SINGULAR_VALUES, COVARIANCE, COVARIANCE_SINGULAR_VALUES } from './fixtures';
import { expectAllClose, gaussianMatrix } from './helpers';

describe('singularValues', () => {
  it('matches np.linalg.svd(X, compute_uv=False) for a tall matrix (fixtures.ts)', () => {
    const values = singularValues(CODES);
    expect(values).toBeInstanceOf(Float64Array);
    expectAllClose(values, CODES_SINGULAR_VALUES, 1e-12);
  });

  it('matches NumPy for the symmetric covariance (fixtures.ts)', () => {
    expectAllClose(singularValues(COVARIANCE), COVARIANCE_SINGULAR_VALUES, 1e-12);
  });

  it('gives min(M, N) values for a wide matrix, the same as for its transpose', () => {
    const wide = new Matrix(CODES).transpose();
    expectAllClose(singularValues(wide), CODES_SINGULAR_VALUES, 1e-12);
  });

  it('is descending with absolute values for a signed diagonal (closed form)', () => {
    expect(Array.from(singularValues([[3, 0, 0], [0, -4, 0], [0, 0, 0.5]]))).toEqual([4, 3, 0.5]);
  });

  it('gives exactly k non-zero values for a rank-k product', () => {
    const rankThree = gaussianMatrix(40, 3, 3).mmul(gaussianMatrix(3, 10, 4));
    const values = singularValues(rankThree);
    expect(values.length).toBe(10);
    for (let i = 0; i < 3; i++) expect(values[i] / values[0]).toBeGreaterThan(1e-3);
    for (let i = 3; i < 10; i++) expect(values[i] / values[0]).toBeLessThan(1e-9);
  });

  it('is empty for a matrix with no rows, and zero for a zero matrix', () => {
    expect(singularValues({ data: [], dim: 4 }).length).toBe(0);
    expect(Array.from(singularValues(Matrix.zeros(3, 2)))).toEqual([0, 0]);
  });

  it('names a non-finite entry instead of looping on it', () => {
    expect(() => singularValues([[1, NaN]])).toThrow(
      '`matrix` must contain only finite values, but row 0, column 1 is NaN',
    );
  });
});
