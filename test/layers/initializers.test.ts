import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { implicitRankMinimizer } from '../../src/layers';
import { resolveInitializer, serializeInitializer, streamInitializer } from '../../src/layers/initializers';
import { streamSeed } from '../../src/random';

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

describe('streamInitializer', () => {
  it('replaces the seed by streamSeed(seed, purpose, index) and keeps everything else', () => {
    const derived = streamInitializer(tf.initializers.randomUniform({ minval: -2, maxval: 3, seed: 10 }), 'irm-kernel', 2, 'k');
    // 647023506 = streamSeed(10, 'irm-kernel', 2), from the Python port of stream_seed.test.ts.
    expect(streamSeed(10, 'irm-kernel', 2)).toBe(647023506);
    expect(serializeInitializer(derived)).toEqual({
      className: 'RandomUniform',
      config: { minval: -2, maxval: 3, seed: 647023506 },
    });
  });

  it('returns unseeded initializers unchanged', () => {
    const unseeded = tf.initializers.randomUniform({ minval: 0, maxval: 1 });
    expect(streamInitializer(unseeded, 'irm-kernel', 3, 'k')).toBe(unseeded);
  });

  it('rejects a seed that is not an unsigned 32-bit integer, naming the argument', () => {
    const negative = tf.initializers.randomUniform({ minval: 0, maxval: 1, seed: -1 });
    expect(() => streamInitializer(negative, 'irm-kernel', 0, 'kernelInitializer')).toThrow(
      "`kernelInitializer`'s seed must be an integer in [0, 2^32 - 1], but got -1",
    );
  });
});
