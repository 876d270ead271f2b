import type { FactorTable } from 'irmae';

/**
 * The hue of each shape as two factor columns, r − g and g − b, from a
 * table with `r`, `g` and `b` columns (as `shapeFactorTable` returns). A code
 * that carries only brightness scores about 1/3 on each of r, g and b, which
 * reads like partial colour; on these columns it scores 0.
 */
export function hueColumns(table: FactorTable): FactorTable {
  const [r, g, b] = (['r', 'g', 'b'] as const).map((name) => table[name] as ArrayLike<number>);
  const difference = (p: ArrayLike<number>, q: ArrayLike<number>) => Float64Array.from(p, (value, i) => value - q[i]);
  return { 'r-g': difference(r, g), 'g-b': difference(g, b) };
}
