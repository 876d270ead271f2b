/**
 * The shape reproduction's models: the five of the paper's Figures 2 and 3,
 * by the presets' names, then the two other rank regularizers, with the
 * labels the figures print.
 */
import { FIGURE_MODEL_NAMES, type FigureModelName } from 'irmae';

export { FIGURE_MODEL_NAMES, type FigureModelName };

/** LoRAE's and RRAE's models: trained only when `--models` names them, drawn in their own chart. */
export const RANK_FAMILY_NAMES = ['lorae', 'rrae'] as const;

/** Every model the shape reproduction trains, in the order the figures show them. */
export const SHAPE_MODEL_NAMES = [...FIGURE_MODEL_NAMES, ...RANK_FAMILY_NAMES] as const;
export type ShapeModelName = (typeof SHAPE_MODEL_NAMES)[number];

/**
 * RRAE's rank k on the shapes: 7, the data's minimal rank (x, y, size, r,
 * g, b and kind), as the RRAE paper sets k to a problem's known intrinsic
 * dimension. It also fits every training batch: 50,000 images in batches of
 * 32 leave 16, 6,000 in batches of 16 leave none.
 */
export const SHAPE_RRAE_RANK = 7;

/** Labels as the paper's legends write them. */
export const MODEL_LABELS: Readonly<Record<ShapeModelName, string>> = {
  ae: 'AE',
  'ae-l1': 'AE+L1',
  'ae-l2': 'AE+L2',
  'irmae-l2': 'IRMAE l=2',
  'irmae-l4': 'IRMAE l=4',
  lorae: 'LoRAE',
  rrae: `RRAE k=${SHAPE_RRAE_RANK}`,
};

/** Whether the model is one of the paper's five (Figure 2 draws only those). */
export function isFigureModel(name: string): name is FigureModelName {
  return (FIGURE_MODEL_NAMES as readonly string[]).includes(name);
}
