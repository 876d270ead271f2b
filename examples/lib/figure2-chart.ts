/**
 * Figure 2 as a vega-lite chart: normalised singular values of the latent
 * covariance against their rank, one line per model, the minimal rank of the
 * shape data as a dashed rule.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './render';

/** matplotlib's default colour cycle, as in the paper's plots: the figures' models take them in order. */
export const SPECTRUM_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'] as const;

/** One model's line. */
export interface SpectrumSeries {
  /** Legend label, e.g. 'IRMAE l=2'. */
  label: string;
  /** Singular values divided by the largest, descending. */
  spectrum: ArrayLike<number>;
  /** Roy and Vetterli's effective rank of the spectrum, shown in the legend. */
  effectiveRank: number;
}

export interface Figure2ChartOptions {
  /** The shape data's generative factors, drawn as a dashed rule; null draws none. Default 7. */
  minimalRank?: number | null;
  /** Top of the linear panel; the reference plot stops at 0.4. */
  linearMax?: number;
  /** Values below this are drawn at it on the log panel (log 0 is undefined). */
  logFloor?: number;
  /** The chart's title. Default 'Singular values of the latent covariance'. */
  title?: string;
  /** A line under the title, e.g. the budget. */
  subtitle?: string;
}

/** The legend entry of a model: its label and effective rank. */
export function legendLabel(series: SpectrumSeries): string {
  return `${series.label} (eff. rank ${series.effectiveRank.toFixed(2)})`;
}

/**
 * The vega-lite spec of Figure 2: a linear panel as in the paper (y from 0 to
 * 0.4, so the leading 1 leaves the plot as in the reference) and a log panel
 * that shows how far the tail falls.
 *
 * @returns A spec with one data point per model and rank (rank = index + 1).
 */
export function figure2Spec(series: readonly SpectrumSeries[], options: Figure2ChartOptions = {}): TopLevelSpec {
  const { minimalRank = 7, linearMax = 0.4, logFloor = 1e-7, title = 'Singular values of the latent covariance', subtitle } = options;
  if (series.length === 0) throw new Error('`series` must hold at least one model, but got none');
  const dim = Math.max(...series.map((s) => s.spectrum.length));
  const labels = series.map(legendLabel);
  const values = series.flatMap((s, i) =>
    Array.from(s.spectrum, (value, index) => ({
      model: labels[i],
      rank: index + 1,
      value,
      logValue: Math.max(value, logFloor),
    })),
  );
  const color = {
    field: 'model',
    type: 'nominal' as const,
    sort: labels,
    scale: { range: [...SPECTRUM_COLOURS] },
    title: null,
    legend: { orient: 'bottom' as const, direction: 'horizontal' as const, columns: 3, labelLimit: 400, symbolType: 'stroke' },
  };
  const x = {
    field: 'rank',
    type: 'quantitative' as const,
    title: 'Rank',
    scale: { domain: [0, dim], nice: false },
    axis: { tickMinStep: 1 },
  };
  const rule = {
    data: { values: [{ rank: minimalRank }] },
    layer: [
      {
        mark: { type: 'rule' as const, strokeDash: [6, 4], color: 'black', strokeWidth: 1.5 },
        encoding: { x: { field: 'rank', type: 'quantitative' as const } },
      },
      {
        mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 4, y: 4, fontSize: 11 },
        encoding: { x: { field: 'rank', type: 'quantitative' as const }, text: { value: `minimal rank ${minimalRank}` } },
      },
    ],
  };
  const panel = (y: object, title: string) => ({
    title,
    width: 420,
    height: 300,
    layer: [
      {
        mark: { type: 'line' as const, point: { size: 18 }, clip: true, strokeWidth: 2 },
        encoding: { x, y, color },
      },
      ...(minimalRank === null ? [] : [rule]),
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle },
    data: { values },
    config: { font: CHART_FONT, view: { stroke: '#888' } },
    resolve: { scale: { color: 'shared' } },
    hconcat: [
      panel(
        {
          field: 'value',
          type: 'quantitative',
          title: 'Singular value / largest',
          scale: { domain: [0, linearMax], clamp: false },
        },
        `As in the paper (y up to ${linearMax})`,
      ),
      panel(
        {
          field: 'logValue',
          type: 'quantitative',
          title: 'Singular value / largest (log)',
          scale: { type: 'log', domain: [logFloor, 1] },
          axis: { format: '.0e', values: decades(logFloor) },
        },
        'Log scale',
      ),
    ],
  } as TopLevelSpec;
}

/**
 * The rank regularizers' chart: Figure 2's panels with LoRAE's and RRAE's
 * spectra beside the paper's five models (whichever of them `series` holds).
 */
export function rankFamilySpec(series: readonly SpectrumSeries[], options: Omit<Figure2ChartOptions, 'title'> = {}): TopLevelSpec {
  return figure2Spec(series, { ...options, title: 'Singular values of the latent covariance: the rank regularizers' });
}

/** Powers of ten from 1 down to the floor: the log axis's ticks. */
function decades(floor: number): number[] {
  const count = Math.floor(-Math.log10(floor) + 1e-9);
  // Parsed from text so each tick is the exact double of its decimal (10 ** -i is not).
  return Array.from({ length: count + 1 }, (_, i) => Number(`1e-${i}`));
}
