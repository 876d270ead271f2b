/**
 * Figure 3 as a picture: for each image pair, one row per model with the
 * first real image, the decoded interpolations at t = 0, 0.1, ..., 1 and the
 * second real image; row labels on the left, t values on top.
 */
import { encode } from 'fast-png';
import { gridLayout, paintGrid, type GridLayout, type RgbaImage } from './image-grid';
import { CHART_FONT, svgToPng } from './render';

/** The decoded interpolation of one model for one pair. */
export interface InterpolationRow {
  label: string;
  /** One HWC RGB image per t value. */
  images: Float32Array[];
}

/** One pair of real images and every model's interpolation between them. */
export interface InterpolationBlock {
  /** HWC RGB images in [0, 1]: the start and end of the path. */
  first: Float32Array;
  last: Float32Array;
  /** Indices of the pair in the evaluation set, shown in the block title. */
  indices: readonly [number, number];
  rows: InterpolationRow[];
}

export interface Figure3Options {
  /** The interpolation weights, shown as column headers. */
  ts: readonly number[];
  imageHeight: number;
  imageWidth: number;
  /** Upscaling factor of every image. Default 3. */
  scale?: number;
  /** What the pairs' indices count, in each block's title. Default 'evaluation images'. */
  setName?: string;
}

const LABEL_WIDTH = 110;
const HEADER_HEIGHT = 24;
const BLOCK_TITLE_HEIGHT = 22;
const REFERENCE_GAP = 10;
const GAP = 2;

/** The evenly spaced t = 0, 1/(steps-1), ..., 1 of the reference code. */
export function interpolationWeights(steps = 11): number[] {
  return Array.from({ length: steps }, (_, i) => i / (steps - 1));
}

/**
 * Lays the blocks out on one grid: columns are [first, t..., last], rows are
 * the blocks' model rows one after another, with room above each block for
 * its title.
 */
export function figure3Layout(blocks: readonly InterpolationBlock[], options: Figure3Options): GridLayout {
  const { ts, imageHeight, imageWidth, scale = 3 } = options;
  const extraRowGap: Record<number, number> = {};
  let row = 0;
  for (const block of blocks) {
    extraRowGap[row] = BLOCK_TITLE_HEIGHT + (row === 0 ? 0 : 2 * REFERENCE_GAP);
    row += block.rows.length;
  }
  return gridLayout({
    rows: row,
    columns: ts.length + 2,
    imageHeight,
    imageWidth,
    scale,
    gap: GAP,
    extraColumnGap: { 1: REFERENCE_GAP, [ts.length + 1]: REFERENCE_GAP },
    extraRowGap,
    margin: { left: LABEL_WIDTH, top: HEADER_HEIGHT, right: 8, bottom: 8 },
  });
}

/** The cells of the figure: each model row framed by the pair's real images. */
export function figure3Cells(blocks: readonly InterpolationBlock[]): (Float32Array | null)[][] {
  return blocks.flatMap((block) => block.rows.map((row) => [block.first, ...row.images, block.last]));
}

/**
 * The whole figure as SVG: the painted mosaic as one embedded PNG at 1:1,
 * with text for the labels.
 */
function figure3Svg(blocks: readonly InterpolationBlock[], options: Figure3Options): string {
  const { setName = 'evaluation images' } = options;
  const layout = figure3Layout(blocks, options);
  const cellWidth = layout.imageWidth * layout.scale;
  const cellHeight = layout.imageHeight * layout.scale;
  const text: string[] = [];
  const columnTitles = ['x\u2081', ...options.ts.map((t) => `t=${Number(t.toFixed(2))}`), 'x\u2082'];
  columnTitles.forEach((title, c) =>
    text.push(svgText(layout.columnX[c] + cellWidth / 2, HEADER_HEIGHT - 8, title, 'middle', 12)),
  );
  let row = 0;
  blocks.forEach((block, b) => {
    const titleY = layout.rowY[row] - 7;
    text.push(
      svgText(LABEL_WIDTH, titleY, `Pair ${b + 1}: ${setName} ${block.indices[0]} and ${block.indices[1]}`, 'start', 12, true),
    );
    for (const modelRow of block.rows) {
      text.push(svgText(LABEL_WIDTH - 8, layout.rowY[row] + cellHeight / 2 + 5, modelRow.label, 'end', 13));
      row++;
    }
  });
  return labelledMosaicSvg(paintGrid(layout, figure3Cells(blocks)), text);
}

/** A painted mosaic as SVG, embedded as one PNG at 1:1, under lines of text (see {@link svgText}). */
export function labelledMosaicSvg(pixels: RgbaImage, text: readonly string[]): string {
  const { width, height } = pixels;
  const png = Buffer.from(encode({ width, height, data: pixels.data, channels: 4 }));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<image x="0" y="0" width="${width}" height="${height}" style="image-rendering:pixelated" href="data:image/png;base64,${png.toString('base64')}"/>`,
    ...text,
    '</svg>',
  ].join('\n');
}

/** A line of text in the figures' font, for SVG. */
export function svgText(x: number, y: number, content: string, anchor: 'start' | 'middle' | 'end', size: number, bold = false): string {
  const weight = bold ? ' font-weight="bold"' : '';
  return `<text x="${x}" y="${y}" font-family="${CHART_FONT}" font-size="${size}"${weight} text-anchor="${anchor}">${escapeXml(content)}</text>`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Renders Figure 3 to PNG bytes at 1 output pixel per mosaic pixel. */
export function figure3Png(blocks: readonly InterpolationBlock[], options: Figure3Options): Buffer {
  return svgToPng(figure3Svg(blocks, options), 1);
}
