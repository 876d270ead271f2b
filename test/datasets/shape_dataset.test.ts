import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { generateShapes, shapeDataset, shapeEpochOrder, shapeImages, type ShapeBatch } from '../../src/datasets';

const IMAGE = 32 * 32 * 3;

/** One epoch: the batch sizes and all images concatenated; disposes every batch. */
async function readEpoch(dataset: tf.data.Dataset<ShapeBatch>): Promise<{ sizes: number[]; images: Float32Array }> {
  const sizes: number[] = [];
  const chunks: Float32Array[] = [];
  await dataset.forEachAsync(({ xs, ys }) => {
    expect(xs.shape.slice(1)).toEqual([32, 32, 3]);
    expect(ys.shape).toEqual(xs.shape);
    expect(xs.dtype).toBe('float32');
    const x = xs.dataSync() as Float32Array;
    expect(Array.from(ys.dataSync())).toEqual(Array.from(x));
    sizes.push(xs.shape[0]);
    chunks.push(x.slice());
    tf.dispose([xs, ys]);
  });
  const images = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((offset, c) => (images.set(c, offset), offset + c.length), 0);
  return { sizes, images };
}

/** Rows `order` of the images of `generateShapes({ count, seed, start })`, concatenated. */
function rowsOf(images: Float32Array, order: ArrayLike<number>): Float32Array {
  const out = new Float32Array(order.length * IMAGE);
  for (let k = 0; k < order.length; k++) out.set(images.subarray(order[k] * IMAGE, (order[k] + 1) * IMAGE), k * IMAGE);
  return out;
}

describe('shapeDataset', () => {
  it('batches the images in order, the last batch holding the remainder', async () => {
    const { sizes, images } = await readEpoch(shapeDataset({ count: 70, seed: 4, start: 10 }));
    expect(sizes).toEqual([32, 32, 6]);
    expect(images).toEqual(generateShapes({ count: 70, seed: 4, start: 10 }).images);
  });

  it('passes the drawing options through', async () => {
    const dataset = shapeDataset({ count: 5, batchSize: 5, seed: 4, variant: 'two-shapes' });
    const { images } = await readEpoch(dataset);
    expect(images).toEqual(generateShapes({ count: 5, seed: 4, variant: 'two-shapes' }).images);
  });

  it('shuffles every epoch anew with the documented seeded order', async () => {
    const all = generateShapes({ count: 50, seed: 4 }).images;
    const dataset = shapeDataset({ count: 50, batchSize: 16, seed: 4, shuffle: true, shuffleSeed: 77 });
    const epoch0 = await readEpoch(dataset);
    const epoch1 = await readEpoch(dataset);
    expect(epoch0.sizes).toEqual([16, 16, 16, 2]);
    expect(epoch0.images).toEqual(rowsOf(all, shapeEpochOrder(50, { seed: 77, epoch: 0 })));
    expect(epoch1.images).toEqual(rowsOf(all, shapeEpochOrder(50, { seed: 77, epoch: 1 })));
    expect(epoch1.images).not.toEqual(epoch0.images);
    // A new dataset replays epoch 0; firstEpoch resumes at a later epoch.
    const again = await readEpoch(shapeDataset({ count: 50, batchSize: 16, seed: 4, shuffle: true, shuffleSeed: 77 }));
    expect(again.images).toEqual(epoch0.images);
    const resumed = shapeDataset({ count: 50, batchSize: 16, seed: 4, shuffle: true, shuffleSeed: 77, firstEpoch: 1 });
    expect((await readEpoch(resumed)).images).toEqual(epoch1.images);
  });

  it('shuffles with the image seed when no shuffleSeed is given', async () => {
    const all = generateShapes({ count: 20, seed: 6 }).images;
    const { images } = await readEpoch(shapeDataset({ count: 20, batchSize: 8, seed: 6, shuffle: true }));
    expect(images).toEqual(rowsOf(all, shapeEpochOrder(20, { seed: 6, epoch: 0 })));
  });

  it('leaks no tensors over two epochs', async () => {
    const dataset = shapeDataset({ count: 40, batchSize: 16, shuffle: true });
    const before = tf.memory().numTensors;
    for (let epoch = 0; epoch < 2; epoch++) {
      const iterator = await dataset.iterator();
      for (let r = await iterator.next(); !r.done; r = await iterator.next()) tf.dispose(r.value);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('gives no batches for count 0', async () => {
    expect((await readEpoch(shapeDataset({ count: 0 }))).sizes).toEqual([]);
  });

  it('rejects bad options by name', () => {
    expect(() => shapeDataset(null as unknown as { count: number })).toThrow('`options` must be an options object with a `count`, but got null');
    expect(() => shapeDataset({ count: -1 })).toThrow('`count` must be a non-negative integer, but got -1');
    expect(() => shapeDataset({ count: 10, batchSize: 0 })).toThrow('`batchSize` must be a positive integer, but got 0');
    expect(() => shapeDataset({ count: 10, batchSize: 1.5 })).toThrow('`batchSize` must be a positive integer, but got 1.5');
    expect(() => shapeDataset({ count: 10, shuffle: 'yes' as unknown as boolean })).toThrow('`shuffle` must be a boolean, but got "yes"');
    expect(() => shapeDataset({ count: 10, shuffleSeed: -3 })).toThrow('`shuffleSeed` must be an integer in [0, 2^32 - 1], but got -3');
    expect(() => shapeDataset({ count: 10, firstEpoch: 0.5 })).toThrow('`firstEpoch` must be an integer in [0, 2^32 - 1], but got 0.5');
    expect(() => shapeDataset({ count: 10, start: 2 ** 32 - 5 })).toThrow('`start` must be a non-negative integer with start + count <= 2^32, but got 4294967291');
    expect(() => shapeDataset({ count: 10, variant: 'circles' as 'paper' })).toThrow("`variant` must be one of 'paper', 'half-squares', 'two-shapes', but got \"circles\"");
  });
});

describe('shapeImages', () => {
  it('wraps a shape set as an NHWC float32 tensor', () => {
    const before = tf.memory().numTensors;
    const set = generateShapes({ count: 3, seed: 2 });
    const xs = shapeImages(set);
    expect(xs.shape).toEqual([3, 32, 32, 3]);
    expect(xs.dtype).toBe('float32');
    expect(xs.dataSync()).toEqual(set.images);
    xs.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
