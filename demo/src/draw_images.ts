const SIZE = 32;

/**
 * Draws 32 x 32 RGB or grey images (values in [0, 1], NHWC) in a grid on a
 * canvas, each scaled up by `scale` with crisp pixels.
 *
 * @param canvas Target; resized to fit the grid.
 * @param pixels `count * 32 * 32 * channels` values.
 * @param columns Images per row.
 * @param scale Screen pixels per image pixel.
 * @param channels 3 (RGB) or 1 (grey). Default 3.
 */
export function drawImages(canvas: HTMLCanvasElement, pixels: Float32Array, columns: number, scale: number, channels = 3): void {
  const count = pixels.length / (SIZE * SIZE * channels);
  const rows = Math.ceil(count / columns);
  const gap = 2;
  const width = columns * (SIZE * scale + gap) - gap;
  const height = rows * (SIZE * scale + gap) - gap;
  // Resizing clears and reallocates the canvas; every tile is redrawn anyway.
  if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
  const context = canvas.getContext('2d')!;
  context.imageSmoothingEnabled = false;
  const tile = new ImageData(SIZE, SIZE);
  const scratchContext = tileCanvas();
  for (let image = 0; image < count; image++) {
    const offset = image * SIZE * SIZE * channels;
    for (let p = 0; p < SIZE * SIZE; p++) {
      for (let c = 0; c < 3; c++) tile.data[4 * p + c] = Math.round(255 * pixels[offset + channels * p + (channels === 1 ? 0 : c)]);
      tile.data[4 * p + 3] = 255;
    }
    scratchContext.putImageData(tile, 0, 0);
    const x = (image % columns) * (SIZE * scale + gap);
    const y = Math.floor(image / columns) * (SIZE * scale + gap);
    context.drawImage(scratchContext.canvas, x, y, SIZE * scale, SIZE * scale);
  }
}

let scratch: CanvasRenderingContext2D | undefined;

/** One 32 x 32 canvas that every tile passes through on its way to being scaled. */
function tileCanvas(): CanvasRenderingContext2D {
  if (scratch === undefined) {
    const canvas = document.createElement('canvas');
    canvas.width = SIZE;
    canvas.height = SIZE;
    scratch = canvas.getContext('2d')!;
  }
  return scratch;
}

/** The `index`-th 32 x 32 x `channels` image of a batch. */
export function imageAt(pixels: Float32Array, index: number, channels = 3): Float32Array {
  const length = SIZE * SIZE * channels;
  return pixels.subarray(index * length, (index + 1) * length);
}
