import { Matrix } from 'ml-matrix';
import { assertFiniteMatrix } from './assert_finite_matrix';
import type { CovarianceOptions } from './latent_covariance';
import { readCodes } from './read_codes';
import { toMatrix, type CodesInput } from './to_matrix';

/**
 * Streaming covariance of latent codes over batches, for evaluation sets too
 * large to hold at once: `add` each batch of codes as it is encoded, then read
 * `covariance()`, which equals {@link latentCovariance} of all batches
 * stacked (to rounding).
 *
 * Keeps the count, the float64 mean and the co-moment matrix
 * `M2 = Σ (z - μ)(z - μ)ᵀ`, all relative to an origin (the first code added),
 * so a large common offset in the codes costs no precision, unlike
 * accumulating `Σ z` and `Σ z zᵀ`. Each batch is reduced with the two-pass
 * algorithm and folded in with the pairwise update of Chan, Golub and LeVeque
 * ("Algorithms for computing the sample variance", 1979; Welford's update is
 * its one-sample case). `merge` combines accumulators filled separately (per
 * worker or per shard) the same way.
 *
 * @example
 * ```ts
 * const accumulator = new CovarianceAccumulator();
 * accumulator.add([[0, 0], [2, 4]]).add({ data: [1, 2], dim: 2 });
 * accumulator.count;                   // => 3
 * accumulator.mean();                  // => Float64Array [1, 2]
 * accumulator.covariance().to2DArray(); // => [[1, 2], [2, 4]]
 * ```
 * @category Metrics
 */
export class CovarianceAccumulator {
  private dimension: number | undefined;
  private samples = 0;
  // Mean and co-moment are kept relative to `origin`, so that they are small
  // numbers even when the codes share a large offset.
  private origin = new Float64Array(0);
  private runningMean = new Float64Array(0);
  private comoment = new Float64Array(0);

  /**
   * @param dim - The latent dimension, a positive integer. Optional: when
   *   omitted it is taken from the first non-empty batch.
   * @throws If `dim` is given and is not a positive integer.
   */
  constructor(dim?: number) {
    if (dim !== undefined) {
      if (!(Number.isInteger(dim) && dim >= 1)) {
        throw new Error(`\`dim\` must be a positive integer, but got ${dim}`);
      }
      this.initialize(dim);
    }
  }

  /** The number of samples added so far. */
  get count(): number {
    return this.samples;
  }

  /** The latent dimension, or `undefined` until it is known. */
  get dim(): number | undefined {
    return this.dimension;
  }

  /**
   * Add a batch of codes. An empty batch changes nothing.
   *
   * @param batch - Codes of shape [batchSize, dim] in any {@link CodesInput} form.
   * @returns This accumulator, for chaining.
   * @throws If `batch` is malformed (see {@link toMatrix}), its dim differs
   *   from the accumulator's, or it holds a NaN or infinite value (the error
   *   names the row and column within the batch).
   */
  add(batch: CodesInput): this {
    const matrix = toMatrix(batch, 'batch');
    if (matrix.rows === 0) return this;
    this.assertDim(matrix.columns, '`batch` must have', 'columns');
    assertFiniteMatrix(matrix, 'batch');
    if (this.samples === 0) this.origin = Float64Array.from(matrix.getRow(0));
    matrix.subRowVector(this.origin);
    const mean = Float64Array.from(matrix.mean('column'));
    this.combine(matrix.rows, mean, centredComoment(matrix, mean));
    return this;
  }

  /**
   * {@link CovarianceAccumulator.add} that reads a tensor with `await
   * tensor.data()` rather than `dataSync()`, for pipelines that must not
   * block (WebGL, a page's main thread). Same effect as `add`.
   *
   * @param batch - Codes of shape [batchSize, dim] in any {@link CodesInput} form.
   * @returns A promise of this accumulator.
   * @throws (rejects) For the errors of `add`.
   */
  async addAsync(batch: CodesInput): Promise<this> {
    return this.add(await readCodes(batch, 'batch'));
  }

  /**
   * Fold in the samples of another accumulator, as if its batches had been
   * added here. `other` is not modified.
   *
   * @param other - An accumulator of the same dim (or an empty one).
   * @returns This accumulator, for chaining.
   * @throws If both hold a dim and they differ.
   */
  merge(other: CovarianceAccumulator): this {
    if (other.samples === 0) return this;
    this.assertDim(other.dimension as number, '`other` must have', 'dimensions');
    if (this.samples === 0) this.origin = other.origin.slice();
    // Copies, so that merging an accumulator into itself reads consistent state.
    const mean = other.runningMean.map((value, j) => value + (other.origin[j] - this.origin[j]));
    this.combine(other.samples, mean, other.comoment.slice());
    return this;
  }

  /**
   * The mean code so far.
   *
   * @returns A new `Float64Array` of length dim.
   * @throws If no sample has been added.
   */
  mean(): Float64Array {
    if (this.samples === 0) {
      throw new Error('CovarianceAccumulator needs at least 1 sample to have a mean, but has 0');
    }
    return this.runningMean.map((value, j) => value + this.origin[j]);
  }

  /**
   * The sample covariance of all codes added so far, divided by N - 1.
   *
   * @param options - See {@link CovarianceOptions}; `center` defaults to `true`.
   * @returns A new dim x dim symmetric ml-matrix `Matrix` (float64).
   * @throws If fewer than 2 samples have been added.
   */
  covariance({ center = true }: CovarianceOptions = {}): Matrix {
    if (this.samples < 2) {
      throw new Error(
        `CovarianceAccumulator needs at least 2 samples to estimate a covariance, ` +
          `but has ${this.samples}`,
      );
    }
    const dim = this.dimension as number;
    const mean = this.mean();
    const result = new Matrix(dim, dim);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        // Σ z zᵀ = M2 + N μ μᵀ: the raw second moment, when not centring.
        const raw = center ? 0 : this.samples * mean[i] * mean[j];
        result.set(i, j, (this.comoment[i * dim + j] + raw) / (this.samples - 1));
      }
    }
    return result;
  }

  private initialize(dim: number): void {
    this.dimension = dim;
    this.runningMean = new Float64Array(dim);
    this.comoment = new Float64Array(dim * dim);
  }

  private assertDim(dim: number, prefix: string, unit: string): void {
    if (this.dimension === undefined) this.initialize(dim);
    if (dim !== this.dimension) {
      throw new Error(`${prefix} ${this.dimension} ${unit} (the accumulator's dim), but got ${dim}`);
    }
  }

  /** Chan, Golub and LeVeque's pairwise update with a group of `count` samples. */
  private combine(count: number, mean: Float64Array, comoment: Float64Array): void {
    const dim = this.dimension as number;
    const total = this.samples + count;
    const weight = (this.samples * count) / total;
    const delta = mean.map((value, j) => value - this.runningMean[j]);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        this.comoment[i * dim + j] += comoment[i * dim + j] + delta[i] * delta[j] * weight;
      }
    }
    for (let j = 0; j < dim; j++) this.runningMean[j] += (delta[j] * count) / total;
    this.samples = total;
  }
}

/** `Σ (z - mean)(z - mean)ᵀ` over the rows, as a row-major dim x dim array. */
function centredComoment(matrix: Matrix, mean: Float64Array): Float64Array {
  const dim = matrix.columns;
  const comoment = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let row = 0; row < matrix.rows; row++) {
    for (let j = 0; j < dim; j++) centred[j] = matrix.get(row, j) - mean[j];
    for (let i = 0; i < dim; i++) {
      for (let j = i; j < dim; j++) comoment[i * dim + j] += centred[i] * centred[j];
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < i; j++) comoment[i * dim + j] = comoment[j * dim + i];
  }
  return comoment;
}
