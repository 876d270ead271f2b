import * as tf from '@tensorflow/tfjs';

import {
  assertNonNegativeNumber,
  assertOneOf,
  assertOptionsObject,
  assertPositiveInteger,
} from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import { isTensor } from '../internal/is_tensor';
import { newtonSchulzPolar } from './newton_schulz_polar';
import { regularizerBaseClass } from './regularizer_base';
import { nuclearNormAndPolar } from './svd_polar';

/**
 * How {@link NuclearNormRegularizer} computes the nuclear norm and its
 * gradient (tfjs has no SVD op):
 *
 * - `'svd'`: reads the weight (`dataSync()`) and takes its SVD in float64 on
 *   the CPU (ml-matrix). Exact to float32 rounding for every condition
 *   number; zero gradient on the null spaces. Right for the cpu, wasm and
 *   tensorflow (tfjs-node) backends, where the weight is already in main
 *   memory.
 * - `'newtonSchulz'`: the Newton-Schulz polar iteration, matrix products on
 *   the backend, no read-back. For WebGL / WebGPU, where `dataSync()` waits
 *   for the GPU queue and matrix products are cheap; approximate (see
 *   {@link NuclearNormRegularizerArgs.iterations}).
 *
 * @category Regularizers
 */
export type NuclearNormMethod = 'svd' | 'newtonSchulz';

const METHODS: readonly NuclearNormMethod[] = ['svd', 'newtonSchulz'];

/** Default number of Newton-Schulz steps. */
const DEFAULT_ITERATIONS = 30;

/**
 * Arguments of {@link NuclearNormRegularizer}.
 *
 * @category Regularizers
 */
export interface NuclearNormRegularizerArgs {
  /**
   * Weight of the penalty, lambda in `lambda * ||W||_*`; a finite number
   * >= 0. No default: LoRAE (Mazumder et al., WACV 2024) sweeps 1e-5 to 5
   * and trains with 1e-5 by default. 0 turns the penalty off (no SVD runs).
   */
  lambda: number;
  /** How the norm and its gradient are computed (see {@link NuclearNormMethod}). Default `'svd'`. */
  method?: NuclearNormMethod;
  /**
   * Number of Newton-Schulz steps, `method: 'newtonSchulz'` only; a positive
   * integer, default 30. After k steps the gradient is `U f_k(S / ||W||_F) V^T`:
   * singular values above about `2e-5 ||W||_F` (k = 30; `4e-7 ||W||_F` for
   * k = 40) get their full weight 1, smaller ones less, growing 1.5x per step.
   * More steps resolve more ill-conditioned weights but also amplify the
   * float32 rounding noise in a rank-deficient weight's null spaces, by 1.5x
   * per step: on weights of rank 3 and 5 the gradient's largest error was
   * 3e-3 after 30 steps and 0.16 after 40 (0.1 in the 40-step gradient of a
   * weight of condition 1e7 too, against 3e-4 at condition 1e6).
   */
  iterations?: number;
}

// tfjs's layers take a regularizer object only if it derives from tfjs's
// Regularizer class, which tfjs does not export; see regularizerBaseClass.
const RegularizerBase = regularizerBaseClass();

/**
 * The nuclear norm penalty `lambda * ||W||_* = lambda * sum_i sigma_i(W)` of a
 * weight matrix W, as a tfjs regularizer: give it to a layer as
 * `kernelRegularizer` (`tf.layers.dense`, {@link implicitRankMinimizer}, ...)
 * and `model.fit` or {@link trainAutoencoder} adds it to the loss. It is
 * LoRAE's penalty on its one linear layer between encoder and decoder
 * (Mazumder et al., "Learning Low-Rank Latent Spaces with Simple
 * Deterministic Autoencoder", WACV 2024, arXiv 2310.16194:
 * `lambda * torch.linalg.norm(W, ord='nuc')`), the convex surrogate of the
 * rank.
 *
 * Gradient: `lambda * U V^T` for W = U S V^T of full rank. Where singular
 * values are zero the norm has no gradient; the regularizer then takes the
 * subgradient `lambda * U_r V_r^T` over the r non-zero singular values, zero
 * on both null spaces (the subgradient of least norm; PyTorch's `'nuc'`
 * backward adds an arbitrary basis of the null spaces instead). With the
 * default `method: 'svd'`, a singular value counts as zero at or below
 * NumPy's `matrix_rank` tolerance, `max(rows, cols) * 2^-52 * sigma_max`,
 * computed in float64 from the float32 weight.
 *
 * The weight must be a matrix (rank 2): a dense or linear kernel
 * `[inputDim, units]`, any shape. A weight holding NaN or infinity gives a
 * NaN penalty and gradient (`method: 'svd'`), so that training's NaN checks
 * stop. Registered with `tf.serialization.registerClass`, so a layer holding
 * it round-trips through `model.save` and `tf.loadLayersModel`.
 *
 * @example
 * ```ts
 * const penalty = new NuclearNormRegularizer({ lambda: 0.5 });
 * // singular values of [[3, 0], [0, -4]] are 4 and 3: 0.5 * 7
 * penalty.apply(tf.tensor2d([[3, 0], [0, -4]])).dataSync(); // => [3.5]
 * ```
 * @category Regularizers
 */
export class NuclearNormRegularizer extends RegularizerBase {
  /** Name under which the class is registered for (de)serialization. */
  static className = 'NuclearNormRegularizer';

  /** Weight of the penalty. */
  readonly lambda: number;
  /** How the norm and its gradient are computed. */
  readonly method: NuclearNormMethod;
  /** Newton-Schulz steps (`method: 'newtonSchulz'`); undefined for `'svd'`. */
  readonly iterations: number | undefined;

  /**
   * @param args See {@link NuclearNormRegularizerArgs}.
   * @throws Error naming the argument when `lambda` is not a finite number
   *   >= 0, `method` is not `'svd'` or `'newtonSchulz'`, or `iterations` is
   *   not a positive integer or is given with `method: 'svd'`.
   */
  constructor(args: NuclearNormRegularizerArgs) {
    super();
    assertOptionsObject(args, 'args', 'an options object { lambda }');
    const { lambda, method = 'svd', iterations } = args;
    assertNonNegativeNumber(lambda, 'lambda');
    assertOneOf(method, 'method', METHODS);
    if (method === 'svd' && iterations !== undefined && iterations !== null) {
      throw new Error(
        `\`iterations\` applies to method 'newtonSchulz' only, but got ${describeValue(iterations)} with method 'svd'`,
      );
    }
    if (method === 'newtonSchulz') assertPositiveInteger(iterations ?? DEFAULT_ITERATIONS, 'iterations');
    this.lambda = lambda;
    this.method = method;
    this.iterations = method === 'newtonSchulz' ? (iterations ?? DEFAULT_ITERATIONS) : undefined;
  }

  /**
   * The penalty of one weight, differentiable with respect to it (its
   * gradient is `lambda * U V^T`, see the class).
   *
   * @param x The weight W, a matrix `[rows, cols]`.
   * @returns `lambda * ||W||_*`, a scalar.
   * @throws Error when `x` is not a tensor of rank 2, naming its shape.
   */
  apply(x: tf.Tensor): tf.Scalar {
    assertMatrix(x);
    if (this.lambda === 0) return zeroPenalty(x);
    return tf.tidy(() => {
      const matrix = (x.dtype === 'float32' ? x : tf.cast(x, 'float32')) as tf.Tensor2D;
      const norm = this.method === 'svd' ? svdNuclearNorm(matrix) : newtonSchulzNuclearNorm(this.iterations as number)(matrix);
      return tf.mul(norm, this.lambda) as tf.Scalar;
    });
  }

  /**
   * JSON-safe configuration: `lambda` and `method`, and `iterations` for
   * `'newtonSchulz'`.
   *
   * @returns The config the constructor rebuilds the regularizer from.
   */
  getConfig(): tf.serialization.ConfigDict {
    return {
      lambda: this.lambda,
      method: this.method,
      ...(this.iterations !== undefined && { iterations: this.iterations }),
    };
  }
}
tf.serialization.registerClass(NuclearNormRegularizer);

/**
 * Creates a {@link NuclearNormRegularizer}: `lambda * ||W||_*`, the sum of the
 * weight matrix's singular values, for a layer's `kernelRegularizer`
 * (LoRAE, Mazumder et al., WACV 2024). Named apart from the
 * {@link nuclearNorm} metric, which sums given singular values.
 *
 * @param args `lambda` (required, >= 0), `method` (`'svd'`, the default, or
 *   `'newtonSchulz'`) and `iterations` (Newton-Schulz steps, 30).
 * @returns The regularizer.
 * @throws Error naming the argument when one is invalid, e.g.
 *   "`lambda` must be a finite non-negative number, but got -1".
 * @example
 * ```ts
 * const model = tf.sequential();
 * model.add(tf.layers.dense({ units: 16, inputShape: [64] })); // encoder
 * model.add(implicitRankMinimizer(1, 16, { kernelRegularizer: nuclearNormRegularizer({ lambda: 1e-3 }) }));
 * model.add(tf.layers.dense({ units: 64 })); // decoder
 * model.layers[1].losses.length; // => 1 (model.fit adds it to the loss)
 * ```
 * @category Regularizers
 */
export function nuclearNormRegularizer(args: NuclearNormRegularizerArgs): NuclearNormRegularizer {
  return new NuclearNormRegularizer(args);
}

function assertMatrix(x: unknown): asserts x is tf.Tensor2D {
  if (!isTensor(x)) {
    throw new Error(
      `NuclearNormRegularizer: \`x\`, the weight to penalize, must be a tensor, but got ${describeValue(x)}`,
    );
  }
  if (x.rank !== 2) {
    throw new Error(
      'NuclearNormRegularizer: `x`, the weight to penalize, must be a matrix (rank 2, such as a dense or ' +
        `ImplicitRankMinimizer kernel), but got a rank-${x.rank} weight of shape [${x.shape}]` +
        (x.rank === 1 ? ' (a bias?)' : x.rank > 2 ? ' (a convolution kernel?)' : ''),
    );
  }
}

/** 0 with a zero gradient, still a function of W (so that gradients with respect to W exist). */
const zeroPenalty = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const matrix = args[0] as tf.Tensor2D;
  return { value: tf.scalar(0), gradFunc: () => tf.zerosLike(matrix) };
}) as (matrix: tf.Tensor2D) => tf.Scalar;

/** `||W||_*` with its gradient `U_r V_r^T`, from a float64 SVD on the CPU. */
const svdNuclearNorm = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const matrix = args[0] as tf.Tensor2D;
  const [rows, cols] = matrix.shape;
  const { value, polar } = nuclearNormAndPolar(matrix.dataSync(), rows, cols);
  return {
    value: tf.scalar(value),
    gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.tensor2d(polar, [rows, cols])),
  };
}) as (matrix: tf.Tensor2D) => tf.Scalar;

const newtonSchulzOps = new Map<number, (matrix: tf.Tensor2D) => tf.Scalar>();

/** `tr(Q^T W)` with its gradient Q, the Newton-Schulz polar factor after `iterations` steps. */
function newtonSchulzNuclearNorm(iterations: number): (matrix: tf.Tensor2D) => tf.Scalar {
  let op = newtonSchulzOps.get(iterations);
  if (op === undefined) {
    op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [matrix, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
      const polar = newtonSchulzPolar(matrix, iterations);
      save([polar]);
      return {
        value: tf.sum(tf.mul(polar, matrix)) as tf.Scalar,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]),
      };
    }) as (matrix: tf.Tensor2D) => tf.Scalar;
    newtonSchulzOps.set(iterations, op);
  }
  return op;
}
