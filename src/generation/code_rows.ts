import type { Matrix } from 'ml-matrix';
import { assertFiniteMatrix } from '../metrics/assert_finite_matrix';
import { toMatrix, type CodesInput } from '../metrics/to_matrix';

/**
 * Codes as a finite float64 matrix with at least `minRows` rows, for the
 * latent models.
 *
 * @throws If `codes` is malformed (see {@link toMatrix}), has fewer than
 *   `minRows` rows, or holds a NaN or infinite value.
 * @internal
 */
export function codeRows(codes: CodesInput, minRows: number, why: string, name = 'codes'): Matrix {
  const matrix = toMatrix(codes, name);
  if (matrix.rows < minRows) {
    throw new Error(`\`${name}\` must have at least ${minRows} samples (rows) ${why}, but got ${matrix.rows}`);
  }
  assertFiniteMatrix(matrix, name);
  return matrix;
}
