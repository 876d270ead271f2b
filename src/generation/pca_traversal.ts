import { assertNonNegativeInteger, assertNonNegativeNumber, assertPositiveInteger } from '../internal/assert_args';
import { emptySamples, type CodeSamples } from './code_samples';
import type { LatentPca } from './latent_pca';

/**
 * Options of {@link pcaTraversal}.
 *
 * @category Generation
 */
export interface PcaTraversalOptions {
  /** The two component indices walked along rows and columns. Default [0, 1], the two leading ones. */
  components?: readonly [number, number];
  /** Grid points per axis, a positive integer. Default 7. */
  steps?: number;
  /** Half-width of the walk in standard deviations of each component. Default 2. */
  range?: number;
}

/**
 * A traversal grid of codes: `mean + a σ_p v_p + b σ_q v_q` for a and b
 * evenly spaced from -range to +range, with v the principal directions and σ
 * their standard deviations, the "pca" grid of the IRMAE reference code's
 * `generation.py`. Rows move along the first chosen component, columns along
 * the second. With an odd `steps` the centre cell is the mean code.
 *
 * @param pca - From {@link latentPca}.
 * @param options - See {@link PcaTraversalOptions}.
 * @returns `steps * steps` codes, row-major (row r, column c is sample
 *   `r * steps + c`), as {@link CodeSamples}.
 * @throws If a component index is not an integer below dim, `steps` is not
 *   a positive integer, or `range` is not a finite non-negative number.
 * @example
 * ```ts
 * const grid = pcaTraversal(latentPca(codes), { steps: 5 });
 * grid.count; // => 25
 * const images = autoencoder.decode(tf.tensor2d(grid.data, [grid.count, grid.dim]));
 * ```
 * @category Generation
 */
export function pcaTraversal(
  pca: LatentPca,
  { components = [0, 1], steps = 7, range = 2 }: PcaTraversalOptions = {},
): CodeSamples {
  const dim = pca.mean.length;
  for (const [index, name] of [[components[0], 'components[0]'], [components[1], 'components[1]']] as const) {
    assertNonNegativeInteger(index, name);
    if (index >= dim) throw new Error(`\`${name}\` must be a component index below ${dim}, but got ${index}`);
  }
  assertPositiveInteger(steps, 'steps');
  assertNonNegativeNumber(range, 'range');
  const [p, q] = components;
  const rowDirection = scaledComponent(pca, p);
  const columnDirection = scaledComponent(pca, q);
  const offset = (i: number) => (steps === 1 ? 0 : -range + (2 * range * i) / (steps - 1));
  const grid = emptySamples(steps * steps, dim);
  for (let r = 0; r < steps; r++) {
    for (let c = 0; c < steps; c++) {
      const base = (r * steps + c) * dim;
      for (let j = 0; j < dim; j++) {
        grid.data[base + j] = pca.mean[j] + offset(r) * rowDirection[j] + offset(c) * columnDirection[j];
      }
    }
  }
  return grid;
}

/** Component `index` scaled by its standard deviation. */
function scaledComponent(pca: LatentPca, index: number): number[] {
  const deviation = Math.sqrt(pca.variances[index]);
  return pca.components.getRow(index).map((value) => value * deviation);
}
