import { assertPositiveInteger, assertSeed } from '../internal/assert_args';
import { seededPermutation } from '../random/seeded_permutation';
import { streamSeed } from '../random/stream_seed';
import { checkedLabels, impliedClasses } from './class_labels';

/**
 * Options of {@link balancedLabelSubset}.
 *
 * @category Classification
 */
export interface BalancedLabelSubsetOptions {
  /** Number of classes, a positive integer. Default: the largest label + 1. */
  classes?: number;
}

/**
 * A class-balanced random subset of a labelled set: `count / classes` rows of
 * each class, drawn without replacement. The rows of class c are shuffled by
 * the permutation of the stream `streamSeed(seed, 'balanced-subset', c)` and
 * the first `count / classes` are taken, so a class's draw depends on the
 * seed and that class's rows only, and the subsets of one seed are nested:
 * the subset of 10 rows lies inside that of 100.
 *
 * There is no rounding rule: `count` must be a multiple of the number of
 * classes, and every class must have `count / classes` rows, else the
 * function throws.
 *
 * @param labels The class of each row, integers in [0, classes) (a
 *   `Uint8Array` from {@link mnistFromIdx}, a `number[]`, ...).
 * @param count How many rows to draw, a positive multiple of the number of classes.
 * @param seed Seed of the draw, an integer in [0, 2^32 - 1].
 * @param options `classes`, see {@link BalancedLabelSubsetOptions}.
 * @returns The chosen row indices, ascending.
 * @throws Error naming `labels` for a label outside [0, classes), `count`
 *   when it is not a positive multiple of the classes or a class has too
 *   few rows, `seed` or `classes` when invalid.
 *
 * @example
 * ```ts
 * balancedLabelSubset([0, 1, 0, 1, 0, 1], 2, 7); // => Uint32Array of one row of class 0 and one of class 1
 * ```
 *
 * @category Classification
 */
export function balancedLabelSubset(
  labels: ArrayLike<number>,
  count: number,
  seed: number,
  options: BalancedLabelSubsetOptions = {},
): Uint32Array {
  const { classes = impliedClasses(labels, 'labels') } = options;
  assertPositiveInteger(classes, 'classes');
  const checked = checkedLabels(labels, classes, 'labels');
  assertPositiveInteger(count, 'count');
  assertSeed(seed, 'seed');
  if (count % classes !== 0) {
    throw new Error(`\`count\` must be a multiple of the ${classes} classes, but got ${count}`);
  }
  const perClass = count / classes;
  const rowsOf = rowsByClass(checked, classes);
  const chosen: number[] = [];
  rowsOf.forEach((rows, label) => {
    if (rows.length < perClass) {
      throw new Error(
        `\`count\` ${count} needs ${perClass} rows of each class, but class ${label} has ${rows.length} in \`labels\``,
      );
    }
    const order = seededPermutation(rows.length, streamSeed(seed, 'balanced-subset', label));
    for (let i = 0; i < perClass; i++) chosen.push(rows[order[i]]);
  });
  return Uint32Array.from(chosen).sort();
}

/** The row indices of each class, ascending. */
function rowsByClass(labels: Int32Array, classes: number): number[][] {
  const rows: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((label, row) => rows[label].push(row));
  return rows;
}
