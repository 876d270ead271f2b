import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { classifierFeatures, createMnistClassifier, MNIST_FEATURE_LAYER, trainMnistClassifier, useWasmTraining } from '../../src';

// The convolutions' gradients on the pure-JavaScript cpu backend take minutes.
beforeAll(async () => {
  await useWasmTraining();
});

const largest = (values: number[]) => values.reduce((max, value) => Math.max(max, Math.abs(value)), 0);

describe('createMnistClassifier', () => {
  it('is the documented network: three stride-2 convolutions, features 128, logits 10', () => {
    const model = createMnistClassifier({ seed: 1 });
    // 1*9*32 + 32; 32*9*64 + 64; 64*9*128 + 128; 2048*128 + 128; 128*10 + 10.
    expect(model.countParams()).toBe(320 + 18496 + 73856 + 262272 + 1290);
    expect(model.layers.map((layer) => layer.outputShape)).toEqual([
      [null, 16, 16, 32], [null, 8, 8, 64], [null, 4, 4, 128], [null, 2048], [null, 128], [null, 10],
    ]);
    expect(model.layers[4].name).toBe(MNIST_FEATURE_LAYER);
    model.dispose();
  });

  it('starts from He uniform kernels (bound sqrt(6 / fanIn)) and zero biases, the same for a seed', () => {
    const weights = (seed: number) => {
      const model = createMnistClassifier({ seed });
      const values = model.getWeights().map((weight) => Array.from(weight.dataSync()));
      model.dispose();
      return values;
    };
    const first = weights(3);
    const fanIns = [9, 32 * 9, 64 * 9, 2048, 128];
    fanIns.forEach((fanIn, i) => {
      expect(largest(first[2 * i])).toBeLessThanOrEqual(Math.sqrt(6 / fanIn));
      expect(largest(first[2 * i])).toBeGreaterThan(Math.sqrt(6 / fanIn) / 2);
      expect(first[2 * i + 1].every((bias) => bias === 0)).toBe(true);
    });
    expect(weights(3)).toEqual(first);
    expect(weights(4)[0]).not.toEqual(first[0]);
  });
});

describe('classifierFeatures', () => {
  it("gives the 'features' layer's outputs in chunks, the same as one pass, without leaks", () => {
    const model = createMnistClassifier({ seed: 1 });
    const images = tf.randomUniform([7, 32, 32, 1], 0, 1, 'float32', 5);
    const view = tf.model({ inputs: model.inputs, outputs: model.getLayer(MNIST_FEATURE_LAYER).output as tf.SymbolicTensor });
    const direct = view.predict(images) as tf.Tensor;
    const before = tf.memory().numTensors;
    const { data, dim } = classifierFeatures(model, images, { batchSize: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(dim).toBe(128);
    expect(data.length).toBe(7 * 128);
    const expected = direct.dataSync();
    data.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
    expect(data.every((value) => value >= 0)).toBe(true); // after the ReLU
    tf.dispose([images, direct]);
    model.dispose();
  });

  it('names the argument that is wrong', () => {
    const model = createMnistClassifier();
    const plain = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, name: 'other' })] });
    const images = tf.zeros([1, 32, 32, 1]);
    expect(() => classifierFeatures(plain, images)).toThrow("`model` must have a layer named 'features', but has 'other'");
    expect(() => classifierFeatures(model, tf.zeros([1, 32]))).toThrow('`images` must be a tensor [rows, 32, 32, 1]');
    expect(() => classifierFeatures(model, images, { batchSize: 0 })).toThrow('`batchSize` must be a positive integer, but got 0');
    expect(() => createMnistClassifier({ seed: 0.5 })).toThrow('`seed` must be an integer in [0, 2^32 - 1], but got 0.5');
    tf.dispose([images]);
    model.dispose();
    plain.dispose();
  });
});

describe('trainMnistClassifier', () => {
  it("trains with the recipe's defaults, overridable: batch 100, so 2 epochs of 101 images are 4 steps", async () => {
    const model = createMnistClassifier({ seed: 1 });
    const images = tf.randomUniform([101, 32, 32, 1], 0, 1, 'float32', 2);
    const labels = Array.from({ length: 101 }, (_, i) => i % 10);
    const history = await trainMnistClassifier(model, images, labels);
    expect(history.steps).toBe(4);
    expect(history.loss).toHaveLength(2);
    expect((await trainMnistClassifier(model, images, labels, { epochs: 1, batchSize: 50 })).steps).toBe(3);
    images.dispose();
    model.dispose();
  });
});
