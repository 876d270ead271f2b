import type * as tf from '@tensorflow/tfjs';
import { AbstractMatrix, Matrix } from 'ml-matrix';

import { describeKind } from '../internal/describe_value';
import { isTensor } from '../internal/is_tensor';

/**
 * Latent codes laid out as rows of samples, in one of the forms users hold:
 * - a `tf.Tensor2D` of shape [samples, dim] (any numeric dtype),
 * - a `number[][]` (or an array of typed-array rows) with one row per sample,
 * - an ml-matrix `Matrix` with one row per sample,
 * - `{ data, dim }`: a flat row-major buffer whose consecutive runs of `dim`
 *   values are the samples.
 *
 * @category Metrics
 */
export type CodesInput =
  | tf.Tensor2D
  | ReadonlyArray<ArrayLike<number>>
  | AbstractMatrix
  | FlatCodes;

/**
 * Codes as a flat row-major buffer: sample `i` is
 * `data[i * dim .. (i + 1) * dim - 1]`.
 *
 * @category Metrics
 */
export interface FlatCodes {
  /** The values, row after row; its length must be a multiple of `dim`. */
  data: Float32Array | Float64Array | ArrayLike<number>;
  /** The number of values per sample (the latent dimension), a positive integer. */
  dim: number;
}

/**
 * Convert latent codes to a fresh float64 ml-matrix `Matrix` of shape
 * [samples, dim].
 *
 * The input is never modified or aliased: the result is always a new matrix.
 * A tensor is read with `dataSync()` and creates no tensors, so nothing leaks.
 * An empty `number[][]` gives a 0 x 0 matrix (its dim is unknown); an empty
 * tensor or flat buffer keeps its dim. Values are not checked for finiteness
 * here: the metrics that need finite values check them and name the entry.
 *
 * @param codes - Codes in any {@link CodesInput} form, one row per sample.
 * @param name - The argument name used in error messages (default `'codes'`).
 * @returns A new float64 `Matrix` with one row per sample.
 * @throws If `codes` is none of the accepted forms, a tensor is not 2D or has
 *   a string or complex dtype, rows are ragged or empty, `dim` is not a
 *   positive integer, or the flat data length is not a multiple of `dim`.
 * @example
 * ```ts
 * toMatrix({ data: [1, 2, 3, 4, 5, 6], dim: 3 }).to2DArray();
 * // => [[1, 2, 3], [4, 5, 6]]
 * ```
 * @category Metrics
 */
export function toMatrix(codes: CodesInput, name = 'codes'): Matrix {
  if (AbstractMatrix.isMatrix(codes)) return fromMatrix(codes, name);
  if (isTensor(codes)) return fromTensor(codes, name);
  if (Array.isArray(codes)) return fromRows(codes, name);
  if (isFlatCodes(codes)) return fromFlat(codes, name);
  throw new Error(
    `\`${name}\` must be a tf.Tensor2D, number[][], an ml-matrix Matrix or ` +
      `{ data, dim }, but got ${describeKind(codes)}`,
  );
}

function fromMatrix(matrix: AbstractMatrix, name: string): Matrix {
  if (matrix.rows > 0) assertPositiveWidth(matrix.columns, name);
  return new Matrix(matrix);
}

function fromTensor(tensor: tf.Tensor, name: string): Matrix {
  const [, dim] = assertCodesTensor(tensor, name);
  return fromFlat({ data: tensor.dataSync() as ArrayLike<number>, dim }, name);
}

/**
 * Checks that a tensor can hold codes: 2D, real-valued, at least one column.
 *
 * @returns Its shape [samples, dim].
 * @throws Naming `name` and what the tensor is instead.
 * @internal
 */
export function assertCodesTensor(tensor: tf.Tensor, name: string): [number, number] {
  if (tensor.rank !== 2) {
    throw new Error(
      `\`${name}\` must be a 2D tensor [samples, dim], but got shape ` +
        `[${tensor.shape.join(', ')}]`,
    );
  }
  if (tensor.dtype === 'string' || tensor.dtype === 'complex64') {
    throw new Error(
      `\`${name}\` must be a real-valued tensor, but got dtype ${tensor.dtype}`,
    );
  }
  const [rows, dim] = tensor.shape as [number, number];
  if (dim < 1) throw new Error(`\`${name}\` must have at least 1 column, but got shape [${rows}, ${dim}]`);
  return [rows, dim];
}

function fromRows(rows: ReadonlyArray<ArrayLike<number>>, name: string): Matrix {
  if (rows.length === 0) return new Matrix(0, 0);
  const dim = rowLength(rows[0], 0, name);
  assertPositiveWidth(dim, name);
  const matrix = new Matrix(rows.length, dim);
  rows.forEach((row, i) => {
    const length = rowLength(row, i, name);
    if (length !== dim) {
      throw new Error(
        `\`${name}\` must have rows of equal length, but row 0 has ${dim} ` +
          `values and row ${i} has ${length}`,
      );
    }
    for (let j = 0; j < dim; j++) matrix.set(i, j, row[j]);
  });
  return matrix;
}

function fromFlat(codes: FlatCodes, name: string): Matrix {
  const { data, dim } = codes;
  if (!Number.isInteger(dim) || dim < 1) {
    throw new Error(`\`${name}.dim\` must be a positive integer, but got ${String(dim)}`);
  }
  if (data.length % dim !== 0) {
    throw new Error(
      `\`${name}.data\` length must be a multiple of \`${name}.dim\` (${dim}), ` +
        `but got ${data.length}`,
    );
  }
  const rows = data.length / dim;
  const matrix = new Matrix(rows, dim);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < dim; j++) matrix.set(i, j, data[i * dim + j]);
  }
  return matrix;
}

function rowLength(row: unknown, index: number, name: string): number {
  const length = (row as { length?: unknown } | null)?.length;
  if (typeof row !== 'object' || typeof length !== 'number') {
    throw new Error(
      `\`${name}\` rows must be arrays of numbers, but row ${index} is ${describeKind(row)}`,
    );
  }
  return length;
}

function assertPositiveWidth(dim: number, name: string): void {
  if (dim < 1) {
    throw new Error(`\`${name}\` rows must have at least 1 value, but got ${dim}`);
  }
}

function isFlatCodes(value: unknown): value is FlatCodes {
  const candidate = value as Partial<FlatCodes> | null;
  return (
    typeof value === 'object' &&
    candidate !== null &&
    'dim' in candidate &&
    typeof (candidate.data as { length?: unknown } | undefined)?.length === 'number'
  );
}
