/**
 * A mosaic of small RGB images on a pixel grid, upscaled by pixel repetition
 * (nearest neighbour) so that 32x32 images stay sharp and can be read.
 */

/** Where each cell of a grid lies, in output pixels. */
export interface GridLayout {
  width: number;
  height: number;
  /** Left edge of each column. */
  columnX: number[];
  /** Top edge of each row. */
  rowY: number[];
  /** Source image size and its upscaling factor. */
  imageWidth: number;
  imageHeight: number;
  scale: number;
}

export interface GridLayoutOptions {
  rows: number;
  columns: number;
  /** Source image size in pixels. */
  imageHeight: number;
  imageWidth: number;
  /** Each source pixel becomes a scale x scale block. Default 3. */
  scale?: number;
  /** Gap between neighbouring cells. Default 2. */
  gap?: number;
  /** Extra space before column j (index j), e.g. to set off reference images. */
  extraColumnGap?: Readonly<Record<number, number>>;
  /** Extra space before row i (index i), e.g. between blocks of rows. */
  extraRowGap?: Readonly<Record<number, number>>;
  /** Space around the whole grid: left, top, right, bottom. Default 0. */
  margin?: { left?: number; top?: number; right?: number; bottom?: number };
}

/** Computes the cell positions of a grid. */
export function gridLayout(options: GridLayoutOptions): GridLayout {
  const { rows, columns, imageHeight, imageWidth, scale = 3, gap = 2 } = options;
  const { extraColumnGap = {}, extraRowGap = {}, margin = {} } = options;
  for (const [name, value] of Object.entries({ rows, columns, imageHeight, imageWidth, scale })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`\`${name}\` must be a positive integer, but got ${value}`);
  }
  const cellWidth = imageWidth * scale;
  const cellHeight = imageHeight * scale;
  const edges = (count: number, cell: number, start: number, extra: Readonly<Record<number, number>>) => {
    const positions: number[] = [];
    let position = start;
    for (let i = 0; i < count; i++) {
      position += extra[i] ?? 0;
      positions.push(position);
      position += cell + gap;
    }
    return { positions, end: position - gap };
  };
  const columnEdges = edges(columns, cellWidth, margin.left ?? 0, extraColumnGap);
  const rowEdges = edges(rows, cellHeight, margin.top ?? 0, extraRowGap);
  return {
    width: columnEdges.end + (margin.right ?? 0),
    height: rowEdges.end + (margin.bottom ?? 0),
    columnX: columnEdges.positions,
    rowY: rowEdges.positions,
    imageWidth,
    imageHeight,
    scale,
  };
}

/** An RGBA picture, 8 bits per channel, rows top to bottom. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Paints images into the cells of a layout.
 *
 * @param cells cells[row][column]: an HWC RGB image of imageHeight x
 *   imageWidth x 3 floats, clamped to [0, 1]; `null` leaves the cell empty.
 * @param background RGB bytes of everything outside the images. Default white.
 */
export function paintGrid(
  layout: GridLayout,
  cells: ReadonlyArray<ReadonlyArray<Float32Array | null>>,
  background: readonly [number, number, number] = [255, 255, 255],
): RgbaImage {
  const { width, height } = layout;
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...background, 255], i * 4);
  cells.forEach((row, r) =>
    row.forEach((image, c) => {
      if (image !== null) paintCell(data, width, layout, image, layout.columnX[c], layout.rowY[r]);
    }),
  );
  return { width, height, data };
}

function paintCell(data: Uint8Array, width: number, layout: GridLayout, image: Float32Array, left: number, top: number) {
  const { imageWidth, imageHeight, scale } = layout;
  if (image.length !== imageHeight * imageWidth * 3) {
    throw new Error(
      `each image must hold ${imageHeight} x ${imageWidth} x 3 = ${imageHeight * imageWidth * 3} values, but one holds ${image.length}`,
    );
  }
  for (let y = 0; y < imageHeight * scale; y++) {
    const sourceRow = Math.floor(y / scale);
    for (let x = 0; x < imageWidth * scale; x++) {
      const source = (sourceRow * imageWidth + Math.floor(x / scale)) * 3;
      const target = ((top + y) * width + left + x) * 4;
      for (let channel = 0; channel < 3; channel++) {
        data[target + channel] = toByte(image[source + channel]);
      }
    }
  }
}

/** [0, 1] float to a byte; out-of-range decoder outputs (tanh) are clamped. */
export function toByte(value: number): number {
  if (!(value > 0)) return 0;
  if (value >= 1) return 255;
  return Math.round(value * 255);
}
