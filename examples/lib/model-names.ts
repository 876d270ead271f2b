/**
 * The five models of the paper's Figures 2 and 3, by the names the presets
 * use, with the labels the figures print.
 */
export const FIGURE_MODEL_NAMES = ['ae', 'ae-l1', 'ae-l2', 'irmae-l2', 'irmae-l4'] as const;

export type FigureModelName = (typeof FIGURE_MODEL_NAMES)[number];

/** Labels as the paper's legends write them. */
export const MODEL_LABELS: Readonly<Record<FigureModelName, string>> = {
  ae: 'AE',
  'ae-l1': 'AE+L1',
  'ae-l2': 'AE+L2',
  'irmae-l2': 'IRMAE l=2',
  'irmae-l4': 'IRMAE l=4',
};
