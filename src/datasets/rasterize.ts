import type { ShapeFactors } from './shape_options';

/**
 * Filled shapes with OpenCV's pixel semantics, written straight into an NHWC
 * float32 buffer (3 channels).
 *
 * @internal
 */

const halfWidthCache = new Map<number, Int32Array>();

/**
 * Half-widths of OpenCV's filled circle of radius `radius`: row `cy + dy` is
 * set from `cx - w` to `cx + w` inclusive, `w = halfWidths[|dy|]`.
 *
 * This is the span walk of OpenCV's `Circle()` (imgproc/drawing.cpp), which
 * `cv.circle` uses for thickness -1 with the default LINE_8 and shift 0: a
 * midpoint circle whose octant points (dx, dy) fill the rows ±dy with
 * half-width dx and the rows ±dx with half-width dy. Its masks for radii 3..8
 * are pinned against `cv2.circle` in the tests; for radii 0..24 at every
 * centre, clipped or not, the port matched cv2 4.6 pixel for pixel.
 */
export function circleHalfWidths(radius: number): Int32Array {
  let widths = halfWidthCache.get(radius);
  if (widths === undefined) {
    widths = new Int32Array(radius + 1).fill(-1);
    let err = 0;
    let dx = radius;
    let dy = 0;
    let plus = 1;
    let minus = (radius << 1) - 1;
    while (dx >= dy) {
      widths[dy] = Math.max(widths[dy], dx);
      widths[dx] = Math.max(widths[dx], dy);
      dy++;
      err += plus;
      plus += 2;
      const mask = (err <= 0 ? 1 : 0) - 1; // -1 when the walk steps inward
      err -= minus & mask;
      dx += mask;
      minus -= mask & 2;
    }
    halfWidthCache.set(radius, widths);
  }
  return widths;
}

/** Sets pixels x0..x1 (inclusive, already clipped) of one row to (r, g, b). */
function fillSpan(
  pixels: Float32Array,
  rowOffset: number,
  x0: number,
  x1: number,
  r: number,
  g: number,
  b: number,
): void {
  for (let o = rowOffset + x0 * 3, end = rowOffset + x1 * 3; o <= end; o += 3) {
    pixels[o] = r;
    pixels[o + 1] = g;
    pixels[o + 2] = b;
  }
}

/**
 * Draws one shape into the image starting at `imageOffset` (an index into
 * `pixels`) of a `size` x `size` x 3 NHWC buffer, clipped at the border.
 */
export function drawShape(
  pixels: Float32Array,
  imageOffset: number,
  imageSize: number,
  shape: ShapeFactors,
): void {
  const { cx, cy, size, r, g, b } = shape;
  const rowStride = imageSize * 3;
  const last = imageSize - 1;
  if (shape.kind === 'square') {
    const x0 = Math.max(cx, 0);
    const x1 = Math.min(cx + size, last);
    for (let y = Math.max(cy, 0), y1 = Math.min(cy + size, last); y <= y1; y++) {
      if (x0 <= x1) fillSpan(pixels, imageOffset + y * rowStride, x0, x1, r, g, b);
    }
    return;
  }
  const widths = circleHalfWidths(size);
  for (let y = Math.max(cy - size, 0), y1 = Math.min(cy + size, last); y <= y1; y++) {
    const w = widths[Math.abs(y - cy)];
    const x0 = Math.max(cx - w, 0);
    const x1 = Math.min(cx + w, last);
    if (x0 <= x1) fillSpan(pixels, imageOffset + y * rowStride, x0, x1, r, g, b);
  }
}
