import { describe, expect, it } from 'vitest';
import { circleHalfWidths, drawShape } from '../../src/datasets/rasterize';
import type { ShapeFactors } from '../../src/datasets';

/**
 * Filled-circle masks printed by OpenCV 4.6 (Debian python3-opencv):
 * `img = np.zeros((20, 20), np.float32); cv2.circle(img, (10, 10), r, 1.0, -1)`,
 * rows 10 - r .. 10 + r, columns 10 - r .. 10 + r, '#' where the pixel is set.
 */
const CV2_CIRCLES: Record<number, string> = {
  3: `
...#...
.#####.
.#####.
#######
.#####.
.#####.
...#...`,
  4: `
....#....
..#####..
.#######.
.#######.
#########
.#######.
.#######.
..#####..
....#....`,
  5: `
.....#.....
..#######..
.#########.
.#########.
.#########.
###########
.#########.
.#########.
.#########.
..#######..
.....#.....`,
  6: `
......#......
...#######...
..#########..
.###########.
.###########.
.###########.
#############
.###########.
.###########.
.###########.
..#########..
...#######...
......#......`,
  7: `
.......#.......
....#######....
...#########...
..###########..
.#############.
.#############.
.#############.
###############
.#############.
.#############.
.#############.
..###########..
...#########...
....#######....
.......#.......`,
  8: `
........#........
.....#######.....
...###########...
..#############..
..#############..
.###############.
.###############.
.###############.
#################
.###############.
.###############.
.###############.
..#############..
..#############..
...###########...
.....#######.....
........#........`,
};

const COLOUR = { r: 0.25, g: 0.5, b: 0.75 };

function draw(imageSize: number, shape: Omit<ShapeFactors, 'r' | 'g' | 'b'>): Float32Array {
  const pixels = new Float32Array(imageSize * imageSize * 3);
  drawShape(pixels, 0, imageSize, { ...shape, ...COLOUR });
  return pixels;
}

/** '#' / '.' rows of the window [x0, x1] x [y0, y1], after checking every set pixel holds COLOUR. */
function maskOf(pixels: Float32Array, imageSize: number, x0: number, x1: number, y0: number, y1: number): string {
  const rows: string[] = [];
  for (let y = y0; y <= y1; y++) {
    let row = '';
    for (let x = x0; x <= x1; x++) {
      const o = (y * imageSize + x) * 3;
      const px = [pixels[o], pixels[o + 1], pixels[o + 2]];
      if (px[0] === 0 && px[1] === 0 && px[2] === 0) row += '.';
      else if (px[0] === 0.25 && px[1] === 0.5 && px[2] === 0.75) row += '#';
      else row += '?';
    }
    rows.push(row);
  }
  return '\n' + rows.join('\n');
}

function countSet(pixels: Float32Array): number {
  let n = 0;
  for (let o = 0; o < pixels.length; o += 3) if (pixels[o] !== 0) n++;
  return n;
}

describe('drawShape', () => {
  for (const radius of [3, 4, 5, 6, 7, 8]) {
    it(`draws cv2.circle's filled mask of radius ${radius}`, () => {
      const pixels = draw(20, { kind: 'circle', cx: 10, cy: 10, size: radius });
      expect(maskOf(pixels, 20, 10 - radius, 10 + radius, 10 - radius, 10 + radius)).toBe(CV2_CIRCLES[radius]);
      // Nothing outside the circle's bounding box.
      expect(countSet(pixels)).toBe((CV2_CIRCLES[radius].match(/#/g) ?? []).length);
    });
  }

  it('gives the pinned masks the half-widths of their rows', () => {
    // Row 10 + dy of the radius-8 mask is set from 10 - w to 10 + w.
    expect(Array.from(circleHalfWidths(8))).toEqual([8, 7, 7, 7, 6, 6, 5, 3, 0]);
    expect(Array.from(circleHalfWidths(0))).toEqual([0]);
  });

  it('fills cv2.rectangle((cx, cy), (cx + size, cy + size)): size + 1 pixels per side', () => {
    const pixels = draw(12, { kind: 'square', cx: 3, cy: 5, size: 4 });
    expect(maskOf(pixels, 12, 0, 11, 0, 11)).toBe(`
............
............
............
............
............
...#####....
...#####....
...#####....
...#####....
...#####....
............
............`);
  });

  it('clips a square at the border as OpenCV does (corner 24 + size 8 reaches pixel 32)', () => {
    // cv2.rectangle(img32, (24, 24), (32, 32), 1, -1) sets rows and columns 24..31: 64 pixels.
    const pixels = draw(32, { kind: 'square', cx: 24, cy: 24, size: 8 });
    expect(countSet(pixels)).toBe(64);
    expect(maskOf(pixels, 32, 23, 31, 23, 31)).toBe('\n' + ['.........', ...Array(8).fill('.########')].join('\n'));
  });

  it('clips circles at the border as OpenCV does', () => {
    // Set pixels per row, from cv2.circle(np.zeros((32, 32), np.float32), (cx, cy), r, 1.0, -1).sum(axis=1).
    const cases: Array<[number, number, number, number[]]> = [
      [24, 24, 8, [...Array(16).fill(0), 1, 7, 11, 13, 13, 15, 15, 15, 16, 15, 15, 15, 13, 13, 11, 7]],
      [30, 2, 8, [9, 9, 10, 9, 9, 9, 8, 8, 7, 5, 1, ...Array(21).fill(0)]],
      [0, 31, 5, [...Array(26).fill(0), 1, 4, 5, 5, 5, 6]],
    ];
    for (const [cx, cy, size, rowCounts] of cases) {
      const pixels = draw(32, { kind: 'circle', cx, cy, size });
      const counts = Array.from({ length: 32 }, (_, y) => {
        let n = 0;
        for (let x = 0; x < 32; x++) if (pixels[(y * 32 + x) * 3] !== 0) n++;
        return n;
      });
      expect(counts).toEqual(rowCounts);
    }
  });

  it('draws into the image at the given offset only', () => {
    const pixels = new Float32Array(2 * 8 * 8 * 3);
    drawShape(pixels, 8 * 8 * 3, 8, { kind: 'square', cx: 0, cy: 0, size: 0, ...COLOUR });
    expect(countSet(pixels.subarray(0, 192))).toBe(0);
    expect(Array.from(pixels.subarray(192, 195))).toEqual([0.25, 0.5, 0.75]);
    expect(countSet(pixels)).toBe(1);
  });
});
