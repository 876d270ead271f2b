import { describe, expect, it } from 'vitest';
import { numericalRank } from '../../src/metrics';

// NumPy 1.24.2 (/usr/bin/python3), for S = [1, 1e-6, 1e-8]:
//   np.linalg.matrix_rank(np.diag(S).astype(np.float32))  -> 2
//   np.linalg.matrix_rank(np.diag(S))                     -> 3
// and for a 100 x 3 float64 matrix with singular values T = [1, 1e-13, 1e-15]:
//   rng = np.random.default_rng(0)
//   U, _ = np.linalg.qr(rng.standard_normal((100, 3)))
//   V, _ = np.linalg.qr(rng.standard_normal((3, 3)))
//   np.linalg.matrix_rank(U @ np.diag(T) @ V.T)           -> 2
//   np.linalg.matrix_rank(np.diag(T))                     -> 3
describe('numericalRank', () => {
  const S = [1, 1e-6, 1e-8];
  const T = [1, 1e-13, 1e-15];

  it('follows NumPy\'s matrix_rank for float32 and float64 square matrices', () => {
    expect(numericalRank(S)).toBe(2);
    expect(numericalRank(Float32Array.from(S), { dtype: 'float32' })).toBe(2);
    expect(numericalRank(S, { dtype: 'float64' })).toBe(3);
    expect(numericalRank(T, { dtype: 'float64' })).toBe(3);
  });

  it('uses size = max(M, N) for a non-square matrix, as NumPy does', () => {
    expect(numericalRank(T, { dtype: 'float64', size: 100 })).toBe(2);
  });

  it('counts values strictly above an explicit tol, ignoring size and dtype', () => {
    expect(numericalRank(S, { tol: 1e-6 })).toBe(1);
    expect(numericalRank(S, { tol: 9e-7, size: 1e6 })).toBe(2);
    expect(numericalRank(S, { tol: 0 })).toBe(3);
  });

  it('is 0 for an empty or all-zero spectrum, in any order', () => {
    expect(numericalRank([])).toBe(0);
    expect(numericalRank([0, 0])).toBe(0);
    expect(numericalRank([1e-8, 1e-6, 1])).toBe(2);
  });

  it('rejects bad entries and options by name', () => {
    expect(() => numericalRank([1, -1])).toThrow('entry 1 is -1');
    expect(() => numericalRank(S, { tol: NaN })).toThrow(
      '`tol` must be a finite non-negative number, but got NaN',
    );
    expect(() => numericalRank(S, { size: 2.5 })).toThrow('`size` must be a positive integer, but got 2.5');
    expect(() => numericalRank(S, { dtype: 'float16' as never })).toThrow(
      "`dtype` must be 'float32' or 'float64', but got \"float16\"",
    );
  });
});
