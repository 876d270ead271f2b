import { Matrix } from 'ml-matrix';

import { describeValue } from '../internal/describe_value';
import { assertFiniteMatrix } from './assert_finite_matrix';
import { normalEquationsLeastSquares, svdLeastSquares, type LeastSquaresSolver } from './least_squares';
import { quadraticFeatures } from './quadratic_features';
import { toMatrix, type CodesInput } from './to_matrix';

/**
 * Known generative factors of the encoded samples, one column per factor and
 * one entry per sample (in the order of the codes' rows). Numeric columns are
 * continuous unless named in {@link FactorProbeOptions.categorical}; string
 * columns (such as the shape type `'circle'` / `'square'`) are categorical.
 *
 * @category Metrics
 */
export type FactorTable = Readonly<Record<string, ArrayLike<number> | ReadonlyArray<string>>>;

/**
 * Options of {@link factorProbe}.
 *
 * @category Metrics
 */
export interface FactorProbeOptions {
  /**
   * Fraction of the samples held out for scoring: the last
   * `round(samples * testFraction)` rows; the probe is fitted on the rows
   * before them. In (0, 1); default 0.25. The split is by position, so the
   * rows should be in random order (as evaluation images are).
   */
  testFraction?: number;
  /** Numeric factors to treat as categorical (e.g. class labels 0..9). Default none. */
  categorical?: readonly string[];
  /**
   * What the probe fits on. `'linear'` (the default): the codes. `'quadratic'`:
   * the codes and every product of two code entries (squares included),
   * `dim + dim · (dim + 1) / 2` features, so a factor the codes hold in a
   * product with another one (a colour scaled by the shape's area, say) is
   * read too. Give it well more fitted rows than features: 32-dimensional
   * codes make 560.
   */
  features?: 'linear' | 'quadratic';
  /**
   * The most quadratic features the probe may build; default 2000 (codes of
   * up to 61 dimensions). The probe holds a [samples, features] matrix and a
   * [features, features] Gram matrix in float64 and decomposes the latter, so
   * 128-dimensional codes (8384 features) would take a 560 MB Gram matrix and
   * hours; past the cap the probe throws instead. Raise it knowingly.
   */
  maxQuadraticFeatures?: number;
}

/**
 * How well one factor is decodable from the codes by the probe's affine map.
 *
 * @category Metrics
 */
export interface FactorScore {
  /** The factor's name, a key of the {@link FactorTable}. */
  factor: string;
  /**
   * `'r2'` for a continuous factor: the coefficient of determination
   * `1 - Σ(y - ŷ)² / Σ(y - ȳ)²` on the held-out rows (1 is perfect, 0 is no
   * better than the held-out mean, negative is worse). `'accuracy'` for a
   * categorical one: the fraction of held-out rows whose class is predicted.
   */
  measure: 'r2' | 'accuracy';
  /** The R² or the accuracy; NaN when {@link FactorScore.notMeasurable} is set. */
  score: number;
  /**
   * Set, and `score` NaN, when the probe has no more fitted rows than
   * features. The centred fitted rows then span at most `rows - 1`
   * dimensions, fewer than the features, so infinitely many maps fit them
   * exactly and the one least squares picks (the minimum-norm one) is set by
   * that choice, not by the rows: its held-out score (R² of -63 for 375 rows
   * and 560 features, say) says nothing about the codes. Absent when the
   * score is measured; a score is only trustworthy with well more rows than
   * features.
   */
  notMeasurable?: {
    /** Rows the probe was to be fitted on. */
    fittedRows: number;
    /** Features of the fit (the code dimension, or the quadratic feature count). */
    features: number;
  };
}

const PROBE_FEATURES = ['linear', 'quadratic'] as const;
const DEFAULT_MAX_QUADRATIC_FEATURES = 2000;
type ProbeFeatures = (typeof PROBE_FEATURES)[number];

/**
 * Factor probe: how much of each known generative factor can be read off the
 * codes by a linear map of the codes (or, with `features: 'quadratic'`, of
 * the codes and their pairwise products). For every factor, an affine
 * least-squares fit from features to factor is made on the first rows and
 * scored on the held-out rows: R² for a continuous factor; for a categorical
 * one, a least-squares fit to the one-hot class indicators whose largest
 * output is the predicted class, scored by accuracy. Every factor column is
 * checked before any fit.
 *
 * The fit is ordinary least squares on centred codes with the minimum-norm
 * solution, computed in float64, so low-rank codes, the point of an IRMAE,
 * are handled: directions without variance get no weight, and the faint
 * directions IRMAE leaves, which a decoder can still read, keep theirs. The
 * linear probe solves through the SVD, as `numpy.linalg.lstsq` with its
 * default cut-off (singular values below `max(rows, dim) · 2⁻⁵²` of the
 * largest); the quadratic one, with its many features, through the normal
 * equations, whose cut-off is about `sqrt(max(rows, features) · 2⁻⁵²)` of the
 * largest singular value (1e-6 for 7500 rows).
 *
 * With no more fitted rows than features the scores are not measured: see
 * {@link FactorScore.notMeasurable}.
 *
 * A linear probe scores how the codes hold a factor as much as whether they
 * do: an encoder of ReLU layers tends to hold a shape's colour scaled by its
 * area, which a linear map cannot undo. `features: 'quadratic'` tells the two
 * apart.
 *
 * @param codes - Codes in any {@link CodesInput} form, [samples, dim], rows
 *   in random order.
 * @param factors - The factors, one column per factor with one entry per row
 *   of `codes`; see {@link FactorTable}.
 * @param options - See {@link FactorProbeOptions}.
 * @returns One {@link FactorScore} per factor, in the table's key order.
 * @throws If the codes are not finite, a factor's length differs from the
 *   number of samples, a factor mixes numbers and strings, a numeric factor is
 *   not finite, a continuous factor is
 *   constant on the held-out rows (R² is undefined), `testFraction` is not in
 *   (0, 1), the split leaves fewer than 2 rows on either side, `features`
 *   is not `'linear'` or `'quadratic'`, or the quadratic features would be
 *   more than `maxQuadraticFeatures`.
 * @example
 * ```ts
 * const codes = [[0, 1], [1, 0], [2, 1], [3, 0], [4, 1], [5, 0], [6, 1], [7, 0]];
 * factorProbe(codes, { x: [0, 2, 4, 6, 8, 10, 12, 14], parity: ['odd', 'even', 'odd', 'even', 'odd', 'even', 'odd', 'even'] });
 * // => [{ factor: 'x', measure: 'r2', score: 1 }, { factor: 'parity', measure: 'accuracy', score: 1 }]
 * ```
 * @category Metrics
 */
export function factorProbe(
  codes: CodesInput,
  factors: FactorTable,
  {
    testFraction = 0.25,
    categorical = [],
    features = 'linear',
    maxQuadraticFeatures = DEFAULT_MAX_QUADRATIC_FEATURES,
  }: FactorProbeOptions = {},
): FactorScore[] {
  const kind = checkFeatures(features);
  const input = toMatrix(codes);
  assertFiniteMatrix(input, 'codes');
  const columns = Object.entries(factors).map(([factor, column]) => checkColumn(factor, column, input.rows, categorical));
  const split = splitRows(input.rows, testFraction);
  const featureCount = kind === 'quadratic' ? quadraticFeatureCount(input.columns, maxQuadraticFeatures) : input.columns;
  if (split <= featureCount) {
    for (const { factor, measure, values } of columns) {
      if (measure === 'r2') checkHeldOutVariance(factor, values as number[], split);
    }
    const notMeasurable = { fittedRows: split, features: featureCount };
    return columns.map(({ factor, measure }) => ({ factor, measure, score: NaN, notMeasurable }));
  }
  const x = kind === 'quadratic' ? quadraticFeatures(input) : input;
  const probe = fitProbe(x.subMatrix(0, split - 1, 0, x.columns - 1), kind);
  const heldOut = x.subMatrix(split, x.rows - 1, 0, x.columns - 1);
  return columns.map(({ factor, measure, values }) =>
    measure === 'accuracy'
      ? { factor, measure, score: classAccuracy(probe, heldOut, values.map(String), split) }
      : { factor, measure, score: heldOutR2(probe, heldOut, Float64Array.from(values as number[]), split, factor) },
  );
}

/** `dim + dim · (dim + 1) / 2`, checked against the cap before anything that large is built. */
function quadraticFeatureCount(dim: number, maxQuadraticFeatures: number): number {
  if (typeof maxQuadraticFeatures !== 'number' || !Number.isInteger(maxQuadraticFeatures) || maxQuadraticFeatures < 1) {
    throw new Error(`\`maxQuadraticFeatures\` must be a positive integer, but got ${describeValue(maxQuadraticFeatures)}`);
  }
  const count = dim + (dim * (dim + 1)) / 2;
  if (count > maxQuadraticFeatures) {
    throw new Error(
      `\`features: 'quadratic'\` on ${dim}-dimensional codes makes ${count} features, more than ` +
        `\`maxQuadraticFeatures\` (${maxQuadraticFeatures}); their Gram matrix alone takes ` +
        `${((count * count * 8) / 1e6).toFixed(0)} MB. Raise \`maxQuadraticFeatures\` to ${count} to fit it anyway, or probe linearly.`,
    );
  }
  return count;
}

function checkFeatures(features: unknown): ProbeFeatures {
  if (!PROBE_FEATURES.includes(features as ProbeFeatures)) {
    throw new Error(`\`features\` must be 'linear' or 'quadratic', but got ${describeValue(features)}`);
  }
  return features as ProbeFeatures;
}

/** A least-squares map from the training codes, ready to fit any targets. */
interface Probe {
  /** Column means of the training codes. */
  mean: number[];
  /** Least squares on the centred training codes. */
  solve: LeastSquaresSolver;
}

function fitProbe(train: Matrix, features: ProbeFeatures): Probe {
  const mean = train.mean('column');
  const rows = centred(train, mean);
  return { mean, solve: features === 'quadratic' ? normalEquationsLeastSquares(rows) : svdLeastSquares(rows) };
}

/** Predictions for `codes` of the affine fit to `targets` ([trainRows, k]). */
function predict(probe: Probe, targets: Matrix, codes: Matrix): Matrix {
  const targetMean = targets.mean('column');
  const weights = probe.solve(centred(targets, targetMean));
  return centred(codes, probe.mean).mmul(weights).addRowVector(targetMean);
}

function heldOutR2(probe: Probe, heldOut: Matrix, y: Float64Array, split: number, factor: string): number {
  const truth = Array.from(y.subarray(split));
  const fitted = predict(probe, Matrix.columnVector(Array.from(y.subarray(0, split))), heldOut).getColumn(0);
  const total = checkHeldOutVariance(factor, truth, 0);
  const residual = truth.reduce((sum, value, i) => sum + (value - fitted[i]) ** 2, 0);
  return 1 - residual / total;
}

function classAccuracy(probe: Probe, heldOut: Matrix, labels: string[], split: number): number {
  const classes = [...new Set(labels)].sort();
  const oneHot = new Matrix(split, classes.length);
  labels.slice(0, split).forEach((label, row) => oneHot.set(row, classes.indexOf(label), 1));
  const scores = predict(probe, oneHot, heldOut);
  let correct = 0;
  for (let row = 0; row < scores.rows; row++) {
    if (classes[scores.maxRowIndex(row)[1]] === labels[split + row]) correct += 1;
  }
  return correct / scores.rows;
}

/** Σ(y - ȳ)² over `values` from `start` on; throws when it is 0, as R² is then undefined. */
function checkHeldOutVariance(factor: string, values: readonly number[], start: number): number {
  const truth = values.slice(start);
  const mean = truth.reduce((sum, value) => sum + value, 0) / truth.length;
  const total = truth.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  if (total === 0) {
    throw new Error(`factor \`${factor}\` is constant on the held-out rows, so its R² is undefined`);
  }
  return total;
}

function centred(matrix: Matrix, mean: number[]): Matrix {
  return matrix.clone().subRowVector(mean);
}

function splitRows(rows: number, testFraction: number): number {
  if (typeof testFraction !== 'number' || !(testFraction > 0 && testFraction < 1)) {
    throw new Error(`\`testFraction\` must be a number in (0, 1), but got ${describeValue(testFraction)}`);
  }
  const testRows = Math.round(rows * testFraction);
  if (testRows < 2 || rows - testRows < 2) {
    throw new Error(
      `\`codes\` must leave at least 2 rows to fit and 2 to score, but ${rows} samples with ` +
        `testFraction ${testFraction} give ${rows - testRows} and ${testRows}`,
    );
  }
  return rows - testRows;
}

/** A factor column checked whole, with the measure its kind of values gets. */
interface CheckedColumn {
  factor: string;
  measure: FactorScore['measure'];
  values: number[] | string[];
}

function checkColumn(factor: string, column: FactorTable[string], rows: number, categorical: readonly string[]): CheckedColumn {
  if (column === null || typeof column !== 'object' || typeof column.length !== 'number') {
    throw new Error(`factor \`${factor}\` must be an array with one entry per sample, but got ${describeValue(column)}`);
  }
  if (column.length !== rows) {
    throw new Error(`factor \`${factor}\` must have one entry per sample (${rows}), but has ${column.length}`);
  }
  const values: unknown[] = Array.from(column as ArrayLike<unknown>);
  values.forEach((value, i) => {
    if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string') {
      throw new Error(`factor \`${factor}\` must hold finite numbers or strings, but entry ${i} is ${describeValue(value)}`);
    }
  });
  const mixed = values.findIndex((value) => typeof value !== typeof values[0]);
  if (mixed !== -1) {
    throw new Error(
      `factor \`${factor}\` must hold only numbers or only strings, but entry 0 is ${describeValue(values[0])} ` +
        `and entry ${mixed} is ${describeValue(values[mixed])}`,
    );
  }
  const isCategorical = typeof values[0] === 'string' || categorical.includes(factor);
  return { factor, measure: isCategorical ? 'accuracy' : 'r2', values: values as number[] | string[] };
}
