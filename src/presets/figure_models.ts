import { assertNonNegativeNumber } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import type { ConvInitialization } from './conv_initializers';
import { createShapeAutoencoder, type ShapeAutoencoder } from './shape_autoencoder';

/**
 * The five models of Figures 2 and 3 of the IRMAE paper, in the paper's order.
 *
 * @category Presets
 */
export const FIGURE_MODEL_NAMES = ['ae', 'ae-l1', 'ae-l2', 'irmae-l2', 'irmae-l4'] as const;

/**
 * Name of one of the paper's five models: plain AE, AE with an L1 or L2
 * penalty on the code, IRMAE with l = 2 or l = 4 linear layers.
 *
 * @category Presets
 */
export type FigureModelName = (typeof FIGURE_MODEL_NAMES)[number];

/**
 * Default weight of the L1 code penalty of `'ae-l1'`: `lambda * sum|e(x)|`
 * per sample, averaged over the batch and added to the per-pixel MSE.
 *
 * The paper gives no lambda, and the student replication's 1e-10 does
 * nothing. Chosen as the largest power of ten whose evaluation MSE stays
 * within 5% of the plain AE's on a short run (shape AE, seed 1, 2,048
 * training images, 8 epochs of batch 32 at Adam 1e-4; 512 evaluation
 * images; `test/presets/code_penalty_sweep.ts`):
 *
 * | penalty  | eval MSE | mean sum abs(e) | mean sum e^2 | effective rank |
 * |----------|----------|-----------------|--------------|----------------|
 * | none     | 0.00850  | 133             | 1053         | 3.6            |
 * | L1 1e-6  | 0.00839  | 90              | 473          | 4.1            |
 * | L1 1e-5  | 0.00881  | 26              | 41           | 5.9            |
 * | L1 1e-4  | 0.01960  | 1.6             | 0.26         | 1.8            |
 * | L2 1e-6  | 0.00854  | 46              | 113          | 4.2            |
 * | L2 1e-5  | 0.00849  | 18              | 16           | 5.3            |
 * | L2 1e-4  | 0.00862  | 6.0             | 1.9          | 6.8            |
 * | L2 1e-3  | 0.00900  | 1.9             | 0.19         | 7.1            |
 *
 * So L1 1e-5 (codes 5x smaller in L1 norm, MSE +3.6%) and L2 1e-4 (sum of
 * squares 500x smaller, MSE +1.4%); L1 1e-4 and L2 1e-3 cost more than 5%.
 * Without a penalty the code's scale is free (the decoder can undo it), and
 * the plain AE's codes grow large, so a small lambda already matters.
 *
 * @category Presets
 */
export const DEFAULT_L1_LAMBDA = 1e-5;

/**
 * Default weight of the L2 code penalty of `'ae-l2'`: `lambda * sum e(x)^2`
 * per sample, averaged over the batch; chosen as {@link DEFAULT_L1_LAMBDA}
 * says (its table has the measurements).
 *
 * @category Presets
 */
export const DEFAULT_L2_LAMBDA = 1e-4;

/**
 * Options of {@link createFigureModel}.
 *
 * @category Presets
 */
export interface FigureModelOptions {
  /** Size of the code; default 32. */
  latentDim?: number;
  /** Channel width; default 32, the reference code's. */
  width?: number;
  /** Seed of all initial weights; the same seed gives the five models the same encoder and decoder. */
  seed?: number;
  /**
   * How the encoder's and decoder's convolutions start; default `'pytorch'`,
   * the reference code's. See {@link ConvInitialization}: with `'he'` the
   * models learn colour, with `'pytorch'` they stay grey.
   */
  initialization?: ConvInitialization;
  /** @deprecated Use `initialization`; removed in 0.3. */
  initialisation?: ConvInitialization;
  /**
   * Penalty weight for `'ae-l1'` / `'ae-l2'`; default {@link DEFAULT_L1_LAMBDA} /
   * {@link DEFAULT_L2_LAMBDA}. Ignored by the other models.
   */
  lambda?: number;
}

/**
 * Builds one of the five models compared in Figures 2 and 3 of the IRMAE
 * paper (Jing, Zbontar and LeCun, NeurIPS 2020), on the reference shape
 * encoder and decoder:
 * - `'ae'`: plain autoencoder;
 * - `'ae-l1'`: `lambda * sum|e(x)|` per sample on the encoder output;
 * - `'ae-l2'`: `lambda * sum e(x)^2` per sample on the encoder output;
 * - `'irmae-l2'`, `'irmae-l4'`: 2 or 4 bias-free dim x dim linear layers
 *   between encoder and decoder, initialised as PyTorch's `nn.Linear`.
 *
 * Train with {@link trainAutoencoder} (Adam 1e-4, batch 32, MSE by default);
 * the penalties are added there, averaged over the batch.
 *
 * @param name One of {@link FIGURE_MODEL_NAMES}.
 * @param options See {@link FigureModelOptions}.
 * @returns The model and its parts, see {@link createShapeAutoencoder}.
 * @throws Error when `name` is not one of the five names, naming `lambda`
 *   when `'ae-l1'` or `'ae-l2'` gets one that is not a finite number >= 0, or
 *   what {@link createShapeAutoencoder} throws; a bad option leaves no tensors.
 *
 * @example
 * ```ts
 * const models = FIGURE_MODEL_NAMES.map((name) => createFigureModel(name, { seed: 1 }));
 * models.map(({ model }) => model.countParams());
 * // => [1445859, 1445859, 1445859, 1447907, 1449955]
 * ```
 *
 * @category Presets
 */
export function createFigureModel(name: FigureModelName, options: FigureModelOptions = {}): ShapeAutoencoder {
  const { lambda, ...network } = options;
  if ((name === 'ae-l1' || name === 'ae-l2') && lambda !== undefined) {
    assertNonNegativeNumber(lambda, 'lambda', 'a finite number >= 0');
  }
  switch (name) {
    case 'ae':
      return createShapeAutoencoder(network);
    case 'ae-l1':
      return createShapeAutoencoder({ ...network, codeRegularizer: { l1: lambda ?? DEFAULT_L1_LAMBDA } });
    case 'ae-l2':
      return createShapeAutoencoder({ ...network, codeRegularizer: { l2: lambda ?? DEFAULT_L2_LAMBDA } });
    case 'irmae-l2':
      return createShapeAutoencoder({ ...network, irmLayers: 2 });
    case 'irmae-l4':
      return createShapeAutoencoder({ ...network, irmLayers: 4 });
    default:
      throw new Error(
        `\`name\` must be one of ${FIGURE_MODEL_NAMES.map((n) => `'${n}'`).join(', ')}, but got ${describeValue(name)}`,
      );
  }
}
