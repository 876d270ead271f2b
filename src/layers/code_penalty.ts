import * as tf from '@tensorflow/tfjs';

import { assertNonNegativeNumber } from '../internal/assert_args';

/** tfjs does not export `LayerArgs`; derived from the Layer constructor. */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * Arguments of {@link CodePenalty}: the weights of the L1 and L2 penalties.
 *
 * @category Layers
 */
export interface CodePenaltyArgs extends LayerArgs {
  /** Weight of `sum_j |e_j(x)|` per sample; a finite number >= 0. Default 0. */
  l1?: number;
  /** Weight of `sum_j e_j(x)^2` per sample; a finite number >= 0. Default 0. */
  l2?: number;
}

/**
 * An L1 / L2 penalty on the code `e(x)` that passes through it: the layer is
 * the identity, and {@link trainAutoencoder} adds, for a batch of B codes
 * `[B, dim]`,
 *
 *   `(1 / B) * sum_b ( l1 * sum_j |e_bj| + l2 * sum_j e_bj^2 )`
 *
 * to the reconstruction loss, i.e. the per-sample penalty
 * `l1 * sum|e(x)| + l2 * sum e(x)^2` of the IRMAE paper's baselines, averaged
 * over the batch like the per-sample MSE. (tfjs layers reject an
 * `activityRegularizer` when they are called, hence a layer of its own.)
 *
 * The penalty counts only when the layer sits directly in the model given to
 * {@link trainAutoencoder}, not inside a nested sub-model. Registered with
 * `tf.serialization.registerClass`, so saved models keep it.
 *
 * @example
 * ```ts
 * const penalty = new CodePenalty({ l1: 1e-3 });
 * penalty.penalty(tf.tensor2d([[1, -2], [3, 0]])).dataSync(); // => [0.003] (= 1e-3 * (3 + 3) / 2)
 * ```
 *
 * @category Layers
 */
export class CodePenalty extends tf.layers.Layer {
  static readonly className = 'CodePenalty';
  readonly l1: number;
  readonly l2: number;

  constructor(args: CodePenaltyArgs = {}) {
    super(args);
    this.l1 = checkWeight(args.l1 ?? 0, 'l1');
    this.l2 = checkWeight(args.l2 ?? 0, 'l2');
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return Array.isArray(inputs) ? inputs[0] : inputs;
  }

  /**
   * The batch-mean penalty of `codes`.
   *
   * @param codes Codes `[batch, ...]`; every axis after the first is summed.
   * @returns A scalar: `mean_b (l1 * sum|e_b| + l2 * sum e_b^2)`.
   */
  penalty(codes: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      const batch = codes.shape[0] ?? 1;
      let total = tf.scalar(0);
      if (this.l1 > 0) total = total.add(codes.abs().sum().mul(this.l1));
      if (this.l2 > 0) total = total.add(codes.square().sum().mul(this.l2));
      return total.div(batch);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), l1: this.l1, l2: this.l2 };
  }
}
tf.serialization.registerClass(CodePenalty);

/**
 * Creates a {@link CodePenalty} layer: identity on the code, with
 * `l1 * sum|e(x)| + l2 * sum e(x)^2` per sample added to the training loss by
 * {@link trainAutoencoder}.
 *
 * @param args `l1` and `l2` weights (default 0 each) and the usual layer arguments.
 * @returns The layer.
 * @throws Error when `l1` or `l2` is not a finite number >= 0.
 *
 * @example
 * ```ts
 * const input = tf.input({ shape: [8] });
 * const code = tf.layers.dense({ units: 4 }).apply(input) as tf.SymbolicTensor;
 * const penalized = codePenalty({ l2: 1e-3 }).apply(code) as tf.SymbolicTensor;
 * penalized.shape; // => [null, 4] (the layer passes the code through)
 * ```
 *
 * @category Layers
 */
export function codePenalty(args: CodePenaltyArgs = {}): CodePenalty {
  return new CodePenalty(args);
}

function checkWeight(value: unknown, name: string): number {
  assertNonNegativeNumber(value, name, 'a finite number >= 0');
  return value;
}
