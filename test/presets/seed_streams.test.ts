import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { torchLinearInitializer } from '../../src/layers/initializers';
import { createShapeAutoencoder } from '../../src/presets';
import { streamSeed } from '../../src/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const EPOCHS = 100;

/** Seeds of the initializers of every conv layer of a shape network. */
function convSeeds(network: tf.Sequential): number[] {
  return network.layers.flatMap((layer) => {
    const config = layer.getConfig() as { kernelInitializer?: { config: { seed: number } }; biasInitializer?: { config: { seed: number } } };
    return config.kernelInitializer === undefined ? [] : [config.kernelInitializer.config.seed, config.biasInitializer!.config.seed];
  });
}

/**
 * Every stream a seeded shape-autoencoder run draws from: the conv kernels
 * and biases (read back from the layers' configs), the linear kernels
 * (checked against the weights they produced) and 100 epochs of shuffles.
 */
function streamsOfRun(seed: number): number[] {
  const ae = createShapeAutoencoder({ irmLayers: 4, width: 2, latentDim: 4, seed });
  try {
    const irmSeeds = ae.irm.getWeights().map((kernel, i) => {
      const derived = streamSeed(seed, 'irm-kernel', i);
      const expected = tf.tidy(() => torchLinearInitializer(derived).apply([4, 4]).arraySync());
      expect(kernel.arraySync(), `linear kernel ${i + 1} of seed ${seed}`).toEqual(expected);
      return derived;
    });
    const shuffles = Array.from({ length: EPOCHS }, (_, epoch) => streamSeed(seed, 'shuffle', epoch));
    return [...convSeeds(ae.encoder), ...convSeeds(ae.decoder), ...irmSeeds, ...shuffles];
  } finally {
    ae.model.dispose();
  }
}

describe('seeded shape autoencoders', () => {
  it('share no stream between seeds s and s + 1 (kernels, biases, shuffles)', () => {
    let previous = new Set(streamsOfRun(0));
    // 5 encoder + 5 decoder layers with kernel and bias, 4 linear kernels, 100 shuffles.
    expect(previous.size).toBe(20 + 4 + EPOCHS);
    for (let seed = 1; seed <= 20; seed++) {
      const streams = streamsOfRun(seed);
      expect(new Set(streams).size, `streams of seed ${seed} are distinct`).toBe(streams.length);
      const shared = streams.filter((s) => previous.has(s));
      expect(shared, `streams seeds ${seed - 1} and ${seed} share`).toEqual([]);
      previous = new Set(streams);
    }
  });

});
