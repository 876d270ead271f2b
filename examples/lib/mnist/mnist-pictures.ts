/**
 * The MNIST reproduction's pictures: the interpolations as Figure 3 lays
 * them out (a block per test pair, a row per model), and labelled panels of
 * the models side by side for reconstructions, samples and PCA grids.
 */
import { figure3Png, labelledMosaicSvg, svgText, type InterpolationBlock } from '../figure3-grid';
import { gridLayout, paintGrid } from '../image-grid';
import type { Images } from '../latent-sampling';
import { svgToPng } from '../render';

const SIZE = 32;
const SCALE = 2;
const PANEL_GAP = 16;
const TITLE_HEIGHT = 22;

/** A grey HWC [32, 32, 1] image as the RGB [32, 32, 3] the mosaics paint. */
export function greyToRgb(image: Float32Array): Float32Array {
  const rgb = new Float32Array(image.length * 3);
  image.forEach((value, i) => rgb.fill(value, 3 * i, 3 * i + 3));
  return rgb;
}

/** One model's interpolations between the test pairs. */
export interface InterpolationSeries {
  label: string;
  /** interpolations[pair][step], grey images. */
  interpolations: Images[];
}

/**
 * The interpolation picture: for each test pair, the two real digits and
 * each model's decoded path between their codes.
 *
 * @param digits The test digits, grey HWC images, indexed as the pairs are.
 */
export function interpolationPng(
  pairs: ReadonlyArray<readonly [number, number]>,
  digits: (index: number) => Float32Array,
  series: readonly InterpolationSeries[],
  ts: readonly number[],
): Buffer {
  const blocks: InterpolationBlock[] = pairs.map((indices, p) => ({
    first: greyToRgb(digits(indices[0])),
    last: greyToRgb(digits(indices[1])),
    indices,
    rows: series.map((s) => ({ label: s.label, images: s.interpolations[p].map(greyToRgb) })),
  }));
  return figure3Png(blocks, { ts, imageHeight: SIZE, imageWidth: SIZE, scale: 2, setName: 'test digits' });
}

/** A titled grid of grey images. */
export interface Panel {
  title: string;
  /** Row-major, `columns` a row. */
  images: Images;
}

/**
 * Panels side by side, each titled, the models' grids of the same kind for
 * comparison (e.g. their PCA traversals).
 *
 * @param columns Images per row of every panel.
 */
export function panelsPng(panels: readonly Panel[], columns: number): Buffer {
  const rows = Math.max(...panels.map((panel) => Math.ceil(panel.images.length / columns)));
  const extraColumnGap = Object.fromEntries(panels.slice(1).map((_, p) => [(p + 1) * columns, PANEL_GAP]));
  const layout = gridLayout({
    rows,
    columns: panels.length * columns,
    imageHeight: SIZE,
    imageWidth: SIZE,
    scale: SCALE,
    gap: 2,
    extraColumnGap,
    margin: { left: 6, top: TITLE_HEIGHT, right: 6, bottom: 6 },
  });
  const cells = Array.from({ length: rows }, (_, r) =>
    panels.flatMap((panel) =>
      Array.from({ length: columns }, (_, c) => {
        const image = panel.images[r * columns + c];
        return image === undefined ? null : greyToRgb(image);
      }),
    ),
  );
  const text = panels.map((panel, p) => svgText(layout.columnX[p * columns], TITLE_HEIGHT - 7, panel.title, 'start', 13, true));
  return svgToPng(labelledMosaicSvg(paintGrid(layout, cells), text), 1);
}
