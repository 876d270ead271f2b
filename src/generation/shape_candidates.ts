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
 * rasteriser; for 'half-squares' the squares' sizes are the range's halves,
 * rounded down, each once. Cached per drawing options.
 *
 * @throws For 'two-shapes', whose images hold two shapes.
 * @internal
 */
export function shapeCandidates({ imageSize, centerRange, sizeRange, variant }: ResolvedShapeOptions): ShapeCandidate[] {
  if (variant === 'two-shapes') {
    throw new Error("`variant` must draw one shape per image ('paper' or 'half-squares'), but got 'two-shapes'");
  }
  const key = JSON.stringify([imageSize, centerRange, sizeRange, variant]);
  let candidates = cache.get(key);
  if (candidates === undefined) {
    candidates = [];
    const canvas = new Float32Array(imageSize * imageSize * 3);
    for (const kind of ['circle', 'square'] as const) {
      const sizes = candidateSizes(sizeRange, kind === 'square' && variant === 'half-squares');
      for (let cy = centerRange[0]; cy <= centerRange[1]; cy++) {
        for (let cx = centerRange[0]; cx <= centerRange[1]; cx++) {
          for (const size of sizes) {
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

/** The sizes a kind takes: the range, or its distinct halves rounded down (as sampleImageFactors halves squares). */
function candidateSizes([low, high]: readonly [number, number], halved: boolean): number[] {
  const sizes = Array.from({ length: high - low + 1 }, (_, i) => low + i);
  return halved ? [...new Set(sizes.map((size) => Math.floor(size / 2)))] : sizes;
}

function coveredPixels(canvas: Float32Array): Int32Array {
  const pixels: number[] = [];
  for (let p = 0; p < canvas.length / 3; p++) if (canvas[p * 3] === 1) pixels.push(p);
  return Int32Array.from(pixels);
}
