import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { implicitRankMinimizer } from '../../src/layers';
import { offsetSeed, resolveInitializer, serializeInitializer } from '../../src/layers/initializers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('resolveInitializer', () => {
  // Glorot uniform is VarianceScaling(scale 1, fanAvg, uniform) in tfjs and Keras.
  const glorot = { className: 'VarianceScaling', config: { scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: null } };

  it('accepts a camel-case name, a class name, an object and a config alike', () => {
    for (const form of [
      'glorotUniform',
      'GlorotUniform',
      tf.initializers.glorotUniform({}),
      { className: 'VarianceScaling', config: { scale: 1, mode: 'fanAvg', distribution: 'uniform' } },
    ]) {
      expect(serializeInitializer(resolveInitializer(form, 'kernelInitializer'))).toEqual(glorot);
    }
  });

  it('returns an initializer object as given', () => {
    const init = tf.initializers.heNormal({ seed: 1 });
    expect(resolveInitializer(init, 'kernelInitializer')).toBe(init);
  });

  it('serializes to what the layer config stores', () => {
    const layer = implicitRankMinimizer(1, 3, { kernelInitializer: 'glorotUniform' });
    expect(layer.getConfig().kernelInitializer).toEqual(glorot);
  });
});

describe('serializeInitializer', () => {
  // tfjs-layers' own serializeInitializer is not exported; a dense layer's
  // config shows what it writes. Ours differs only in writing undefined as null.
  const nullForUndefined = (config: unknown) => JSON.parse(JSON.stringify(config, (_, v) => (v === undefined ? null : v)));

  it('writes what tfjs writes for a dense layer, undefined as null', () => {
    for (const init of [
      tf.initializers.glorotUniform({}),
      tf.initializers.heNormal({ seed: 2 }),
      tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5 }),
      tf.initializers.orthogonal({ gain: 2 }),
      tf.initializers.zeros(),
    ]) {
      const tfjs = tf.layers.dense({ units: 1, kernelInitializer: init }).getConfig().kernelInitializer;
      expect(serializeInitializer(init)).toEqual(nullForUndefined(tfjs));
    }
  });
});

describe('offsetSeed', () => {
  it('moves a seed and keeps everything else', () => {
    const moved = offsetSeed(tf.initializers.randomUniform({ minval: -2, maxval: 3, seed: 10 }), 2);
    expect(serializeInitializer(moved)).toEqual({
      className: 'RandomUniform',
      config: { minval: -2, maxval: 3, seed: 12 },
    });
  });

  it('returns unseeded initializers and offset 0 unchanged', () => {
    const unseeded = tf.initializers.randomUniform({ minval: 0, maxval: 1 });
    const seeded = tf.initializers.randomUniform({ minval: 0, maxval: 1, seed: 4 });
    expect(offsetSeed(unseeded, 3)).toBe(unseeded);
    expect(offsetSeed(seeded, 0)).toBe(seeded);
  });
});
