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
    const offset = image * SIZE * SIZE * channels;
    for (let p = 0; p < SIZE * SIZE; p++) {
      for (let c = 0; c < 3; c++) tile.data[4 * p + c] = Math.round(255 * pixels[offset + channels * p + (channels === 1 ? 0 : c)]);
      tile.data[4 * p + 3] = 255;
    }
    scratchContext.putImageData(tile, 0, 0);
    const x = (image % columns) * (SIZE * scale + gap);
    const y = Math.floor(image / columns) * (SIZE * scale + gap);
    context.drawImage(scratch, x, y, SIZE * scale, SIZE * scale);
  }
}

/** The `index`-th 32 x 32 x `channels` image of a batch. */
export function imageAt(pixels: Float32Array, index: number, channels = 3): Float32Array {
  const length = SIZE * SIZE * channels;
  return pixels.subarray(index * length, (index + 1) * length);
}
