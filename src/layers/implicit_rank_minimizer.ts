import * as tf from '@tensorflow/tfjs';

import { assertBoolean, assertNonNegativeInteger, assertPositiveInteger, assertSeed } from '../internal/assert_args';
import { buildInScope } from './build_in_scope';
import { describeValue } from '../internal/describe_value';
import {
  type Initializer,
  type InitializerLike,
  resolveInitializer,
  serializeInitializer,
  streamInitializer,
  torchLinearInitializer,
} from './initializers';
import { type RegularizerLike, resolveRegularizer, serializeRegularizer } from './resolve_regularizer';
import type { Regularizer } from '../regularizers/regularizer_base';

/** tfjs does not export `LayerArgs`; derived from the Layer constructor. */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * Arguments of {@link ImplicitRankMinimizer}: the number of linear maps, the
 * code size, and how the maps are initialised, plus the usual tfjs layer
 * arguments (`name`, `trainable`, `inputShape`, `batchInputShape`, ...).
 *
 * @category Layers
 */
export interface ImplicitRankMinimizerArgs extends LayerArgs {
  /**
   * Number of square linear maps W1..Wn (the paper's `l`); a non-negative
   * integer. 0 makes the layer the identity, without weights, so a plain
   * autoencoder goes through the same code path.
   */
  n: number;
  /** Size of the code (the paper's latent dim, 32 for the shapes); a positive integer. */
  dim: number;
  /**
   * Whether each map adds a bias (an affine map). Default false, as in the
   * reference code (`nn.Linear(dim, dim, bias=False)`).
   */
  useBias?: boolean;
  /**
   * Initializer of each dim x dim kernel: a tfjs initializer object, its name
   * (`'glorotUniform'`) or its `{ className, config }`. Default: PyTorch's
   * `nn.Linear` default, uniform in [-1/sqrt(dim), 1/sqrt(dim)] (the
   * initialisation scale matters for the implicit low-rank bias; tfjs's
   * Glorot uniform is sqrt(3) times wider for a square kernel). A seeded
   * initializer draws kernel i (1-based) from the stream
   * `streamSeed(seed, 'irm-kernel', i - 1)`, so the n kernels differ and no
   * kernel of seed s is one of seed s + 1.
   */
  kernelInitializer?: InitializerLike;
  /**
   * Initializer of each bias when `useBias` is true. Default `'zeros'`, as
   * tfjs's dense layer. A seeded one draws bias i from
   * `streamSeed(seed, 'irm-bias', i - 1)`.
   */
  biasInitializer?: InitializerLike;
  /**
   * Regularizer of each dim x dim kernel, whose penalty training adds to the
   * loss (`model.fit`, {@link trainAutoencoder}): a regularizer object such as
   * `nuclearNormRegularizer({ lambda: 1e-3 })` (LoRAE's penalty) or
   * `tf.regularizers.l2()`, its name, or its `{ className, config }`. Each of
   * the n kernels is penalized on its own (n terms in `layer.losses`, summed
   * into the loss); with `shareWeights`, the one shared kernel once. Default
   * none.
   */
  kernelRegularizer?: RegularizerLike;
  /**
   * Share one kernel (and one bias) across the n maps: output = z W^n.
   * Default false (n independent kernels, as in the paper).
   */
  shareWeights?: boolean;
  /**
   * Seed of the default kernel initializer, for reproducible weights; an
   * integer in [0, 2^32 - 1]. Not allowed together with `kernelInitializer`
   * (seed that initializer instead).
   */
  seed?: number;
}

/**
 * The n maps of an {@link ImplicitRankMinimizer} folded into one affine map,
 * `output = input kernel + bias` (see {@link ImplicitRankMinimizer.productAffine}).
 *
 * @category Layers
 */
export interface FoldedAffine {
  /** `W1 W2 ... Wn`, `[dim, dim]` (the identity for n = 0). */
  kernel: tf.Tensor2D;
  /** The folded bias, `[dim]`, or null when the layer has no bias weights. */
  bias: tf.Tensor1D | null;
}

/**
 * Implicit rank-minimizing linear layers: n square linear maps without
 * activation between an encoder and a decoder (Jing, Zbontar and LeCun,
 * "Implicit Rank-Minimizing Autoencoder", NeurIPS 2020, arXiv 2010.00679).
 * Gradient descent on the deep linear product is biased toward low rank, so
 * the codes it outputs concentrate on few directions.
 *
 * Input `[batch, dim]`, output `[batch, dim]`:
 * `output = z W1 W2 ... Wn` (each `+ bi` after its `Wi` when `useBias`), in
 * tfjs's row-vector convention. This is PyTorch's column-vector
 * `Wn ... W1 e(x)` with every matrix transposed: tfjs kernel `Wi` equals
 * PyTorch's `linear_i.weight.T`.
 *
 * Weights, in `getWeights()` order: `kernel_1, bias_1, ..., kernel_n, bias_n`
 * (biases only with `useBias`), each kernel `[dim, dim]`, each bias `[dim]`;
 * with `shareWeights`, only `kernel_1` (and `bias_1`), used n times. With
 * n = 0, none.
 *
 * Registered with `tf.serialization.registerClass`, so models containing it
 * round-trip through `model.save` and `tf.loadLayersModel`.
 *
 * @example
 * ```ts
 * const layer = new ImplicitRankMinimizer({
 *   n: 2,
 *   dim: 2,
 *   kernelInitializer: { className: 'Constant', config: { value: 0.5 } },
 * });
 * (layer.apply(tf.tensor2d([[1, 3]])) as tf.Tensor).arraySync(); // => [[2, 2]]
 * ```
 * @category Layers
 */
export class ImplicitRankMinimizer extends tf.layers.Layer {
  /** Name under which the class is registered for (de)serialization. */
  static className = 'ImplicitRankMinimizer';

  /** Number of linear maps. */
  readonly n: number;
  /** Code size: each kernel is dim x dim. */
  readonly dim: number;
  /** Whether each map adds a bias. */
  readonly useBias: boolean;
  /** Whether one kernel (and bias) is used n times. */
  readonly shareWeights: boolean;
  /** Initializer of the kernels (a seeded one draws each kernel from its own stream). */
  readonly kernelInitializer: Initializer;
  /** Initializer of the biases. */
  readonly biasInitializer: Initializer;
  /** Regularizer of each kernel, or undefined for none. */
  readonly kernelRegularizer: Regularizer | undefined;

  private kernels: tf.LayerVariable[] = [];
  private biases: tf.LayerVariable[] = [];

  /**
   * @param args See {@link ImplicitRankMinimizerArgs}.
   * @throws Error naming the argument when `n` is not a non-negative integer,
   *   `dim` not a positive integer, `useBias` or `shareWeights` not a boolean,
   *   `seed` not an integer in [0, 2^32 - 1] or given with `kernelInitializer`, or an
   *   initializer or the kernel regularizer is not one tfjs knows.
   */
  constructor(args: ImplicitRankMinimizerArgs) {
    super(args);
    // Plain-JS callers may pass nothing; report the missing n, not a TypeError.
    const { n, dim, useBias = false, shareWeights = false, seed } = args ?? ({} as Partial<ImplicitRankMinimizerArgs>);
    assertNonNegativeInteger(n, 'n');
    assertPositiveInteger(dim, 'dim');
    assertBoolean(useBias, 'useBias');
    assertBoolean(shareWeights, 'shareWeights');
    if (seed !== undefined) {
      assertSeed(seed, 'seed');
      if (args.kernelInitializer !== undefined) {
        throw new Error(
          '`seed` seeds the default kernelInitializer and cannot be combined with ' +
            '`kernelInitializer`; pass the seed to that initializer instead, but got both',
        );
      }
    }
    this.n = n;
    this.dim = dim;
    this.useBias = useBias;
    this.shareWeights = shareWeights;
    this.kernelInitializer =
      args.kernelInitializer === undefined
        ? torchLinearInitializer(seed)
        : resolveInitializer(args.kernelInitializer, 'kernelInitializer');
    this.biasInitializer = resolveInitializer(args.biasInitializer ?? 'zeros', 'biasInitializer');
    // A saved config writes "no regularizer" as null.
    this.kernelRegularizer =
      args.kernelRegularizer === undefined || args.kernelRegularizer === null
        ? undefined
        : resolveRegularizer(args.kernelRegularizer, 'kernelRegularizer');
  }

  /**
   * Creates the kernels (and biases). Called by tfjs on the first `apply`.
   *
   * @param inputShape `[batch, dim]`.
   * @throws Error when the shape is not `[batch, dim]`.
   */
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    this.assertInputShape(singleShape(inputShape));
    const distinctMaps = this.shareWeights ? Math.min(this.n, 1) : this.n;
    // Shared or not, weights are numbered from 1: tfjs renames a repeated
    // `layer/kernel` to `layer/kernel_1`, which would clash with a
    // same-named layer's first kernel when a model is loaded twice.
    for (let i = 1; i <= distinctMaps; i++) {
      const kernel = streamInitializer(this.kernelInitializer, 'irm-kernel', i - 1, 'kernelInitializer');
      this.kernels.push(this.addDimWeight(`kernel_${i}`, [this.dim, this.dim], kernel, this.kernelRegularizer));
      if (this.useBias) {
        const bias = streamInitializer(this.biasInitializer, 'irm-bias', i - 1, 'biasInitializer');
        this.biases.push(this.addDimWeight(`bias_${i}`, [this.dim], bias));
      }
    }
    this.built = true;
  }

  /**
   * @param inputShape `[batch, dim]`.
   * @returns A copy of `inputShape`: the output has the input's shape.
   * @throws Error when the shape is not `[batch, dim]`.
   */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(inputShape);
    this.assertInputShape(shape);
    return shape.slice();
  }

  /**
   * Applies `z W1 ... Wn` (with biases when `useBias`) to a batch of codes.
   *
   * @param inputs The codes z, `[batch, dim]`.
   * @returns `[batch, dim]`.
   * @throws Error when the input is not `[batch, dim]`.
   */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const input = singleTensor(inputs);
      this.assertInputShape(input.shape);
      let output = input.dtype === 'float32' ? input : tf.cast(input, 'float32');
      for (let i = 0; i < this.n; i++) {
        output = tf.matMul(output, this.mapKernel(i));
        if (this.useBias) output = tf.add(output, this.mapBias(i));
      }
      // For n = 0 this is the input itself; Layer.apply hands out a clone.
      return output;
    });
  }

  /**
   * The folded linear part `W = W1 W2 ... Wn` (dim x dim): the layer computes
   * `output = input W` when it has no bias, `output = input W + b` with `b`
   * from {@link productAffine} otherwise. For n = 0, the identity. An unbuilt
   * layer is first built by one call on zeros. The caller owns (and disposes)
   * the returned tensor.
   *
   * @returns W, `[dim, dim]`.
   * @example
   * ```ts
   * const layer = implicitRankMinimizer(2, 2, { kernelInitializer: 'identity' });
   * layer.productMatrix().arraySync(); // => [[1, 0], [0, 1]]
   * ```
   */
  productMatrix(): tf.Tensor2D {
    this.ensureBuilt();
    return tf.tidy(() => this.foldKernels());
  }

  /**
   * The folded affine map: `output = input kernel + bias`, with
   * `kernel = W1 ... Wn` and
   * `bias = b1 W2 ... Wn + b2 W3 ... Wn + ... + b(n-1) Wn + bn`.
   * `bias` is null when the layer has no bias weights (`useBias` false or
   * n = 0). Builds the layer as {@link productMatrix} does; the caller owns
   * the returned tensors.
   *
   * @returns `{ kernel: [dim, dim], bias: [dim] | null }`.
   * @example
   * ```ts
   * const layer = implicitRankMinimizer(2, 2, {
   *   useBias: true, kernelInitializer: 'identity', biasInitializer: 'ones',
   * });
   * layer.productAffine().bias?.arraySync(); // => [2, 2]
   * ```
   */
  productAffine(): FoldedAffine {
    this.ensureBuilt();
    const kernel = tf.tidy(() => this.foldKernels());
    const bias = this.biases.length > 0 ? tf.tidy(() => this.foldBiases()) : null;
    return { kernel, bias };
  }

  /**
   * An equivalent single `tf.layers.dense` (units = dim, linear activation)
   * holding the folded {@link productAffine} weights: the paper folds the
   * linear maps into the encoder, so they cost nothing at inference. The dense
   * layer is a copy (training it leaves this layer unchanged), already built by
   * one call on zeros, so its weights are named under its own name scope;
   * `dense.dispose()` frees them when it is used on its own.
   *
   * @returns A built dense layer, input shape `[dim]`, output `[batch, dim]`.
   * @example
   * ```ts
   * const layer = implicitRankMinimizer(4, 32);
   * const dense = layer.toDense(); // dense.apply(z) equals layer.apply(z)
   * dense.getWeights()[0].shape; // => [32, 32]
   * ```
   */
  toDense(): tf.layers.Layer {
    const { kernel, bias } = this.productAffine();
    const dense = tf.layers.dense({
      units: this.dim,
      useBias: bias !== null,
      inputShape: [this.dim],
      trainable: this.trainable,
    });
    buildInScope(dense, this.dim);
    dense.setWeights(bias === null ? [kernel] : [kernel, bias]);
    tf.dispose(bias === null ? [kernel] : [kernel, bias]);
    return dense;
  }

  /**
   * JSON-safe configuration: `n`, `dim`, `useBias`, `shareWeights`, the
   * serialized initializers (a `seed` argument lives on in the kernel
   * initializer's config) and kernel regularizer (null for none), merged with
   * the base layer's config.
   *
   * @returns The config `fromConfig` rebuilds the layer from.
   */
  override getConfig(): tf.serialization.ConfigDict {
    return {
      n: this.n,
      dim: this.dim,
      useBias: this.useBias,
      shareWeights: this.shareWeights,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: this.kernelRegularizer === undefined ? null : serializeRegularizer(this.kernelRegularizer),
      ...super.getConfig(),
    };
  }

  private addDimWeight(name: string, shape: number[], initializer: Initializer, regularizer?: Regularizer): tf.LayerVariable {
    return this.addWeight(name, shape, 'float32', initializer, regularizer, true);
  }

  private ensureBuilt(): void {
    if (!this.built) buildInScope(this, this.dim);
  }

  /** The kernel of map i (0-based): the only one when weights are shared. */
  private mapKernel(i: number): tf.Tensor2D {
    return this.kernels[this.shareWeights ? 0 : i].read() as tf.Tensor2D;
  }

  /** The bias of map i (0-based), `[dim]`. */
  private mapBias(i: number): tf.Tensor1D {
    return this.biases[this.shareWeights ? 0 : i].read() as tf.Tensor1D;
  }

  private foldKernels(): tf.Tensor2D {
    let product: tf.Tensor2D = tf.eye(this.dim);
    for (let i = 0; i < this.n; i++) product = tf.matMul(product, this.mapKernel(i));
    return product;
  }

  private foldBiases(): tf.Tensor1D {
    let bias: tf.Tensor2D = tf.zeros([1, this.dim]);
    for (let i = 0; i < this.n; i++) {
      bias = tf.add(tf.matMul(bias, this.mapKernel(i)), this.mapBias(i).reshape([1, this.dim]));
    }
    return bias.reshape([this.dim]);
  }

  private assertInputShape(shape: tf.Shape): void {
    if (shape.length !== 2) {
      throw new Error(
        `ImplicitRankMinimizer expected input of rank 2 ([batch, dim]), but got rank ${shape.length} ` +
          `with shape ${describeValue(shape)}`,
      );
    }
    if (shape[1] !== this.dim) {
      throw new Error(
        `ImplicitRankMinimizer expected input last dimension ${this.dim} (dim), but got ${shape[1]}`,
      );
    }
  }
}
tf.serialization.registerClass(ImplicitRankMinimizer);

/**
 * Creates an {@link ImplicitRankMinimizer}: n square linear maps
 * `z -> z W1 ... Wn` on codes `[batch, dim]` (Jing, Zbontar and LeCun,
 * "Implicit Rank-Minimizing Autoencoder", NeurIPS 2020). Insert it between an
 * encoder and a decoder; n = 0 gives a plain autoencoder.
 *
 * @param n Number of linear maps (the paper's l: 2 or 4), a non-negative integer.
 * @param dim Code size (32 in the paper), a positive integer.
 * @param options `useBias` (false), `kernelInitializer` (PyTorch's
 *   `nn.Linear` default, uniform in ±1/sqrt(dim)), `biasInitializer`
 *   (`'zeros'`), `kernelRegularizer` (none), `shareWeights` (false), `seed`,
 *   and tfjs layer arguments
 *   (`name`, `trainable`, `inputShape`, ...).
 * @returns The layer, not yet built.
 * @throws Error naming the argument when an argument is invalid, e.g.
 *   "`n` must be a non-negative integer, but got 2.5".
 * @example
 * ```ts
 * const model = tf.sequential();
 * model.add(tf.layers.dense({ units: 32, inputShape: [64] })); // encoder
 * model.add(implicitRankMinimizer(2, 32));
 * model.add(tf.layers.dense({ units: 64 })); // decoder
 * model.outputs[0].shape; // => [null, 64]
 * ```
 * @category Layers
 */
export function implicitRankMinimizer(
  n: number,
  dim: number,
  options: Omit<ImplicitRankMinimizerArgs, 'n' | 'dim'> = {},
): ImplicitRankMinimizer {
  return new ImplicitRankMinimizer({ ...options, n, dim });
}

function singleShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  const first = inputShape[0];
  if (Array.isArray(first)) {
    if (inputShape.length !== 1) {
      throw new Error(`ImplicitRankMinimizer expected one input, but got ${inputShape.length}`);
    }
    return first;
  }
  return inputShape as tf.Shape;
}

function singleTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (!Array.isArray(inputs)) return inputs;
  if (inputs.length !== 1) {
    throw new Error(`ImplicitRankMinimizer expected one input, but got ${inputs.length}`);
  }
  return inputs[0];
}
