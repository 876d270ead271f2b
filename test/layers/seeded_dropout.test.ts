import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { CounterStream, SeededDropout, seededDropout, streamSeed } from '../../src';

describe('SeededDropout', () => {
  it('passes its input through in inference', () => {
    const x = tf.tensor2d([[1, -2, 3, 4]]);
    const y = seededDropout({ seed: 1 }).apply(x) as tf.Tensor;
    expect(y.arraySync()).toEqual([[1, -2, 3, 4]]);
    tf.dispose([x, y]);
  });

  it("zeroes input i of training call k where draw i of stream (seed, 'dropout', k) is below the rate, and scales the rest by 1 / (1 - rate)", () => {
    const layer = seededDropout({ rate: 0.25, seed: 9 });
    const x = tf.fill([3, 5], 2);
    for (let call = 0; call < 3; call++) {
      const stream = new CounterStream(streamSeed(9, 'dropout', call));
      const expected = Array.from({ length: 15 }, (_, i) => (stream.unit(i) < 0.25 ? 0 : 2 / 0.75));
      const y = layer.apply(x, { training: true }) as tf.Tensor;
      expect(Array.from(y.dataSync())).toEqual(expected.map(Math.fround));
      y.dispose();
    }
    expect(layer.draws).toBe(3);
    x.dispose();
  });

  it('drops a fraction rate of the inputs, a new mask at each call', () => {
    const layer = seededDropout({ rate: 0.5, seed: 2 });
    const x = tf.ones([100, 100]);
    const masks = [0, 1].map(() => {
      const y = layer.apply(x, { training: true }) as tf.Tensor;
      const values = Array.from(y.dataSync());
      y.dispose();
      return values;
    });
    for (const mask of masks) {
      // Binomial(10000, 1/2): sd 50; within 5 sd.
      expect(Math.abs(mask.filter((v) => v === 0).length - 5000)).toBeLessThan(250);
      expect(mask.every((v) => v === 0 || v === 2)).toBe(true);
    }
    // Two independent masks agree on half the inputs, not all.
    const same = masks[0].filter((v, i) => v === masks[1][i]).length;
    expect(Math.abs(same - 5000)).toBeLessThan(250);
    x.dispose();
  });

  it('passes the gradient through the kept inputs only', () => {
    const layer = seededDropout({ rate: 0.5, seed: 4 });
    const x = tf.ones([1, 8]);
    const grad = tf.grad((input: tf.Tensor) => (layer.apply(input, { training: true }) as tf.Tensor).sum())(x);
    const mask = new CounterStream(streamSeed(4, 'dropout', 0));
    expect(Array.from(grad.dataSync())).toEqual(Array.from({ length: 8 }, (_, i) => (mask.unit(i) < 0.5 ? 0 : 2)));
    tf.dispose([x, grad]);
  });

  it('round-trips through model.save and tf.loadLayersModel', async () => {
    const model = tf.sequential({ layers: [seededDropout({ inputShape: [4], rate: 0.3, seed: 11 })] });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const layer = loaded.layers[0] as SeededDropout;
    expect(layer).toBeInstanceOf(SeededDropout);
    expect([layer.rate, layer.seed]).toEqual([0.3, 11]);
  });

  it('rejects a rate outside [0, 1) and a bad seed, naming them', () => {
    expect(() => seededDropout({ rate: 1 })).toThrow('`rate` must be a number in [0, 1), but got 1');
    expect(() => seededDropout({ rate: -0.1 })).toThrow('`rate` must be a number in [0, 1), but got -0.1');
    expect(() => seededDropout({ seed: 2.5 })).toThrow('`seed` must be an integer in [0, 2^32 - 1], but got 2.5');
  });
});
