import * as tf from '@tensorflow/tfjs';
import { Matrix } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { CovarianceAccumulator, latentCovariance, type CodesInput } from '../../src/metrics';
import { CODES, COVARIANCE } from './fixtures';
import { expectAllClose, expectMatrixClose, gaussianMatrix, uniformGenerator } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Cut the rows of `codes` into consecutive batches of random sizes 0..maxSize. */
function randomBatches(codes: Matrix, maxSize: number, seed: number): Matrix[] {
  const uniform = uniformGenerator(seed);
  const batches: Matrix[] = [];
  for (let start = 0; start < codes.rows; ) {
    const size = Math.min(Math.floor(uniform() * (maxSize + 1)), codes.rows - start);
    batches.push(
      size === 0
        ? new Matrix(0, codes.columns)
        : codes.subMatrix(start, start + size - 1, 0, codes.columns - 1),
    );
    start += size;
  }
  return batches;
}

/** The same batch in one of the accepted input forms, so every form is exercised. */
function asInput(batch: Matrix, index: number): CodesInput {
  const forms: CodesInput[] = [
    batch,
    batch.to2DArray(),
    { data: Float64Array.from(batch.to1DArray()), dim: batch.columns },
  ];
  return forms[index % forms.length];
}

function accumulate(batches: Matrix[]): CovarianceAccumulator {
  const accumulator = new CovarianceAccumulator();
  batches.forEach((batch, i) => accumulator.add(asInput(batch, i)));
  return accumulator;
}

describe('CovarianceAccumulator', () => {
  it('gives the hand-computed count, mean and covariance of three codes', () => {
    // Codes (0, 0), (2, 4), (1, 2): mean (1, 2), deviations ±(1, 2) and 0.
    const accumulator = new CovarianceAccumulator();
    accumulator.add([[0, 0], [2, 4]]).add({ data: [1, 2], dim: 2 });
    expect(accumulator.count).toBe(3);
    expect(accumulator.dim).toBe(2);
    expect(Array.from(accumulator.mean())).toEqual([1, 2]);
    expect(accumulator.covariance().to2DArray()).toEqual([[1, 2], [2, 4]]);
  });

  it('matches np.cov of the fixture fed one row at a time (fixtures.ts)', () => {
    const accumulator = new CovarianceAccumulator(4);
    for (const row of CODES) accumulator.add([row]);
    expectMatrixClose(accumulator.covariance(), new Matrix(COVARIANCE), 1e-12);
  });

  it('equals latentCovariance of the concatenation over random batch splits', () => {
    const codes = gaussianMatrix(400, 6, 20).mul(2.5).addRowVector([3, -1, 0, 10, -7, 0.5]);
    const expected = latentCovariance(codes);
    const expectedMean = codes.mean('column');
    for (const seed of [21, 22, 23]) {
      const accumulator = accumulate(randomBatches(codes, 40, seed));
      expect(accumulator.count).toBe(400);
      expectAllClose(accumulator.mean(), expectedMean, 1e-12);
      expectMatrixClose(accumulator.covariance(), expected, 1e-9);
      expectMatrixClose(
        accumulator.covariance({ center: false }),
        latentCovariance(codes, { center: false }),
        1e-9,
      );
    }
  });

  it('keeps full precision under a large mean offset, where naive sums fail', () => {
    // Entries are multiples of 2^-10, so codes + 1e6 is exact in float64 and
    // has exactly the covariance of the unshifted codes.
    const codes = gaussianMatrix(1000, 5, 24).mul(1024).round().div(1024);
    const expected = latentCovariance(codes);
    for (const offset of [1e6, 1e8]) {
      const accumulator = accumulate(randomBatches(codes.clone().add(offset), 64, 25));
      expectMatrixClose(accumulator.covariance(), expected, 1e-9);
      expectAllClose(accumulator.mean(), codes.mean('column').map((m) => m + offset), 1e-12 * offset);
    }

    // The same data (offset 1e6) through Σz and ΣzzT loses several digits: the test can tell.
    const shifted = codes.clone().add(1e6);
    const n = shifted.rows;
    const mean = Matrix.rowVector(shifted.sum('column')).div(n);
    const naive = shifted.transpose().mmul(shifted).sub(mean.transpose().mmul(mean).mul(n)).div(n - 1);
    const naiveError = Math.max(...naive.sub(expected).abs().to1DArray());
    expect(naiveError).toBeGreaterThan(1e-6 * expected.max());
  });

  it('merges accumulators filled separately, as if one had seen every batch', () => {
    const codes = gaussianMatrix(300, 4, 26).add(1e3);
    const batches = randomBatches(codes, 30, 27);
    const half = Math.floor(batches.length / 2);
    const left = accumulate(batches.slice(0, half));
    const right = accumulate(batches.slice(half));
    const merged = new CovarianceAccumulator().merge(left).merge(new CovarianceAccumulator()).merge(right);
    expect(merged.count).toBe(300);
    expectMatrixClose(merged.covariance(), latentCovariance(codes), 1e-9);
    expect(right.count).toBe(300 - left.count);
  });

  it('merged into itself, counts every sample twice', () => {
    const accumulator = new CovarianceAccumulator().add(CODES);
    accumulator.merge(accumulator);
    expect(accumulator.count).toBe(12);
    expectMatrixClose(accumulator.covariance(), latentCovariance([...CODES, ...CODES]), 1e-12);
  });

  it('ignores empty batches', () => {
    const accumulator = new CovarianceAccumulator(3).add([]).add({ data: [], dim: 3 });
    expect(accumulator.count).toBe(0);
    accumulator.add(CODES.map((row) => row.slice(0, 3)));
    expect(accumulator.count).toBe(6);
  });

  it('adds tensors without leaking any', () => {
    const codes = tf.randomNormal([100, 8], 0, 1, 'float32', 28) as tf.Tensor2D;
    const expected = latentCovariance(codes);
    const accumulator = new CovarianceAccumulator();
    const before = tf.memory().numTensors;
    for (let start = 0; start < 100; start += 25) {
      const batch = codes.slice([start, 0], [25, 8]);
      accumulator.add(batch);
      batch.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expectMatrixClose(accumulator.covariance(), expected, 1e-9);
    codes.dispose();
  });

  it('says what is missing or wrong', () => {
    const accumulator = new CovarianceAccumulator();
    expect(() => accumulator.mean()).toThrow(
      'CovarianceAccumulator needs at least 1 sample to have a mean, but has 0',
    );
    accumulator.add([[1, 2]]);
    expect(() => accumulator.covariance()).toThrow(
      'CovarianceAccumulator needs at least 2 samples to estimate a covariance, but has 1',
    );
    expect(() => accumulator.add([[1, 2, 3]])).toThrow(
      "`batch` must have 2 columns (the accumulator's dim), but got 3",
    );
    expect(() => accumulator.merge(new CovarianceAccumulator().add([[1]]))).toThrow(
      "`other` must have 2 dimensions (the accumulator's dim), but got 1",
    );
    expect(() => accumulator.add([[0, 0], [1, NaN]])).toThrow(
      '`batch` must contain only finite values, but row 1, column 1 is NaN',
    );
    expect(accumulator.count).toBe(1);
    expect(() => new CovarianceAccumulator(0)).toThrow('`dim` must be a positive integer, but got 0');
  });
});
