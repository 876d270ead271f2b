/**
 * The generation example's numbers: distance from the shape data per model,
 * for reconstructions, samples, the PCA traversal and along Figure 3's
 * interpolation paths, as JSON, CSV and a printed table.
 */
import { fixedWidthTable } from './fixed-width-table';
import type { ModelGeneration } from './generation-model';

/** Distances of a set of decoded images from the nearest clean shape image. */
export interface DistanceSummary {
  count: number;
  mean: number;
  /** Sample standard deviation (N - 1); 0 for one image. */
  sd: number;
  max: number;
}

/** One model's row of the results. */
export interface ModelDistances {
  model: string;
  label: string;
  evalMse: number;
  reconstruction: DistanceSummary;
  mvg: DistanceSummary;
  gmm: DistanceSummary;
  pca: DistanceSummary;
  /** Over all pairs and every t strictly between 0 and 1. */
  interpolationInterior: DistanceSummary;
  /** Over all pairs at t = 0 and t = 1: the reconstructions of the paths' own end images. */
  interpolationEnds: DistanceSummary;
  /** Per t, over the pairs. */
  interpolation: Array<{ t: number } & DistanceSummary>;
  mixture: ModelGeneration['mixture'];
  pcaVariances: [number, number];
}

export function summarize(values: ArrayLike<number>): DistanceSummary {
  const list = Array.from(values);
  const count = list.length;
  const mean = list.reduce((sum, value) => sum + value, 0) / count;
  const variance = count < 2 ? 0 : list.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1);
  return { count, mean, sd: Math.sqrt(variance), max: Math.max(...list) };
}

export function modelDistances(model: string, label: string, generation: ModelGeneration, ts: readonly number[]): ModelDistances {
  const { distances } = generation;
  const at = (keep: (t: number) => boolean) =>
    ts.flatMap((t, step) => (keep(t) ? distances.interpolation.map((path) => path[step]) : []));
  return {
    model,
    label,
    evalMse: generation.evalMse,
    reconstruction: summarize(distances.reconstruction),
    mvg: summarize(distances.mvg),
    gmm: summarize(distances.gmm),
    pca: summarize(distances.pca),
    interpolationInterior: summarize(at((t) => t > 0 && t < 1)),
    interpolationEnds: summarize(at((t) => t === 0 || t === 1)),
    interpolation: ts.map((t, step) => ({ t, ...summarize(distances.interpolation.map((path) => path[step])) })),
    mixture: generation.mixture,
    pcaVariances: generation.pcaVariances,
  };
}

export function generationJson(run: object, models: readonly ModelDistances[]): string {
  return `${JSON.stringify({ run, models }, null, 2)}\n`;
}

const SETS = ['reconstruction', 'mvg', 'gmm', 'pca'] as const;

/** Long format: one row per model and set (and t for the interpolations). */
export function generationCsv(models: readonly ModelDistances[]): string {
  const rows = ['model,set,t,count,mean,sd,max'];
  const row = (model: string, set: string, t: string, s: DistanceSummary) =>
    rows.push([model, set, t, s.count, s.mean, s.sd, s.max].join(','));
  for (const m of models) {
    for (const set of SETS) row(m.model, set, '', m[set]);
    for (const { t, ...s } of m.interpolation) row(m.model, 'interpolation', String(Number(t.toFixed(4))), s);
  }
  return `${rows.join('\n')}\n`;
}

/** Two fixed-width tables: mean distance per set, and per t along the interpolations. */
export function generationTable(models: readonly ModelDistances[]): string {
  const sets = fixedWidthTable(
    ['model', 'reconstruction', 'path ends t=0,1', 'path 0<t<1', 'mvg samples', 'gmm samples', 'pca grid'],
    models.map((m) => [
      m.label,
      ...[m.reconstruction, m.interpolationEnds, m.interpolationInterior, m.mvg, m.gmm, m.pca].map((s) => s.mean.toFixed(4)),
    ]),
  );
  const ts = models[0]?.interpolation.map(({ t }) => `t=${Number(t.toFixed(2))}`) ?? [];
  const path = fixedWidthTable(['model', ...ts], models.map((m) => [m.label, ...m.interpolation.map((s) => s.mean.toFixed(4))]));
  return `Mean distance from the nearest clean shape image (RMSE, pixel values in [0, 1]):\n${sets}\nAlong Figure 3's interpolation paths (mean over pairs):\n${path}`;
}
