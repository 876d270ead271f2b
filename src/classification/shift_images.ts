import * as tf from '@tensorflow/tfjs';

import { CounterStream } from '../random/counter_stream';

/**
 * The whole-pixel offsets of seeded shift augmentation: row `row` of epoch
 * `epoch` moves by `(dy, dx)`, each uniform in [-maxShift, maxShift], drawn
 * from the {@link CounterStream} of `key` as draws `2 row` and `2 row + 1`.
 * A row's offset depends on the row, not on where the shuffle put it.
 *
 * @param rows The rows of the batch, indices into the training set.
 * @param key Key of the epoch's stream, from `streamSeed`.
 * @param maxShift The largest offset, pixels, a non-negative integer.
 * @returns `[dy0, dx0, dy1, dx1, ...]`, one pair per row.
 * @internal
 */
export function shiftOffsets(rows: Uint32Array, key: number, maxShift: number): Int32Array {
  const stream = new CounterStream(key);
  const offsets = new Int32Array(2 * rows.length);
  rows.forEach((row, i) => {
    offsets[2 * i] = stream.integerBelow(2 * row, 2 * maxShift + 1) - maxShift;
    offsets[2 * i + 1] = stream.integerBelow(2 * row + 1, 2 * maxShift + 1) - maxShift;
  });
  return offsets;
}

/**
 * Images moved by whole pixels, each by its own offset, zeros where the
 * image moved away: `out[b, y, x] = images[b, y - dy_b, x - dx_b]`, or 0
 * outside the image. One padding and one gather for the whole batch.
 *
 * @param images NHWC `[batch, height, width, channels]`.
 * @param offsets `[dy0, dx0, dy1, dx1, ...]`, one pair per image, each at most `maxShift` in size.
 * @param maxShift The largest offset size, pixels.
 * @returns The shifted images, the shape of `images`.
 * @internal
 */
export function shiftImages(images: tf.Tensor4D, offsets: Int32Array, maxShift: number): tf.Tensor4D {
  const [batch, height, width, channels] = images.shape;
  return tf.tidy(() => {
    const padded = tf.pad(images, [[0, 0], [maxShift, maxShift], [maxShift, maxShift], [0, 0]]);
    const paddedHeight = height + 2 * maxShift;
    const paddedWidth = width + 2 * maxShift;
    const pixels = padded.reshape([batch * paddedHeight * paddedWidth, channels]);
    const indices = new Int32Array(batch * height * width);
    for (let b = 0; b < batch; b++) {
      const dy = offsets[2 * b];
      const dx = offsets[2 * b + 1];
      for (let y = 0; y < height; y++) {
        const source = (b * paddedHeight + y + maxShift - dy) * paddedWidth + maxShift - dx;
        const target = (b * height + y) * width;
        for (let x = 0; x < width; x++) indices[target + x] = source + x;
      }
    }
    return tf.gather(pixels, tf.tensor1d(indices, 'int32')).reshape([batch, height, width, channels]);
  });
}
