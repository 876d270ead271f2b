import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { implicitRankMinimizer } from '../../src';
import { assembleAutoencoder } from '../../src/presets/autoencoder';
import { checkReferenceNetworkArgs } from '../../src/presets/reference_networks';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * A hand-computable autoencoder on 2 x 2 x 1 images: the encoder sums the
 * image's columns, the layers between swap the two code entries (P), map
 * them by the linear layer's W, then add a bias and clip at 0; the decoder
 * maps the code by D to the four pixels.
 */
function tinyAutoencoder() {
  const encoder = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [2, 2, 1] }), tf.layers.dense({ units: 2, useBias: false })],
  });
  const swap = tf.layers.dense({ units: 2, useBias: false });
  const irm = implicitRankMinimizer(1, 2, { seed: 1 });
  const shiftRelu = tf.layers.dense({ units: 2, activation: 'relu' });
  const decoder = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [2], units: 4, useBias: false }), tf.layers.reshape({ targetShape: [2, 2, 1] })],
  });
  const parts = assembleAutoencoder({
    encoder,
    bottleneck: [swap, irm, shiftRelu],
    irm,
    decoder,
    imageShape: [2, 2, 1],
    featuresView: true,
  });
  // Weights exist once the assembly has applied the layers.
  const E = [[1, 0], [0, 1], [1, 0], [0, 1]]; // pixel (r, c) adds to code entry c
  const P = [[0, 1], [1, 0]];
  const W = [[1, 1], [0, 1]];
  const b = [-7, 0];
  const D = [[1, 0, 2, 0], [0, 1, 0, -1]];
  tf.tidy(() => {
    encoder.setWeights([tf.tensor2d(E)]);
    swap.setWeights([tf.tensor2d(P)]);
    irm.setWeights([tf.tensor2d(W)]);
    shiftRelu.setWeights([tf.eye(2), tf.tensor1d(b)]);
    decoder.setWeights([tf.tensor2d(D)]);
  });
  return { parts, swap, irm, shiftRelu };
}

describe('assembleAutoencoder', () => {
  it('encodes through every layer between encoder and decoder, in the order given', () => {
    const { parts } = tinyAutoencoder();
    const x = tf.tensor4d([1, 2, 3, 4, 0, 1, 0, 1], [2, 2, 2, 1]);
    const z = tf.tensor2d([[0, 10]]);
    const before = tf.memory().numTensors;
    const features = parts.encodeFeatures(x);
    const code = parts.encode(x);
    const image = parts.model.predict(x) as tf.Tensor;
    const decoded = parts.decode(z);
    // Image 1, [[1, 2], [3, 4]]: e = [1 + 3, 2 + 4] = [4, 6]; swapped [6, 4];
    // times W: [6, 6 + 4] = [6, 10]; plus b, clipped: [max(-1, 0), 10] = [0, 10].
    // Image 2, [[0, 1], [0, 1]]: e = [0, 2]; [2, 0]; [2, 2]; [0, 2].
    // (In reverse order: [4, 6] -> [0, 6] -> [0, 6] -> [6, 0], another code.)
    expect(features.arraySync()).toEqual([[4, 6], [0, 2]]);
    expect(code.arraySync()).toEqual([[0, 10], [0, 2]]);
    // Decoded: [z1, z2] D = [z1, z2, 2 z1, -z2] as a 2 x 2 image.
    expect(image.shape).toEqual([2, 2, 2, 1]);
    expect(image.arraySync()).toEqual([[[[0], [10]], [[0], [-10]]], [[[0], [2]], [[0], [-2]]]]);
    expect(decoded.arraySync()).toEqual([[[[0], [10]], [[0], [-10]]]]);
    tf.dispose([features, code, image, decoded]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, z]);
    parts.model.dispose();
  });

  it('makes one model of [input, encoder, ...bottleneck, decoder]; its views add no layer calls', () => {
    const { parts, swap, irm, shiftRelu } = tinyAutoencoder();
    expect(parts.model.layers.map((layer) => layer.getClassName())).toEqual([
      'InputLayer',
      'Sequential',
      'Dense',
      'ImplicitRankMinimizer',
      'Dense',
      'Sequential',
    ]);
    expect(parts.model.layers.slice(1)).toEqual([parts.encoder, swap, irm, shiftRelu, parts.decoder]);
    expect(parts.irm).toBe(irm);
    // One call each: the model's. The views read the same graph.
    for (const layer of [swap, irm, shiftRelu]) expect(layer.inboundNodes).toHaveLength(1);
    parts.model.dispose();
  });

  it('gives encodeFeatures only when asked', () => {
    const encoder = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 2, 1] })] });
    const decoder = tf.sequential({ layers: [tf.layers.reshape({ inputShape: [4], targetShape: [2, 2, 1] })] });
    const irm = implicitRankMinimizer(0, 4);
    const parts = assembleAutoencoder({ encoder, bottleneck: [irm], irm, decoder, imageShape: [2, 2, 1] });
    expect('encodeFeatures' in parts).toBe(false);
    expect(Object.keys(parts).sort()).toEqual(['decode', 'decoder', 'encode', 'encoder', 'irm', 'model']);
  });

  it('refuses an irm that is not one of the layers between, or is there twice', () => {
    const encoder = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 2, 1] })] });
    const decoder = tf.sequential({ layers: [tf.layers.reshape({ inputShape: [4], targetShape: [2, 2, 1] })] });
    const irm = implicitRankMinimizer(0, 4);
    const base = { encoder, irm, decoder, imageShape: [2, 2, 1] };
    expect(() => assembleAutoencoder({ ...base, bottleneck: [] })).toThrow('`bottleneck` must hold `irm` once, but holds it 0 times');
    expect(() => assembleAutoencoder({ ...base, bottleneck: [irm, irm] })).toThrow(
      '`bottleneck` must hold `irm` once, but holds it 2 times',
    );
  });
});

describe('checkReferenceNetworkArgs', () => {
  it('names the bad option', () => {
    expect(() => checkReferenceNetworkArgs('mnist', { latentDim: 8, width: 16 })).toThrow(
      '`width` applies to the shape networks only; the MNIST networks take none, but got 16',
    );
    expect(() => checkReferenceNetworkArgs('faces' as never, { latentDim: 8 })).toThrow(
      "`data` must be 'mnist' or 'shapes', but got \"faces\"",
    );
    expect(() => checkReferenceNetworkArgs('shapes', { latentDim: 8, width: 0 })).toThrow('`width` must be a positive integer, but got 0');
    expect(() => checkReferenceNetworkArgs('shapes', { latentDim: 8, width: 4, seed: 1, initialization: 'he' })).not.toThrow();
  });
});
