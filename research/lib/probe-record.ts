import { factorProbe, type FactorTable } from 'irmae';

/**
 * `factorProbe` of row-major [rows, dim] data as a `{ factor: score }`
 * record, scores rounded to 4 decimals, as the benchmarks' JSON lines hold it.
 */
export function probeRecord(data: Float32Array, dim: number, factors: FactorTable): Record<string, number> {
  return Object.fromEntries(factorProbe({ data, dim }, factors).map(({ factor, score }) => [factor, Number(score.toFixed(4))]));
}
