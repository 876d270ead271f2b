import type { FactorTable } from '../metrics/factor_probe';
import type { ShapeSet } from './generate_shapes';
import type { ShapeFactors } from './shape_options';

/**
 * The generative factors of a shape set as a table for {@link factorProbe}:
 * one column per factor, one entry per image.
 *
 * With one shape per image (the paper's data) the columns are the paper's
 * seven factors: `x`, `y` (the shape's anchor, pixels), `size` (pixels), `r`,
 * `g`, `b` (in [0, 1)) and `kind` (`'circle'` or `'square'`, categorical).
 * With two shapes per image (`'two-shapes'`, a square then a circle) each
 * shape's six continuous factors appear as `square.x` … and `circle.x` …; the
 * kind is then fixed by the position and left out.
 *
 * @param set - The `factors` and `shapesPerImage` of a {@link ShapeSet}.
 * @returns The factor table, one entry per image.
 * @example
 * ```ts
 * const set = generateShapes({ count: 1000, seed: SHAPE_EVAL_SEED });
 * factorProbe(encodedCodes, shapeFactorTable(set));
 * // => [{ factor: 'x', measure: 'r2', score: 0.98 }, …, { factor: 'kind', measure: 'accuracy', score: 0.97 }]
 * ```
 * @category Datasets
 */
export function shapeFactorTable(set: Pick<ShapeSet, 'factors' | 'shapesPerImage'>): FactorTable {
  const { factors, shapesPerImage } = set;
  if (shapesPerImage === 1) return { ...continuousColumns(factors, ''), kind: factors.map((shape) => shape.kind) };
  const shapeAt = (offset: number) => factors.filter((_, i) => i % shapesPerImage === offset);
  return { ...continuousColumns(shapeAt(0), 'square.'), ...continuousColumns(shapeAt(1), 'circle.') };
}

function continuousColumns(shapes: readonly ShapeFactors[], prefix: string): Record<string, Float64Array> {
  const column = (read: (shape: ShapeFactors) => number) => Float64Array.from(shapes, read);
  return {
    [`${prefix}x`]: column((shape) => shape.cx),
    [`${prefix}y`]: column((shape) => shape.cy),
    [`${prefix}size`]: column((shape) => shape.size),
    [`${prefix}r`]: column((shape) => shape.r),
    [`${prefix}g`]: column((shape) => shape.g),
    [`${prefix}b`]: column((shape) => shape.b),
  };
}
