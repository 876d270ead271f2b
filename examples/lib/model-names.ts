/**
 * The five models of the paper's Figures 2 and 3, by the presets' names, with
 * the labels the figures print.
 */
import { FIGURE_MODEL_NAMES, type FigureModelName } from 'irmae';

export { FIGURE_MODEL_NAMES, type FigureModelName };

/** Labels as the paper's legends write them. */
export const MODEL_LABELS: Readonly<Record<FigureModelName, string>> = {
  ae: 'AE',
  'ae-l1': 'AE+L1',
  'ae-l2': 'AE+L2',
  'irmae-l2': 'IRMAE l=2',
  'irmae-l4': 'IRMAE l=4',
};
