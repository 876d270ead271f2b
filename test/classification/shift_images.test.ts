import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { trainClassifier } from '../../src';
import { shiftImages, shiftOffsets } from '../../src/classification/shift_images';
import { streamSeed } from '../../src/random/stream_seed';

describe('shiftImages', () => {
  it('moves each image by its own offset, zeros where it moved away', () => {
    // Two 3 x 4 images of two channels; image 0 moves down 1 and left 1, image 1 up 2.
    const values = Array.from({ length: 2 * 3 * 4 * 2 }, (_, i) => i + 1);
    const images = tf.tensor4d(values, [2, 3, 4, 2]);
    const before = tf.memory().numTensors;
    const shifted = shiftImages(images, Int32Array.from([1, -1, -2, 0]), 2);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(shifted.shape).toEqual([2, 3, 4, 2]);
    const input = images.arraySync();
    // Hand-written rule: out[b][y][x] = in[b][y - dy][x - dx], 0 outside.
    const expected = input.map((image, b) => {
      const [dy, dx] = b === 0 ? [1, -1] : [-2, 0];
      return image.map((row, y) =>
        row.map((_, x) => input[b][y - dy]?.[x - dx] ?? [0, 0]),
      );
    });
    expect(shifted.arraySync()).toEqual(expected);
    // Spot checks of the rule: image 0's row 1 is its row 0 moved left by one, its last pixel empty.
    expect(shifted.arraySync()[0][1]).toEqual([[3, 4], [5, 6], [7, 8], [0, 0]]);
    expect(shifted.arraySync()[0][0]).toEqual([[0, 0], [0, 0], [0, 0], [0, 0]]);
    tf.dispose([images, shifted]);
  });
});

describe('shiftOffsets', () => {
  it('draws each row its offset in [-shift, shift], by the row, all values about equally often', () => {
    const key = streamSeed(3, 'classifier-shift', 0);
    const rows = Uint32Array.from({ length: 5000 }, (_, i) => i);
    const offsets = shiftOffsets(rows, key, 2);
    const counts = new Map<number, number>();
    offsets.forEach((offset) => counts.set(offset, (counts.get(offset) ?? 0) + 1));
    expect([...counts.keys()].sort()).toEqual([-1, -2, 0, 1, 2]);
    // 10,000 draws over 5 values: 2,000 each, binomial sd 40.
    counts.forEach((count) => expect(Math.abs(count - 2000)).toBeLessThan(200));
    // A row keeps its offset wherever the shuffle puts it.
    const reordered = shiftOffsets(Uint32Array.from([4321, 7]), key, 2);
    expect(Array.from(reordered)).toEqual([offsets[2 * 4321], offsets[2 * 4321 + 1], offsets[14], offsets[15]]);
    expect(Array.from(shiftOffsets(rows.subarray(0, 50), key, 0)).every((offset) => offset === 0)).toBe(true);
  });
});

describe("trainClassifier's schedule and shift", () => {
  it("takes step t of T at lr (1 + cos(pi t / T)) / 2 with the cosine schedule", async () => {
    // A zero linear model on two rows, one full batch per epoch: with a tiny rate the gradient barely
    // changes, so each bias-corrected Adam step is lr_t * g / (|g| + 1e-7) with |g| = 1/4 (see train_classifier.test.ts).
    const moved = async (schedule: 'constant' | 'cosine') => {
      const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, useBias: false, kernelInitializer: 'zeros' })] });
      const inputs = tf.tensor2d([[1, 0], [0, 1]]);
      await trainClassifier(model, inputs, [0, 1], { epochs: 4, batchSize: 2, learningRate: 1e-5, schedule });
      const value = (model.getWeights()[0].arraySync() as number[][])[0][0];
      tf.dispose([inputs]);
      model.dispose();
      return value;
    };
    const step = (1e-5 * 0.25) / (0.25 + 1e-7);
    // Constant: 4 steps of lr. Cosine over T = 4: 1 + (1 + cos(pi/4))/2 + 1/2 + (1 + cos(3pi/4))/2 = 2.5 steps of lr.
    expect(await moved('constant')).toBeCloseTo(4 * step, 9);
    expect(await moved('cosine')).toBeCloseTo(2.5 * step, 9);
  });

  it('trains on shifted images, the same to the bit for the same seed, and another run for another seed', async () => {
    const images = tf.tidy(() => tf.randomUniform([40, 8, 8, 1], 0, 1, 'float32', 4));
    const labels = Array.from({ length: 40 }, (_, i) => i % 2);
    const run = async (shift: number, seed: number) => {
      const model = tf.sequential({
        layers: [tf.layers.flatten({ inputShape: [8, 8, 1] }), tf.layers.dense({ units: 2, kernelInitializer: 'zeros' })],
      });
      const history = await trainClassifier(model, images, labels, { epochs: 3, batchSize: 8, shift, seed });
      const weights = Array.from(model.getWeights()[0].dataSync());
      model.dispose();
      return { loss: history.loss, weights };
    };
    const before = tf.memory().numTensors;
    const first = await run(2, 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(await run(2, 1)).toEqual(first);
    expect((await run(2, 2)).weights).not.toEqual(first.weights);
    expect((await run(0, 1)).weights).not.toEqual(first.weights);
    images.dispose();
  });

  it('names the option that is wrong', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 })] });
    const inputs = tf.tensor2d([[1, 0], [0, 1]]);
    await expect(trainClassifier(model, inputs, [0, 1], { shift: 1 })).rejects.toThrow(
      '`shift` needs images [rows, height, width, channels] as `inputs`, but `inputs` has shape [2, 2]',
    );
    await expect(trainClassifier(model, inputs, [0, 1], { shift: -1 })).rejects.toThrow('`shift` must be a non-negative integer, but got -1');
    await expect(trainClassifier(model, inputs, [0, 1], { schedule: 'linear' as 'cosine' })).rejects.toThrow(
      "`schedule` must be one of 'constant', 'cosine', but got \"linear\"",
    );
    inputs.dispose();
    model.dispose();
  });
});
