import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { classificationAccuracy, classifierHead, trainClassifier } from '../../src';
import { separableClusters } from './clusters';

/** A linear classifier [rows, 2] -> 2 logits, weights starting at zero. */
function zeroLinear(): tf.Sequential {
  return tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, useBias: false, kernelInitializer: 'zeros' })] });
}

describe('trainClassifier', () => {
  it('takes one Adam step on the cross-entropy: loss ln 2 at zero weights, each weight moves by lr against its gradient sign', async () => {
    const model = zeroLinear();
    const inputs = tf.tensor2d([[1, 0], [0, 1]]);
    const history = await trainClassifier(model, inputs, [0, 1], { epochs: 1, learningRate: 1e-3 });
    // Zero logits: softmax 1/2 for both classes, loss ln 2.
    expect(history.loss[0]).toBeCloseTo(Math.LN2, 6);
    expect(history.steps).toBe(1);
    // Gradient of the mean loss, x^T (p - y) / 2 with p = 1/2: [[-1/4, 1/4], [1/4, -1/4]].
    // Adam's first step is -lr * g / (|g| + eps) = lr * [[1, -1], [-1, 1]] (1 - 4e-7).
    const kernel = model.getWeights()[0].arraySync() as number[][];
    const expected = [[1, -1], [-1, 1]].map((row) => row.map((sign) => (sign * 1e-3 * 0.25) / (0.25 + 1e-7)));
    // float32 arithmetic: within 1e-5 of the step.
    kernel.flat().forEach((value, i) => expect(Math.abs(value - expected.flat()[i])).toBeLessThan(1e-8));
    tf.dispose([inputs]);
    model.dispose();
  });

  it('learns separable clusters and is the same to the bit for the same seeds', async () => {
    const { codes, labels } = separableClusters(4, 25, 1, 16);
    const inputs = tf.tensor2d(codes, [100, 16]);
    const trained = async () => {
      const head = classifierHead(16, 4, { seed: 5 });
      const history = await trainClassifier(head, inputs, labels, { epochs: 30, batchSize: 32, learningRate: 1e-2, seed: 2 });
      const weights = head.getWeights().map((weight) => Array.from(weight.dataSync()));
      const accuracy = classificationAccuracy(head, inputs, labels);
      head.dispose();
      return { history, weights, accuracy };
    };
    const before = tf.memory().numTensors;
    const first = await trained();
    expect(tf.memory().numTensors).toBe(before);
    const second = await trained();
    expect(first.accuracy).toBe(1);
    // 100 rows in batches of 32: 4 steps per epoch, the last of 4 rows.
    expect(first.history.steps).toBe(120);
    expect(first.history.loss[29]).toBeLessThan(first.history.loss[0]);
    expect(second.weights).toEqual(first.weights);
    expect(second.history.loss).toEqual(first.history.loss);
    inputs.dispose();
  });

  it('trains on NHWC images through a model that takes them', async () => {
    const images = tf.tensor4d([0, 0, 0, 0, 1, 1, 1, 1], [2, 2, 2, 1]);
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 2, 1] }), tf.layers.dense({ units: 2, kernelInitializer: 'zeros' })] });
    const history = await trainClassifier(model, images, [0, 1], { epochs: 200, learningRate: 1e-2 });
    expect(history.loss[199]).toBeLessThan(0.05);
    expect(classificationAccuracy(model, images, [0, 1])).toBe(1);
    tf.dispose([images]);
    model.dispose();
  });

  it('reports each epoch to onEpochEnd, and awaits it', async () => {
    const model = zeroLinear();
    const inputs = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
    const seen: Array<[number, number]> = [];
    const history = await trainClassifier(model, inputs, [0, 1, 0], {
      epochs: 3,
      batchSize: 2,
      onEpochEnd: async (epoch, logs) => {
        await Promise.resolve();
        seen.push([epoch, logs.steps]);
      },
    });
    expect(seen).toEqual([[0, 2], [1, 4], [2, 6]]);
    expect(history.loss).toHaveLength(3);
    tf.dispose([inputs]);
    model.dispose();
  });

  it('names the argument that is wrong', async () => {
    const model = zeroLinear();
    const inputs = tf.tensor2d([[1, 0], [0, 1]]);
    await expect(trainClassifier(model, inputs, [0, 2])).rejects.toThrow('`labels`[1] must be an integer in [0, 1], but got 2');
    await expect(trainClassifier(model, inputs, [0, 1, 1])).rejects.toThrow('`labels` must hold one label per row of `inputs` (2), but holds 3');
    await expect(trainClassifier(model, tf.tensor1d([1, 2]), [0, 1])).rejects.toThrow('`inputs` must be a tensor [rows, ...] of rank >= 2 with rows');
    await expect(trainClassifier(model, inputs, [0, 1], { epochs: 0 })).rejects.toThrow('`epochs` must be a positive integer, but got 0');
    await expect(trainClassifier(model, inputs, [0, 1], { learningRate: -1 })).rejects.toThrow('`learningRate` must be a finite number > 0, but got -1');
    const twoOutputs = tf.model({ inputs: model.inputs, outputs: [model.outputs[0], model.outputs[0]] });
    await expect(trainClassifier(twoOutputs, inputs, [0, 1])).rejects.toThrow('`model` must have one output of logits [batch, classes], but has 2 outputs');
    expect(() => classificationAccuracy(model, inputs, [0])).toThrow('`labels` must hold one label per row of `inputs` (2), but holds 1');
    expect(() => classificationAccuracy(model, inputs, [0, 1], { batchSize: 0 })).toThrow('`batchSize` must be a positive integer, but got 0');
    inputs.dispose();
    model.dispose();
  });
});

describe('classificationAccuracy', () => {
  it('counts the rows whose largest logit is at the label, in chunks', () => {
    // An identity layer: the logits are the inputs themselves.
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 3, useBias: false, kernelInitializer: 'identity' })] });
    const inputs = tf.tensor2d([[1, 0, 0], [0, 2, 1], [0, 0, 3], [5, 1, 0], [0, 1, 0]]);
    const labels = [0, 1, 2, 1, 2];
    const before = tf.memory().numTensors;
    expect(classificationAccuracy(model, inputs, labels, { batchSize: 2 })).toBe(3 / 5);
    expect(classificationAccuracy(model, inputs, labels)).toBe(3 / 5);
    expect(tf.memory().numTensors).toBe(before);
    inputs.dispose();
    model.dispose();
  });

  it('runs the model in inference mode: dropout off', () => {
    const head = classifierHead(4, 3, { seed: 1 });
    const inputs = tf.randomUniform([50, 4], -1, 1, 'float32', 1);
    const logits = head.predict(inputs) as tf.Tensor;
    const labels = Array.from(tf.argMax(logits, 1).dataSync());
    expect(classificationAccuracy(head, inputs, labels, { batchSize: 7 })).toBe(1);
    tf.dispose([inputs, logits]);
    head.dispose();
  });
});
