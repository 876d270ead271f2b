import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { CounterStream, gaussianSampler, streamSeed } from '../../src';

/**
 * Box-Muller written out on the counter stream of sampling call `call`:
 * value i takes its radius from uniform 2i and its angle from uniform 2i + 1.
 */
function boxMuller(seed: number, call: number, count: number): number[] {
  const stream = new CounterStream(streamSeed(seed, 'vae-noise', call));
  return Array.from({ length: count }, (_, i) => {
    const radius = Math.sqrt(-2 * Math.log(1 - stream.unit(2 * i)));
    return radius * Math.cos(2 * Math.PI * stream.unit(2 * i + 1));
  });
}

describe('GaussianSampler', () => {
  it("draws eps of call k from stream (seed, 'vae-noise', k), radius from uniform 2i and angle from 2i + 1, to the bit", () => {
    const sampler = gaussianSampler({ seed: 13 });
    // mu = 0 and logvar = 0 give z = 0 + exp(0) * eps = eps exactly.
    const stats = tf.zeros([3, 10]);
    const before = tf.memory().numTensors;
    for (let call = 0; call < 3; call++) {
      const z = sampler.apply(stats, { training: true }) as tf.Tensor;
      expect(z.shape).toEqual([3, 5]);
      expect(Array.from(z.dataSync())).toEqual(boxMuller(13, call, 15).map(Math.fround));
      z.dispose();
    }
    expect(sampler.draws).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    stats.dispose();
  });

  it('scales and shifts the noise: z = mu + exp(logvar / 2) * eps', () => {
    const sampler = gaussianSampler({ seed: 2 });
    // Row [mu1, mu2, logvar1, logvar2]: exp(2 ln 3 / 2) = 3, exp(0) = 1.
    const stats = tf.tensor2d([[1, -4, 2 * Math.log(3), 0]]);
    const z = sampler.apply(stats, { training: true }) as tf.Tensor;
    const [e1, e2] = boxMuller(2, 0, 2);
    const [z1, z2] = Array.from(z.dataSync());
    expect(z1).toBeCloseTo(1 + 3 * e1, 5);
    expect(z2).toBeCloseTo(-4 + e2, 5);
    tf.dispose([stats, z]);
  });
});
