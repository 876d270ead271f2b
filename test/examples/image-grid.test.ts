import { describe, expect, it } from 'vitest';
import { decode } from 'fast-png';
import { gridLayout, paintGrid, toByte } from '../../examples/lib/image-grid';
import { figure3Cells, figure3Layout, figure3Png, interpolationWeights } from '../../examples/lib/figure3-grid';

/** A 2x2 RGB image whose pixel (y, x) has colour [a + y, b + x, c] / 10. */
function tinyImage(a: number, b: number, c: number): Float32Array {
  const image = new Float32Array(2 * 2 * 3);
  for (let y = 0; y < 2; y++) {
    for (let x = 0; x < 2; x++) image.set([(a + y) / 10, (b + x) / 10, c / 10], (y * 2 + x) * 3);
  }
  return image;
}

function pixel(data: Uint8Array, width: number, x: number, y: number): number[] {
  return Array.from(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));
}

describe('gridLayout', () => {
  it('places cells with gaps, extra gaps and margins', () => {
    // Columns: margin 5, cell 4 (2 px x scale 2), gap 1, extra 3 before column 1.
    const layout = gridLayout({
      rows: 2, columns: 3, imageHeight: 2, imageWidth: 2, scale: 2, gap: 1,
      extraColumnGap: { 1: 3 }, extraRowGap: { 1: 6 }, margin: { left: 5, top: 7, right: 2, bottom: 1 },
    });
    expect(layout.columnX).toEqual([5, 5 + 4 + 1 + 3, 5 + 4 + 1 + 3 + 4 + 1]);
    expect(layout.rowY).toEqual([7, 7 + 4 + 1 + 6]);
    expect(layout.width).toBe(18 + 4 + 2);
    expect(layout.height).toBe(18 + 4 + 1);
  });

  it('refuses a non-integer scale', () => {
    expect(() => gridLayout({ rows: 1, columns: 1, imageHeight: 2, imageWidth: 2, scale: 1.5 })).toThrow(
      '`scale` must be a positive integer, but got 1.5',
    );
  });
});

describe('paintGrid', () => {
  const layout = gridLayout({ rows: 1, columns: 2, imageHeight: 2, imageWidth: 2, scale: 2, gap: 1 });
  const painted = paintGrid(layout, [[tinyImage(1, 2, 3), null]], [9, 8, 7]);

  it('upscales by pixel repetition', () => {
    expect([painted.width, painted.height]).toEqual([9, 4]);
    // Source pixel (0, 0) = [0.1, 0.2, 0.3] -> bytes round(25.5)=26, 51, round(76.5)=77, over a 2x2 block.
    for (const [x, y] of [[0, 0], [1, 0], [0, 1], [1, 1]]) expect(pixel(painted.data, 9, x, y)).toEqual([26, 51, 77, 255]);
    // Source pixel (y=1, x=1) = [0.2, 0.3, 0.3] -> 51, round(76.5)=77, 77 at output (2..3, 2..3).
    expect(pixel(painted.data, 9, 3, 3)).toEqual([51, 77, 77, 255]);
    // Source pixel (y=0, x=1) = [0.1, 0.3, 0.3] at output x = 2..3, y = 0..1.
    expect(pixel(painted.data, 9, 2, 1)).toEqual([26, 77, 77, 255]);
  });

  it('leaves gaps and empty cells in the background colour', () => {
    expect(pixel(painted.data, 9, 4, 0)).toEqual([9, 8, 7, 255]);
    expect(pixel(painted.data, 9, 7, 2)).toEqual([9, 8, 7, 255]);
  });

  it('refuses images of the wrong size', () => {
    expect(() => paintGrid(layout, [[new Float32Array(5), null]])).toThrow(
      'each image must hold 2 x 2 x 3 = 12 values, but one holds 5',
    );
  });

  it('clamps decoder outputs outside [0, 1]', () => {
    expect([toByte(-0.3), toByte(Number.NaN), toByte(0.5), toByte(1.7)]).toEqual([0, 0, 128, 255]);
  });
});

describe('figure 3 grid', () => {
  const ts = interpolationWeights(3);
  const blocks = [1, 2].map((pair) => ({
    first: tinyImage(0, 0, pair),
    last: tinyImage(5, 5, pair),
    indices: [pair, pair + 10] as const,
    rows: ['A', 'B'].map((label, m) => ({ label, images: ts.map((_, i) => tinyImage(i, m, pair)) })),
  }));
  const options = { ts, imageHeight: 2, imageWidth: 2, scale: 1 };

  it('spaces t evenly from 0 to 1 with both ends', () => {
    expect(interpolationWeights()).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(interpolationWeights(3)).toEqual([0, 0.5, 1]);
  });

  it('frames each model row with the pair’s real images', () => {
    const cells = figure3Cells(blocks);
    expect(cells).toHaveLength(4);
    expect(cells.every((row) => row.length === 5)).toBe(true);
    expect(cells[2][0]).toBe(blocks[1].first);
    expect(cells[3][4]).toBe(blocks[1].last);
    expect(cells[3][2]).toBe(blocks[1].rows[1].images[1]);
  });

  it('renders the mosaic pixel-exact into the PNG', () => {
    const layout = figure3Layout(blocks, options);
    const png = decode(figure3Png(blocks, options));
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    const channels = png.channels;
    const at = (x: number, y: number) => Array.from(png.data.subarray((y * png.width + x) * channels, (y * png.width + x) * channels + 3));
    // Row 3 (pair 2, model B), column 2 (t = 0.5, image index 1): tinyImage(1, 1, 2),
    // whose pixel (y=1, x=0) is [0.2, 0.1, 0.2] -> [51, 26, 51].
    expect(at(layout.columnX[2], layout.rowY[3] + 1)).toEqual([51, 26, 51]);
    // Column 4 is the real last image tinyImage(5, 5, 2): pixel (0, 1) = [0.5, 0.6, 0.2].
    expect(at(layout.columnX[4] + 1, layout.rowY[3])).toEqual([128, 153, 51]);
  });
});
