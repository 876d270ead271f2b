import * as tf from '@tensorflow/tfjs';
import { Matrix, QrDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';

import { generateShapes, shapeFactorTable } from '../../src/datasets';
import { factorProbe } from '../../src/metrics';
import { gaussianMatrix, uniformGenerator } from './helpers';

/**
 * An independent least-squares probe: QR on the design [1, X] of the fitted
 * rows (not the SVD of centred codes that factorProbe uses), then R² on the
 * held-out rows.
 */
function qrHeldOutR2(codes: Matrix, y: number[], split: number): number {
  const design = withIntercept;
  const fitRows = codes.subMatrix(0, split - 1, 0, codes.columns - 1);
  const testRows = codes.subMatrix(split, codes.rows - 1, 0, codes.columns - 1);
  const weights = new QrDecomposition(design(fitRows)).solve(Matrix.columnVector(y.slice(0, split)));
  const fitted = design(testRows).mmul(weights).getColumn(0);
  const truth = y.slice(split);
  const mean = truth.reduce((sum, value) => sum + value, 0) / truth.length;
  const total = truth.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  const residual = truth.reduce((sum, value, i) => sum + (value - fitted[i]) ** 2, 0);
  return 1 - residual / total;
}

function withIntercept(rows: Matrix): Matrix {
  const design = new Matrix(rows.rows, rows.columns + 1);
  for (let i = 0; i < rows.rows; i++) {
    design.set(i, 0, 1);
    for (let j = 0; j < rows.columns; j++) design.set(i, j + 1, rows.get(i, j));
  }
  return design;
}

describe('factorProbe', () => {
  it('scores a hand-computed one-dimensional fit (R² = 0.695)', () => {
    // Fit rows x = 0..3, y = 0, 1, 1, 3: slope 4.5 / 5 = 0.9, intercept -0.1.
    // Held out x = 4, 5 with y = 3, 5: predictions 3.5, 4.4, residuals 0.61,
    // total 2, so R² = 1 - 0.61 / 2 = 0.695.
    const [score] = factorProbe([[0], [1], [2], [3], [4], [5]], { y: [0, 1, 1, 3, 3, 5] }, { testFraction: 1 / 3 });
    expect(score.factor).toBe('y');
    expect(score.measure).toBe('r2');
    expect(score.score).toBeCloseTo(0.695, 12);
  });

  it('matches an independent QR least-squares fit on noisy random codes', () => {
    const codes = gaussianMatrix(400, 8, 3);
    const noise = gaussianMatrix(400, 1, 4).getColumn(0);
    const y = codes.getColumn(0).map((value, i) => 2 * value - codes.get(i, 5) + 0.7 * noise[i] + 3);
    const [score] = factorProbe(codes, { y });
    expect(score.score).toBeCloseTo(qrHeldOutR2(codes, y, 300), 10);
    expect(score.score).toBeGreaterThan(0.7);
    expect(score.score).toBeLessThan(0.95);
  });

  it('is 1 for an exactly linear factor and accepts tensors, flat buffers and matrices alike', () => {
    const codes = gaussianMatrix(100, 4, 5);
    const y = codes.getColumn(1).map((value, i) => value - 0.5 * codes.get(i, 3));
    const flat = { data: Float64Array.from(codes.to1DArray()), dim: 4 };
    const tensor = tf.tensor2d(codes.to2DArray());
    const scores = [codes, codes.to2DArray(), flat, tensor].map((input) => factorProbe(input, { y })[0].score);
    tensor.dispose();
    expect(scores[0]).toBeCloseTo(1, 12);
    for (const score of scores.slice(1)) expect(score).toBeCloseTo(1, 5);
  });

  it('gives low-rank codes the minimum-norm fit: duplicated and empty directions change nothing', () => {
    const base = gaussianMatrix(200, 3, 6);
    const noise = gaussianMatrix(200, 1, 7).getColumn(0);
    const y = base.getColumn(2).map((value, i) => value + noise[i]);
    const lowRank = new Matrix(200, 6);
    for (let i = 0; i < 200; i++) {
      [0, 1, 2].forEach((j) => lowRank.set(i, j, base.get(i, j)));
      lowRank.set(i, 3, base.get(i, 0)); // a copy: rank 3 in 6 columns
      lowRank.set(i, 4, 5); // constant: no variance
    }
    const [expected] = factorProbe(base, { y });
    const [actual] = factorProbe(lowRank, { y });
    expect(actual.score).toBeCloseTo(expected.score, 10);
    expect(actual.score).toBeCloseTo(qrHeldOutR2(base, y, 150), 10);
  });

  it('reads a faint direction of float32 codes that a float32 rank cut-off would drop', () => {
    // Second column at 1e-6 of the first: below 400 · 2⁻²³ ≈ 4.8e-5 (the
    // float32 rank rule), yet exact to float32's 2⁻²⁴ of each entry.
    const base = gaussianMatrix(400, 2, 10);
    const data = new Float32Array(800);
    for (let i = 0; i < 400; i++) [data[2 * i], data[2 * i + 1]] = [base.get(i, 0), 1e-6 * base.get(i, 1)];
    const y = Array.from({ length: 400 }, (_, i) => data[2 * i + 1] * 1e6);
    const [score] = factorProbe({ data, dim: 2 }, { y });
    expect(score.score).toBeCloseTo(1, 9);
    expect(score.score).toBeCloseTo(qrHeldOutR2(new Matrix(Array.from({ length: 400 }, (_, i) => [data[2 * i], data[2 * i + 1]])), y, 300), 9);
  });

  it('reads products of code entries with quadratic features, and only then', () => {
    const codes = gaussianMatrix(400, 3, 11);
    const y = codes.getColumn(0).map((value, i) => value * codes.get(i, 1) + 0.5 * codes.get(i, 2) ** 2 - codes.get(i, 2));
    const [linear] = factorProbe(codes, { y });
    const [quadratic] = factorProbe(codes, { y }, { features: 'quadratic' });
    expect(linear.score).toBeLessThan(0.5);
    expect(quadratic.score).toBeCloseTo(1, 10);
  });

  it('fits quadratic features as an independent QR fit on the raw codes and their products', () => {
    const codes = gaussianMatrix(300, 4, 12);
    const noise = gaussianMatrix(300, 1, 13).getColumn(0);
    const y = codes.getColumn(0).map((value, i) => value * codes.get(i, 3) + 0.3 * codes.get(i, 1) + 0.8 * noise[i]);
    const products = new Matrix(300, 4 + 10);
    for (let i = 0; i < 300; i++) {
      let column = 0;
      for (let a = 0; a < 4; a++) products.set(i, column++, codes.get(i, a));
      for (let a = 0; a < 4; a++) for (let b = a; b < 4; b++) products.set(i, column++, codes.get(i, a) * codes.get(i, b));
    }
    const [score] = factorProbe(codes, { y }, { features: 'quadratic' });
    expect(score.score).toBeCloseTo(qrHeldOutR2(products, y, 225), 10);
    expect(score.score).toBeGreaterThan(0.3);
    expect(score.score).toBeLessThan(0.9);
  });

  it('scores a categorical factor by the accuracy of the one-hot least-squares fit', () => {
    // Classes by the sign of the first code; held out: 3 right of 4 when the
    // last held-out row is labelled against its side.
    const codes = [[-2], [-1], [1], [2], [-3], [-1.5], [1.5], [2.5], [-2], [3], [-1], [1]];
    const labels = ['neg', 'neg', 'pos', 'pos', 'neg', 'neg', 'pos', 'pos', 'neg', 'pos', 'neg', 'neg'];
    const [score] = factorProbe(codes, { side: labels }, { testFraction: 1 / 3 });
    expect(score).toEqual({ factor: 'side', measure: 'accuracy', score: 0.75 });
  });

  it('treats numeric factors named in `categorical` as classes, in table order', () => {
    const uniform = uniformGenerator(8);
    const codes = Array.from({ length: 80 }, () => [uniform(), uniform()]);
    const digit = codes.map(([a]) => (a < 0.5 ? 0 : 7));
    const scores = factorProbe(codes, { a: codes.map(([a]) => a), digit }, { categorical: ['digit'] });
    expect(scores.map(({ factor, measure }) => [factor, measure])).toEqual([['a', 'r2'], ['digit', 'accuracy']]);
    expect(scores[0].score).toBeCloseTo(1, 12);
    expect(scores[1].score).toBeGreaterThanOrEqual(0.9);
  });

  it('finds what an encoding of shape images keeps: position yes, colour no', () => {
    // Codes that hold the shape's position and size exactly but no colour.
    const set = generateShapes({ count: 400, seed: 9 });
    const codes = set.factors.map(({ cx, cy, size }) => [cx, cy, size, cx * cy]);
    const scores = Object.fromEntries(factorProbe(codes, shapeFactorTable(set)).map((s) => [s.factor, s.score]));
    for (const factor of ['x', 'y', 'size']) expect(scores[factor]).toBeCloseTo(1, 10);
    for (const factor of ['r', 'g', 'b']) expect(scores[factor]).toBeLessThan(0.1);
  });

  it('gives the result its JSDoc example shows', () => {
    const codes = [[0, 1], [1, 0], [2, 1], [3, 0], [4, 1], [5, 0], [6, 1], [7, 0]];
    const parity = ['odd', 'even', 'odd', 'even', 'odd', 'even', 'odd', 'even'];
    expect(factorProbe(codes, { x: [0, 2, 4, 6, 8, 10, 12, 14], parity })).toEqual([
      { factor: 'x', measure: 'r2', score: 1 },
      { factor: 'parity', measure: 'accuracy', score: 1 },
    ]);
  });

  it('names the bad argument', () => {
    expect(() => factorProbe([[1], [2], [3], [4]], { y: [1, 2, 3] }, { testFraction: 0.5 })).toThrow(
      'factor `y` must have one entry per sample (4), but has 3',
    );
    expect(() => factorProbe([[1], [2], [3], [4]], { y: [1, 2, NaN, 4] }, { testFraction: 0.5 })).toThrow(
      'factor `y` must hold finite numbers or strings, but entry 2 is NaN',
    );
    expect(() => factorProbe([[1], [2], [3], [4]], { y: [1, 2, 3, 4] }, { testFraction: 1 })).toThrow(
      '`testFraction` must be a number in (0, 1), but got 1',
    );
    expect(() => factorProbe([[1], [2], [3]], { y: [1, 2, 3] })).toThrow(
      '`codes` must leave at least 2 rows to fit and 2 to score, but 3 samples with testFraction 0.25 give 2 and 1',
    );
    expect(() => factorProbe([[1], [2], [3], [4]], { y: [1, 2, 5, 5] }, { testFraction: 0.5 })).toThrow(
      'factor `y` is constant on the held-out rows, so its R² is undefined',
    );
    expect(() => factorProbe([[1], [2], [3], [4]], { y: [1, 2, 3, 4] }, { features: 'cubic' as 'linear' })).toThrow(
      `\`features\` must be 'linear' or 'quadratic', but got "cubic"`,
    );
    expect(() => factorProbe([[1], [NaN], [3], [4]], { y: [1, 2, 3, 4] }, { testFraction: 0.5 })).toThrow(
      '`codes` must contain only finite values, but row 1, column 0 is NaN',
    );
  });
});

describe('factorProbe limits', () => {
  it('rejects a column mixing numbers and strings before any fit, naming the column and both entries', () => {
    const codes = gaussianMatrix(40, 2, 14);
    const x = codes.getColumn(0);
    expect(() => factorProbe(codes, { x, kind: [1, 2, 'circle', ...x.slice(3)] as unknown as string[] })).toThrow(
      'factor `kind` must hold only numbers or only strings, but entry 0 is 1 and entry 2 is "circle"',
    );
    // Checked before the quadratic features are counted, let alone built.
    expect(() => factorProbe(gaussianMatrix(40, 80, 15), { kind: ['a', 3, ...x.slice(2)] as unknown as string[] }, { features: 'quadratic' })).toThrow(
      'factor `kind` must hold only numbers or only strings, but entry 0 is "a" and entry 1 is 3',
    );
  });

  it('caps the quadratic features, naming the option and the count', () => {
    // 64 dims: 64 + 64 · 65 / 2 = 2144 features; Gram 2144² · 8 B = 36.8 MB.
    expect(() => factorProbe(gaussianMatrix(8, 64, 16), { y: [1, 2, 3, 4, 5, 6, 7, 8] }, { features: 'quadratic' })).toThrow(
      "`features: 'quadratic'` on 64-dimensional codes makes 2144 features, more than `maxQuadraticFeatures` (2000); " +
        'their Gram matrix alone takes 37 MB. Raise `maxQuadraticFeatures` to 2144 to fit it anyway, or probe linearly.',
    );
    // 128 dims: 128 + 128 · 129 / 2 = 8384 features, 8384² · 8 B = 562 MB.
    expect(() =>
      factorProbe(gaussianMatrix(8, 128, 16), { y: [1, 2, 3, 4, 5, 6, 7, 8] }, { features: 'quadratic', maxQuadraticFeatures: 8383 }),
    ).toThrow('makes 8384 features, more than `maxQuadraticFeatures` (8383); their Gram matrix alone takes 562 MB');
    expect(() => factorProbe([[1], [2], [3], [4]], { y: [1, 2, 3, 4] }, { testFraction: 0.5, features: 'quadratic', maxQuadraticFeatures: 1.5 })).toThrow(
      '`maxQuadraticFeatures` must be a positive integer, but got 1.5',
    );
    // 3 dims make 3 + 6 = 9 features: within a cap of 9.
    const codes = gaussianMatrix(100, 3, 17);
    const y = codes.getColumn(0).map((value, i) => value * codes.get(i, 1));
    expect(factorProbe(codes, { y }, { features: 'quadratic', maxQuadraticFeatures: 9 })[0].score).toBeCloseTo(1, 10);
  });

  it('reports a probe with no more fitted rows than features as not measurable', () => {
    // 500 rows of 32-dim codes: 375 fitted rows for 32 + 528 = 560 quadratic features.
    const codes = gaussianMatrix(500, 32, 18);
    const y = codes.getColumn(0);
    const kind = y.map((value) => (value > 0 ? 'pos' : 'neg'));
    const before = tf.memory().numTensors;
    expect(factorProbe(codes, { y, kind }, { features: 'quadratic' })).toEqual([
      { factor: 'y', measure: 'r2', score: NaN, notMeasurable: { fittedRows: 375, features: 560 } },
      { factor: 'kind', measure: 'accuracy', score: NaN, notMeasurable: { fittedRows: 375, features: 560 } },
    ]);
    expect(tf.memory().numTensors).toBe(before);
    // The linear probe of the same rows: 375 rows for 32 features, measured.
    const [linear] = factorProbe(codes, { y });
    expect(linear.notMeasurable).toBeUndefined();
    expect(linear.score).toBeCloseTo(1, 12);
  });

  it('measures from one more fitted row than features on', () => {
    // 3 features: 6 rows keep 6 - round(2.4) = 4 fitted rows, which determine the
    // affine map of an exactly affine factor (R² 1); 5 rows keep 5 - 2 = 3.
    const codes = gaussianMatrix(6, 3, 19);
    const y = codes.getColumn(0).map((value, i) => value + 2 * codes.get(i, 2));
    const [four] = factorProbe(codes, { y }, { testFraction: 0.4 });
    expect(four.notMeasurable).toBeUndefined();
    expect(four.score).toBeCloseTo(1, 10);
    const five = codes.subMatrix(0, 4, 0, 2);
    expect(factorProbe(five, { y: y.slice(0, 5) }, { testFraction: 0.4 })).toEqual([
      { factor: 'y', measure: 'r2', score: NaN, notMeasurable: { fittedRows: 3, features: 3 } },
    ]);
    // A constant held-out factor is still an error, measurable or not.
    expect(() => factorProbe(five, { y: [...y.slice(0, 3), 4, 4] }, { testFraction: 0.4 })).toThrow(
      'factor `y` is constant on the held-out rows',
    );
  });
});

describe('shapeFactorTable', () => {
  it('lays out the seven factors of the paper, one entry per image', () => {
    const set = generateShapes({ count: 3, seed: 2 });
    const table = shapeFactorTable(set);
    expect(Object.keys(table)).toEqual(['x', 'y', 'size', 'r', 'g', 'b', 'kind']);
    expect(Array.from(table.x as Float64Array)).toEqual(set.factors.map((f) => f.cx));
    expect(Array.from(table.b as Float64Array)).toEqual(set.factors.map((f) => f.b));
    expect(table.kind).toEqual(set.factors.map((f) => f.kind));
  });

  it('prefixes each shape of the two-shape variant', () => {
    const set = generateShapes({ count: 2, seed: 2, variant: 'two-shapes' });
    const table = shapeFactorTable(set);
    expect(Object.keys(table)).toHaveLength(12);
    expect(Array.from(table['square.x'] as Float64Array)).toEqual([set.factors[0].cx, set.factors[2].cx]);
    expect(Array.from(table['circle.r'] as Float64Array)).toEqual([set.factors[1].r, set.factors[3].r]);
  });
});
