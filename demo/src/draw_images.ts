const SIZE = 32;
const CHANNELS = 3;

/**
 * Draws 32 x 32 RGB images (values in [0, 1], NHWC) in a grid on a canvas,
 * each scaled up by `scale` with crisp pixels.
 *
 * @param canvas Target; resized to fit the grid.
 * @param pixels `count * 32 * 32 * 3` values.
 * @param columns Images per row.
 * @param scale Screen pixels per image pixel.
 */
export function drawImages(canvas: HTMLCanvasElement, pixels: Float32Array, columns: number, scale: number): void {
  const count = pixels.length / (SIZE * SIZE * CHANNELS);
  const rows = Math.ceil(count / columns);
  const gap = 2;
  canvas.width = columns * (SIZE * scale + gap) - gap;
  canvas.height = rows * (SIZE * scale + gap) - gap;
  const context = canvas.getContext('2d')!;
  context.imageSmoothingEnabled = false;
  const tile = new ImageData(SIZE, SIZE);
  const scratch = document.createElement('canvas');
  scratch.width = SIZE;
  scratch.height = SIZE;
  const scratchContext = scratch.getContext('2d')!;
  for (let image = 0; image < count; image++) {
    const offset = image * SIZE * SIZE * CHANNELS;
    for (let p = 0; p < SIZE * SIZE; p++) {
      for (let c = 0; c < CHANNELS; c++) tile.data[4 * p + c] = Math.round(255 * pixels[offset + CHANNELS * p + c]);
      tile.data[4 * p + 3] = 255;
    }
    scratchContext.putImageData(tile, 0, 0);
    const x = (image % columns) * (SIZE * scale + gap);
    const y = Math.floor(image / columns) * (SIZE * scale + gap);
    context.drawImage(scratch, x, y, SIZE * scale, SIZE * scale);
  }
}

/** The `index`-th 32 x 32 x 3 image of a batch. */
export function imageAt(pixels: Float32Array, index: number): Float32Array {
  const length = SIZE * SIZE * CHANNELS;
  return pixels.subarray(index * length, (index + 1) * length);
}
