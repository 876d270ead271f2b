import * as tf from '@tensorflow/tfjs';

import { assertBoolean, assertOneOf, assertPositiveInteger } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import { isTensor } from '../internal/is_tensor';
import { buildInScope } from './build_in_scope';
import { batchedBasis, thinSvd, truncate, truncationGradient } from './truncated_svd';

/** tfjs does not export `LayerArgs`; derived from the Layer constructor. */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** What a {@link RankReduction} does outside training. */
export type RankReductionInference = 'basis' | 'batch';

/**
 * Arguments of {@link RankReduction}, plus the usual tfjs layer arguments
 * (`name`, `inputShape`, ...).
 *
 * @category Layers
 */
export interface RankReductionArgs extends LayerArgs {
  /**
   * k, the rank of the codes the decoder sees (the RRAEs library's `k_max`):
   * a positive integer, at most the code width n and, in training, at most
   * the batch size.
   */
  rank: number;
  /**
   * Outside training: `'basis'` (default) projects the codes on the basis
   * stored by {@link RankReduction.fitBasis}, as the RRAEs library's
   * `evaluate` does, and falls back to `'batch'` until a basis is fitted;
   * `'batch'` truncates the batch as in training, at rank min(k, batch).
   */
  inference?: RankReductionInference;
  /**
   * Project on the stored basis in training too (the library's second stage,
   * `fine_tune_basis`: the decoder is trained on the projected codes with the
   * encoder frozen). Default false. Needs a fitted basis.
   */
  trainOnBasis?: boolean;
  /**
   * Whether the `basis` weight holds a fitted basis. Written by `getConfig`
   * so a saved model keeps it; not meant to be set by hand.
   */
  basisFitted?: boolean;
}

/**
 * Options of {@link RankReduction.fitBasis}.
 *
 * @category Layers
 */
export interface FitBasisOptions {
  /**
   * Codes per batch, a positive integer: the library takes the training
   * batch size (`batch_size_st[-1]`). The codes are cut into consecutive
   * batches in the order given; shuffle them first to match the library,
   * which batches the training set in a random order.
   */
  batchSize: number;
}

/**
 * The strong rank-reduction bottleneck of Rank Reduction Autoencoders
 * (Mounayer, Rodriguez, Ghnatios, Farhat, Chinesta, "Rank Reduction
 * Autoencoders", arXiv 2405.13980; the RRAEs library, JAX / Equinox): in
 * training the batch of codes `[batch, n]` is replaced by its truncated SVD
 * of rank k, so the decoder only ever sees codes of rank k.
 *
 * Convention: the library's latent matrix is `[n, batch]` (one code per
 * column) and it truncates the SVD of the codes as given, not centred
 * (`latent_func_strong_RRAE` in `RRAEs/AE_classes/AE_classes.py`:
 * `u, s, v = stable_SVD(y); (u[..., :k] * s[:k]) @ v[:k]`). tfjs's codes are
 * the transpose, `[batch, n]`, whose truncated SVD is the transpose of that
 * one: the output is exactly the library's, one code per row. The basis
 * vectors live in code space: the library's left singular vectors `u` are
 * the right singular vectors of the `[batch, n]` codes.
 *
 * Gradients: tfjs has no SVD, so the layer reads the codes, computes the SVD
 * in float64 on the CPU (ml-matrix) and returns the truncation through
 * `tf.customGrad`, with the exact gradient of the truncation (see
 * `truncationGradient` in `truncated_svd.ts`): the library differentiates
 * its SVD with JAX and a JVP rule (`stable_SVD`) that agrees with this one
 * wherever the singular values are distinct; where a kept and a dropped
 * singular value are equal (up to float64 rounding) the gap term is set to
 * 0, as `stable_SVD` does. Each training call reads the codes (a sync) and
 * costs an SVD of the batch. Non-finite codes give NaN codes (and NaN
 * gradients), so a diverging run stops on its loss rather than in the SVD.
 *
 * Inference follows the library too. There, `RRAE_Trainor_class.fit` ends by
 * computing a basis from the training set (`fine_tune_basis`: each batch's
 * top-k singular vectors side by side, then their top-k left singular
 * vectors) and `evaluate` calls the model with `apply_basis=self.basis`,
 * which `latent_func_strong_RRAE` turns into `apply_basis @ apply_basis.T @ y`:
 * every code, one image or a batch, is projected on one fixed k-dimensional
 * basis. {@link RankReduction.fitBasis} computes that basis from codes you pass (the
 * encoder's codes of the training set) and stores it in the non-trainable
 * weight `basis`, `[n, n]`, whose first k columns are the basis and the
 * others zero, so it saves and loads with the model and keeps its shape when
 * k changes. Until a basis is fitted, inference truncates the batch as
 * training does (at rank min(k, batch), so a single code passes unchanged),
 * which keeps validation losses during training comparable to the training
 * loss.
 *
 * Adaptive rank (aRRAE): `rank` can be set between steps, as the library's
 * trackers do; `adaptiveRank` (training) is the callback that does it with
 * the library's generic algorithm (`RRAE_gen_Tracker` in
 * `RRAEs/trackers/trackers.py`: start from a large k, lower it by one while
 * the loss stays below the loss reached at the start, raise it back by one
 * and reload the weights saved at that k when the loss no longer returns).
 * Setting `rank` clears a fitted basis, which belongs to the old k.
 *
 * Registered with `tf.serialization.registerClass`.
 *
 * @example
 * ```ts
 * const layer = rankReduction({ rank: 1 });
 * const codes = tf.tensor2d([[3, 0], [0, 1]]);
 * (layer.apply(codes, { training: true }) as tf.Tensor).arraySync(); // => [[3, 0], [0, 0]]
 * ```
 * @category Layers
 */
export class RankReduction extends tf.layers.Layer {
  /** Name under which the class is registered for (de)serialization. */
  static className = 'RankReduction';

  /** Outside training: project on the fitted basis, or truncate the batch. */
  readonly inference: RankReductionInference;
  /** Project on the fitted basis in training too (the library's fine-tuning stage). */
  trainOnBasis: boolean;

  private k: number;
  private fitted: boolean;
  private basis: tf.LayerVariable | null = null;

  /**
   * @param args See {@link RankReductionArgs}.
   * @throws Error naming `rank` unless it is a positive integer, `inference`
   *   unless it is `'basis'` or `'batch'`, `trainOnBasis` or `basisFitted`
   *   unless a boolean.
   */
  constructor(args: RankReductionArgs) {
    super(args);
    const { rank, inference = 'basis', trainOnBasis = false, basisFitted = false } = args ?? ({} as Partial<RankReductionArgs>);
    assertPositiveInteger(rank, 'rank');
    assertOneOf(inference, 'inference', ['basis', 'batch'] as const);
    assertBoolean(trainOnBasis, 'trainOnBasis');
    assertBoolean(basisFitted, 'basisFitted');
    this.k = rank;
    this.inference = inference;
    this.trainOnBasis = trainOnBasis;
    this.fitted = basisFitted;
  }

  /** k, the rank of the codes in training. */
  get rank(): number {
    return this.k;
  }

  /**
   * Changes k between steps (the adaptive aRRAE). A fitted basis belongs to
   * the old k and is cleared.
   *
   * @throws Error naming `rank` unless a positive integer at most the code width.
   */
  set rank(value: number) {
    assertPositiveInteger(value, 'rank');
    if (this.width !== null) assertRankFitsWidth(value, this.width);
    this.k = value;
    if (this.fitted) {
      this.fitted = false;
      tf.tidy(() => {
        this.basis!.write(tf.zerosLike(this.basis!.read()));
      });
    }
  }

  /** Whether {@link RankReduction.fitBasis} has stored a basis (for the current k). */
  get basisFitted(): boolean {
    return this.fitted;
  }

  /** The code width n once built, else null. */
  get width(): number | null {
    return this.basis === null ? null : this.basis.shape[0];
  }

  /**
   * Creates the `basis` weight, `[n, n]`, non-trainable, zeros. Called by
   * tfjs on the first `apply`.
   *
   * @param inputShape `[batch, n]`.
   * @throws Error when the input is not of rank 2 with a known n, or when
   *   k exceeds n.
   */
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    assertCodesShape(shape);
    const width = shape[1];
    if (width === null) {
      throw new Error(`RankReduction needs a known code width n, but got codes of shape ${describeShape(shape)}`);
    }
    assertRankFitsWidth(this.k, width);
    this.basis = this.addWeight('basis', [width, width], 'float32', tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  /**
   * @param inputShape `[batch, n]`.
   * @returns A copy of `inputShape`.
   * @throws Error when the input is not of rank 2.
   */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(inputShape);
    assertCodesShape(shape);
    return shape.slice();
  }

  /**
   * In training, the rank-k truncated SVD of the batch (or, with
   * `trainOnBasis`, the projection on the basis); outside training, the
   * projection on the fitted basis, or the batch's truncation at rank
   * min(k, batch) (see the class description).
   *
   * @param inputs Codes `[batch, n]`.
   * @param kwargs `training`.
   * @returns `[batch, n]`, float32.
   * @throws Error when the codes are not `[batch, n]`, or in training when k
   *   exceeds the batch size, or `trainOnBasis` is set without a fitted basis.
   */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const input = singleTensor(inputs);
      assertCodesShape(input.shape);
      const codes = (input.dtype === 'float32' ? input : tf.cast(input, 'float32')) as tf.Tensor2D;
      const [batch, width] = codes.shape;
      if (width !== this.width) {
        throw new Error(`RankReduction was built for codes of width ${this.width}, but got codes of shape ${describeShape(codes.shape)}`);
      }
      if (kwargs.training) {
        if (this.trainOnBasis) {
          if (!this.fitted) {
            throw new Error('`trainOnBasis` needs a fitted basis: call fitBasis(codes, { batchSize }) first, but no basis is fitted');
          }
          return this.project(codes);
        }
        if (this.k > batch) {
          throw new Error(
            `\`rank\` must be at most the batch size in training, but got rank ${this.k} for a batch of ${batch} codes ` +
              `(shape ${describeShape(codes.shape)})`,
          );
        }
        return truncateWithGradient(codes, this.k);
      }
      if (this.inference === 'basis' && this.fitted) return this.project(codes);
      return truncateCodes(codes, Math.min(this.k, batch));
    });
  }

  /**
   * Computes and stores the RRAEs library's post-training basis from codes,
   * usually the encoder's codes of the training set: the codes are cut into
   * batches of `batchSize`, each batch gives its top-k right singular vectors
   * (the library's `u[:, :k]` of the `[n, batch]` latent matrix), and the
   * basis is the top-k left singular vectors of all of them side by side
   * (`fine_tune_basis` of `RRAE_Trainor_class`, `end_type="concat"`), in
   * float64. Inference then projects every code on it:
   * `z -> z B B^T`, B `[n, k]`. An unbuilt layer is built first.
   *
   * @param codes `[N, n]`, a tensor or nested array, finite, N >= k.
   * @param options `batchSize`.
   * @throws Error naming `codes` when not `[N, n]` with N >= k and finite
   *   values, or `batchSize` unless a positive integer.
   * @example
   * ```ts
   * const layer = rankReduction({ rank: 1 });
   * layer.fitBasis([[2, 0], [1, 0], [-3, 0]], { batchSize: 2 });
   * (layer.apply(tf.tensor2d([[5, 7]])) as tf.Tensor).arraySync(); // => [[5, 0]]
   * ```
   */
  fitBasis(codes: tf.Tensor2D | number[][], options: FitBasisOptions): void {
    const { batchSize } = options ?? ({} as Partial<FitBasisOptions>);
    assertPositiveInteger(batchSize, 'batchSize');
    const { values, count, width } = readCodes(codes);
    if (!this.built) buildInScope(this, width);
    if (width !== this.width) {
      throw new Error(`\`codes\` must be [N, ${this.width}] (the layer's code width), but got [${count}, ${width}]`);
    }
    if (count < this.k) {
      throw new Error(`\`codes\` must hold at least rank = ${this.k} codes, but got ${count}`);
    }
    const basis = batchedBasis(values, count, width, this.k, batchSize);
    const padded = new Float32Array(width * width);
    for (let j = 0; j < width; j++) for (let c = 0; c < this.k; c++) padded[j * width + c] = basis[j * this.k + c];
    tf.tidy(() => {
      this.basis!.write(tf.tensor2d(padded, [width, width]));
    });
    this.fitted = true;
  }

  /**
   * The fitted basis B, `[n, k]`, orthonormal columns; the caller disposes
   * it. The library's latent coefficients of codes z are `z B`.
   *
   * @throws Error when no basis is fitted.
   */
  basisVectors(): tf.Tensor2D {
    if (!this.fitted) throw new Error('RankReduction has no fitted basis: call fitBasis(codes, { batchSize }) first');
    return tf.tidy(() => (this.basis!.read() as tf.Tensor2D).slice([0, 0], [this.width!, this.k]));
  }

  /**
   * Sets the weights as tfjs layers do; a non-zero `basis` counts as fitted.
   *
   * @param weights `[basis]`, `[n, n]`.
   */
  override setWeights(weights: tf.Tensor[]): void {
    super.setWeights(weights);
    this.fitted = tf.tidy(() => weights[0].abs().max().dataSync()[0] > 0);
  }

  /**
   * JSON-safe configuration: `rank` (the current k), `inference`,
   * `trainOnBasis` and `basisFitted`, merged with the base layer's config.
   *
   * @returns The config `fromConfig` rebuilds the layer from.
   */
  override getConfig(): tf.serialization.ConfigDict {
    return {
      rank: this.k,
      inference: this.inference,
      trainOnBasis: this.trainOnBasis,
      basisFitted: this.fitted,
      ...super.getConfig(),
    };
  }

  /** `z B B^T` with the padded basis: its zero columns add nothing. */
  private project(codes: tf.Tensor2D): tf.Tensor2D {
    const basis = this.basis!.read() as tf.Tensor2D;
    return tf.matMul(tf.matMul(codes, basis), basis, false, true);
  }
}
tf.serialization.registerClass(RankReduction);

/**
 * Creates a {@link RankReduction}: the strong bottleneck of Rank Reduction
 * Autoencoders (Mounayer et al., arXiv 2405.13980), the rank-k truncated SVD
 * of each training batch of codes `[batch, n]`, with its exact gradient.
 *
 * @param args `rank` (k), `inference` (`'basis'`), `trainOnBasis` (false)
 *   and tfjs layer arguments.
 * @returns The layer, not yet built.
 * @throws Error naming the argument when one is invalid, e.g.
 *   "`rank` must be a positive integer, but got 2.5".
 * @example
 * ```ts
 * const model = tf.sequential();
 * model.add(tf.layers.dense({ units: 128, inputShape: [784] })); // encoder
 * model.add(rankReduction({ rank: 8 }));
 * model.add(tf.layers.dense({ units: 784 })); // decoder
 * model.outputs[0].shape; // => [null, 784]
 * ```
 * @category Layers
 */
export function rankReduction(args: RankReductionArgs): RankReduction {
  return new RankReduction(args);
}

/** The rank-k truncation of `codes`, differentiable through `tf.customGrad`. */
function truncateWithGradient(codes: tf.Tensor2D, k: number): tf.Tensor2D {
  const [m, n] = codes.shape;
  // Keeping every singular value is the identity, and so is its gradient.
  if (k >= Math.min(m, n)) return codes;
  const truncation = tf.customGrad((x: tf.Tensor | tf.GradSaveFunc) => {
    const values = (x as tf.Tensor).dataSync();
    if (!allFinite(values)) {
      return { value: tf.fill([m, n], NaN) as tf.Tensor2D, gradFunc: () => tf.fill([m, n], NaN) };
    }
    const svd = thinSvd(values, m, n);
    return {
      value: tf.tensor2d(Float32Array.from(truncate(svd, k)), [m, n]),
      gradFunc: (dy: tf.Tensor) => tf.tensor2d(Float32Array.from(truncationGradient(svd, k, dy.dataSync())), [m, n]),
    };
  });
  return truncation(codes) as tf.Tensor2D;
}

/** The rank-k truncation of `codes`, without gradient. */
function truncateCodes(codes: tf.Tensor2D, k: number): tf.Tensor2D {
  const [m, n] = codes.shape;
  if (k >= Math.min(m, n)) return codes;
  const values = codes.dataSync();
  if (!allFinite(values)) return tf.fill([m, n], NaN) as tf.Tensor2D;
  return tf.tensor2d(Float32Array.from(truncate(thinSvd(values, m, n), k)), [m, n]);
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** Reads `[N, n]` codes, a tensor or a nested array, with finite values. */
function readCodes(codes: unknown): { values: Float64Array; count: number; width: number } {
  let rows: ArrayLike<ArrayLike<number>> | undefined;
  let values: Float64Array | undefined;
  let count = 0;
  let width = 0;
  if (isTensor(codes)) {
    if (codes.rank !== 2) throw new Error(`\`codes\` must be [N, n], but got ${describeValue(codes)}`);
    count = codes.shape[0]!;
    width = codes.shape[1]!;
    values = Float64Array.from(codes.dataSync() as ArrayLike<number>);
  } else if (Array.isArray(codes) && codes.length > 0 && codes.every((row) => Array.isArray(row) && row.length === codes[0].length)) {
    rows = codes as number[][];
    count = rows.length;
    width = rows[0].length;
    values = new Float64Array(count * width);
    for (let i = 0; i < count; i++) for (let j = 0; j < width; j++) values[i * width + j] = Number(rows[i][j]);
  }
  if (values === undefined || width === 0) {
    throw new Error(`\`codes\` must be [N, n]: a 2-D tensor or an array of equal-length rows, but got ${describeValue(codes)}`);
  }
  for (let e = 0; e < values.length; e++) {
    if (!Number.isFinite(values[e])) {
      throw new Error(
        `\`codes\` must contain only finite values, but row ${Math.floor(e / width)}, column ${e % width} is ${values[e]}`,
      );
    }
  }
  return { values, count, width };
}

function assertCodesShape(shape: tf.Shape): void {
  if (shape.length !== 2) {
    throw new Error(
      `RankReduction expected codes of rank 2 ([batch, n]), but got rank ${shape.length} with shape ${describeShape(shape)}`,
    );
  }
}

function assertRankFitsWidth(rank: number, width: number): void {
  if (rank > width) {
    throw new Error(`\`rank\` must be at most the code width n = ${width}, but got rank ${rank}`);
  }
}

function describeShape(shape: tf.Shape): string {
  return `[${shape.map((size) => size ?? 'null').join(', ')}]`;
}

function singleShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  const first = inputShape[0];
  if (Array.isArray(first)) {
    if (inputShape.length !== 1) throw new Error(`RankReduction expected one input, but got ${inputShape.length}`);
    return first;
  }
  return inputShape as tf.Shape;
}

function singleTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (!Array.isArray(inputs)) return inputs;
  if (inputs.length !== 1) throw new Error(`RankReduction expected one input, but got ${inputs.length}`);
  return inputs[0];
}
