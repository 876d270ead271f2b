import { drawShape } from '../datasets/rasterize';
import type { ResolvedShapeOptions, ShapeFactors } from '../datasets/shape_options';

/** One clean shape without its colour: its factors and the pixels it covers. */
export interface ShapeCandidate {
  factors: Pick<ShapeFactors, 'kind' | 'cx' | 'cy' | 'size'>;
  /** Indices (y * imageSize + x) of the covered pixels. */
  pixels: Int32Array;
}

const cache = new Map<string, ShapeCandidate[]>();

/**
 * Every shape the generator can draw, colour aside: both kinds at every
 * integer centre and size of the options' ranges (2 · 17 · 17 · 6 = 3468 for
 * the paper's), each with its pixel mask drawn by the data set's own
 * rasteriser. Cached per drawing options.
 *
 * @internal
 */
export function shapeCandidates({ imageSize, centerRange, sizeRange }: ResolvedShapeOptions): ShapeCandidate[] {
  const key = JSON.stringify([imageSize, centerRange, sizeRange]);
  let candidates = cache.get(key);
  if (candidates === undefined) {
    candidates = [];
    const canvas = new Float32Array(imageSize * imageSize * 3);
    for (const kind of ['circle', 'square'] as const) {
      for (let cy = centerRange[0]; cy <= centerRange[1]; cy++) {
        for (let cx = centerRange[0]; cx <= centerRange[1]; cx++) {
          for (let size = sizeRange[0]; size <= sizeRange[1]; size++) {
            const factors = { kind, cx, cy, size };
            drawShape(canvas, 0, imageSize, { ...factors, r: 1, g: 1, b: 1 });
            candidates.push({ factors, pixels: coveredPixels(canvas) });
            canvas.fill(0);
          }
        }
      }
    }
    cache.set(key, candidates);
  }
  return candidates;
}

function coveredPixels(canvas: Float32Array): Int32Array {
  const pixels: number[] = [];
  for (let p = 0; p < canvas.length / 3; p++) if (canvas[p * 3] === 1) pixels.push(p);
  return Int32Array.from(pixels);
}
