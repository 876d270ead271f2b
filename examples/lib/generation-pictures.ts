/**
 * The generation example's pictures: plain mosaics of decoded images,
 * 2x upscaled, one PNG per model and kind.
 */
import { encode } from 'fast-png';
import { gridLayout, paintGrid } from './image-grid';
import type { ModelGeneration } from './generation-model';

const IMAGE_SIZE = 32;
const SCALE = 2;

/** A mosaic of `images` in rows of `columns`, as PNG bytes. */
export function mosaicPng(images: readonly (Float32Array | null)[], columns: number, extraRowGap: Record<number, number> = {}): Uint8Array {
  const rows = Math.ceil(images.length / columns);
  const cells = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) => images[r * columns + c] ?? null),
  );
  const layout = gridLayout({
    rows,
    columns,
    imageHeight: IMAGE_SIZE,
    imageWidth: IMAGE_SIZE,
    scale: SCALE,
    gap: 2,
    extraRowGap,
    margin: { left: 4, top: 4, right: 4, bottom: 4 },
  });
  const pixels = paintGrid(layout, cells);
  return encode({ width: pixels.width, height: pixels.height, data: pixels.data, channels: 4 });
}

/** Rows of originals and of reconstructions in reconstructions.png, and rows of samples in mvg.png and gmm.png. */
const RECONSTRUCTION_ROWS = 4;
const SAMPLE_ROWS = 8;

/**
 * The four pictures of one model, by file name:
 * - reconstructions.png: rows of evaluation images, each followed by a row of their reconstructions;
 * - mvg.png, gmm.png: the first decoded samples of the Gaussian and of the mixture fitted to the codes;
 * - pca.png: the traversal grid, component 1 down the rows and component 2 across, -2 to +2 standard deviations.
 */
export function modelPictures(generation: ModelGeneration, columns: number, traversalSteps: number): Record<string, Uint8Array> {
  const interleaved: Float32Array[] = [];
  const gaps: Record<number, number> = {};
  const shown = Math.min(generation.originals.length, RECONSTRUCTION_ROWS * columns);
  for (let start = 0; start < shown; start += columns) {
    if (start > 0) gaps[interleaved.length / columns] = 8;
    const end = Math.min(start + columns, shown);
    interleaved.push(...padRow(generation.originals.slice(start, end), columns));
    interleaved.push(...padRow(generation.reconstructions.slice(start, end), columns));
  }
  return {
    'reconstructions.png': mosaicPng(interleaved, columns, gaps),
    'mvg.png': mosaicPng(generation.mvg.slice(0, SAMPLE_ROWS * columns), columns),
    'gmm.png': mosaicPng(generation.gmm.slice(0, SAMPLE_ROWS * columns), columns),
    'pca.png': mosaicPng(generation.pca, traversalSteps),
  };
}

/** A row filled up to `columns` with black images. */
function padRow(images: Float32Array[], columns: number): Float32Array[] {
  return [...images, ...Array.from({ length: columns - images.length }, () => new Float32Array(IMAGE_SIZE * IMAGE_SIZE * 3))];
}
