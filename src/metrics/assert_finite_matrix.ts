import type { Matrix } from 'ml-matrix';

/**
 * Throw unless every entry of `matrix` is finite, naming the first bad entry
 * (row-major order) so a NaN from a diverged encoder is easy to locate.
 *
 * @param matrix - The matrix to check.
 * @param name - The argument name used in the error message.
 * @throws If an entry is NaN or infinite.
 * @internal
 */
export function assertFiniteMatrix(matrix: Matrix, name: string): void {
  for (let i = 0; i < matrix.rows; i++) {
    for (let j = 0; j < matrix.columns; j++) {
      const value = matrix.get(i, j);
      if (!Number.isFinite(value)) {
        throw new Error(
          `\`${name}\` must contain only finite values, but row ${i}, column ${j} is ${value}`,
        );
      }
    }
  }
}
