import * as tf from '@tensorflow/tfjs';
import { Matrix } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { toMatrix } from '../../src/metrics';

const rows = [
  [1, 2, 3],
  [4, 5, 6],
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('toMatrix', () => {
  it('reads number[][], typed-array rows, Matrix, flat buffers and tensors alike', () => {
    const tensor = tf.tensor2d(rows);
    const inputs = [
      rows,
      rows.map((row) => Float32Array.from(row)),
      new Matrix(rows),
      new Matrix(rows).transpose().transpose(),
      { data: [1, 2, 3, 4, 5, 6], dim: 3 },
      { data: Float32Array.from([1, 2, 3, 4, 5, 6]), dim: 3 },
      { data: Float64Array.from([1, 2, 3, 4, 5, 6]), dim: 3 },
      tensor,
      tf.tensor2d(rows, undefined, 'int32'),
    ];
    for (const input of inputs) expect(toMatrix(input).to2DArray()).toEqual(rows);
    tf.dispose([tensor, inputs[8] as tf.Tensor]);
  });

  it('widens float32 tensors to float64 without changing their values', () => {
    const tensor = tf.tensor2d([[0.1, 1 / 3]]);
    expect(toMatrix(tensor).to2DArray()).toEqual([[Math.fround(0.1), Math.fround(1 / 3)]]);
    tensor.dispose();
  });

  it('returns a copy: changing the result leaves the input alone', () => {
    const input = new Matrix(rows);
    toMatrix(input).set(0, 0, 99);
    expect(input.get(0, 0)).toBe(1);
  });

  it('keeps the dim of empty tensors and flat buffers; an empty array is 0 x 0', () => {
    const empty = tf.zeros([0, 4]) as tf.Tensor2D;
    expect([toMatrix(empty).rows, toMatrix(empty).columns]).toEqual([0, 4]);
    empty.dispose();
    const flat = toMatrix({ data: [], dim: 5 });
    expect([flat.rows, flat.columns]).toEqual([0, 5]);
    const array = toMatrix([]);
    expect([array.rows, array.columns]).toEqual([0, 0]);
  });

  it('creates no tensors when reading one', () => {
    const tensor = tf.randomNormal([64, 8]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) toMatrix(tensor);
    expect(tf.memory().numTensors).toBe(before);
    tensor.dispose();
  });

  it('names the argument and says what was wrong', () => {
    expect(() => toMatrix([[1, 2], [3]])).toThrow(
      '`codes` must have rows of equal length, but row 0 has 2 values and row 1 has 1',
    );
    expect(() => toMatrix([[], []])).toThrow('`codes` rows must have at least 1 value, but got 0');
    expect(() => toMatrix([[1], 2] as unknown as number[][])).toThrow(
      '`codes` rows must be arrays of numbers, but row 1 is number 2',
    );
    expect(() => toMatrix({ data: [1, 2, 3, 4, 5], dim: 2 }, 'batch')).toThrow(
      '`batch.data` length must be a multiple of `batch.dim` (2), but got 5',
    );
    expect(() => toMatrix({ data: [1, 2], dim: 1.5 })).toThrow(
      '`codes.dim` must be a positive integer, but got 1.5',
    );
    expect(() => toMatrix({ data: [1, 2], dim: 0 })).toThrow(
      '`codes.dim` must be a positive integer, but got 0',
    );
    expect(() => toMatrix('codes' as never)).toThrow(
      '`codes` must be a tf.Tensor2D, number[][], an ml-matrix Matrix or { data, dim }, but got string codes',
    );
    expect(() => toMatrix(null as never)).toThrow('but got null');
  });

  it('rejects tensors that are not 2D or not real-valued', () => {
    const cube = tf.zeros([2, 3, 4]);
    const vector = tf.zeros([3]);
    const strings = tf.tensor2d([['a']], [1, 1], 'string');
    const noColumns = tf.zeros([3, 0]);
    expect(() => toMatrix(cube as tf.Tensor2D)).toThrow(
      '`codes` must be a 2D tensor [samples, dim], but got shape [2, 3, 4]',
    );
    expect(() => toMatrix(vector as tf.Tensor2D)).toThrow('but got shape [3]');
    expect(() => toMatrix(strings)).toThrow('`codes` must be a real-valued tensor, but got dtype string');
    expect(() => toMatrix(noColumns as tf.Tensor2D)).toThrow(
      '`codes` must have at least 1 column, but got shape [3, 0]',
    );
    tf.dispose([cube, vector, strings, noColumns]);
  });
});
