/**
 * Moving or fading against training: the mean dip and the share of paths
 * with a jump (see `summarizePaths`) of each model, read from the
 * shape-paths.json files of runs of different lengths, as a table and a
 * two-panel vega-lite chart against images per model.
 */
import type { TopLevelSpec } from 'vega-lite';
import { SPECTRUM_COLOURS } from './figure2-chart';
import { fixedWidthTable } from './fixed-width-table';
import { SHAPE_MODEL_NAMES } from './model-names';
import type { PathSummary } from './shape-paths';
import { CHART_FONT } from './render';

/** One model's summary after one run's training. */
export interface MotionPoint {
  /** The model's name, e.g. 'irmae-l2'. */
  model: string;
  label: string;
  /** Training images per model: training set size times epochs. */
  images: number;
  meanDip: number;
  /** Null when no path travels far enough to judge. */
  jumpShare: number | null;
}

/** What {@link motionPoints} reads of a shape-paths.json file. */
export interface ShapePathsFile {
  run: { trainSize: number; epochs: number };
  models: Array<{ model: string; label: string; summary: PathSummary }>;
}

/** Every model's point of every file, in the files' order. */
export function motionPoints(files: readonly ShapePathsFile[]): MotionPoint[] {
  return files.flatMap(({ run, models }) =>
    models.map(({ model, label, summary }) => ({ model, label, images: run.trainSize * run.epochs, meanDip: summary.meanDip, jumpShare: summary.jumpShare })),
  );
}

/**
 * Two panels side by side, mean dip and share of paths with a jump, each
 * against images per model on a log axis, one line per model.
 *
 * @throws When `points` is empty.
 */
export function motionTrendSpec(points: readonly MotionPoint[], subtitle?: string): TopLevelSpec {
  if (points.length === 0) throw new Error('`points` must hold at least one model after one run, but got none');
  const images = [...new Set(points.map((p) => p.images))].sort((a, b) => a - b);
  const x = {
    field: 'images',
    type: 'quantitative' as const,
    title: 'Training images per model',
    scale: { type: 'log' as const },
    axis: { values: images, format: '~s' },
  };
  // Each model in its colour of Figure 2 and the rank-family chart.
  const models = SHAPE_MODEL_NAMES.filter((name) => points.some((p) => p.model === name));
  const color = {
    field: 'label',
    type: 'nominal' as const,
    title: null,
    scale: {
      domain: models.map((name) => points.find((p) => p.model === name)!.label),
      range: models.map((name) => SPECTRUM_COLOURS[SHAPE_MODEL_NAMES.indexOf(name)]),
    },
    legend: { orient: 'bottom' as const, direction: 'horizontal' as const, symbolType: 'stroke' },
  };
  const panel = (field: keyof MotionPoint, axisTitle: string) => ({
    width: 300,
    height: 220,
    mark: { type: 'line' as const, point: { size: 40 }, strokeWidth: 2 },
    encoding: { x, y: { field, type: 'quantitative' as const, title: axisTitle, scale: { domain: [0, 1] } }, color },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: "Figure 3's paths against training", subtitle, offset: 16 },
    data: { values: [...points] },
    config: { font: CHART_FONT, view: { stroke: '#888' } },
    hconcat: [
      panel('meanDip', 'fading: mean dip (0 moves, 0.5 cross-fades)'),
      panel('jumpShare', 'replacing: share of paths with a jump'),
    ],
  } as TopLevelSpec;
}

/** One row per model and run: images, mean dip, share with a jump. */
export function motionTable(points: readonly MotionPoint[]): string {
  return fixedWidthTable(
    ['model', 'images per model', 'mean dip', 'share with a jump'],
    points.map((p) => [p.label, p.images.toLocaleString('en-US'), p.meanDip.toFixed(3), p.jumpShare === null ? '-' : p.jumpShare.toFixed(2)]),
  );
}
