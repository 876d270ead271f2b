import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { ImplicitRankMinimizer, implicitRankMinimizer } from '../../src/layers';
import { NuclearNormRegularizer, nuclearNormRegularizer } from '../../src/regularizers';
import { streamSeed } from '../../src/random';
import { jacobiReference } from './jacobi_svd64';
import { roundTrip } from '../round_trip';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const seeded = (purpose: string) => tf.initializers.glorotUniform({ seed: streamSeed(1, purpose) });

/** lambda * ||W||_* of a weight in float64, from the tests' Jacobi SVD. */
function penalty64(weight: tf.Tensor, lambda: number): number {
  const [rows, cols] = weight.shape;
  return lambda * jacobiReference(weight.dataSync(), rows, cols).value;
}

/** The layers' current penalties, as tfjs computes them for training. */
function losses(layer: tf.layers.Layer): number[] {
  return layer.losses.map((loss) => tf.tidy(() => loss().dataSync()[0]));
}

describe('NuclearNormRegularizer in layers', () => {
  it('is registered for deserialization under its class name', () => {
    const entry = tf.serialization.SerializationMap.getMap().classNameMap.NuclearNormRegularizer;
    expect(entry?.[0]).toBe(NuclearNormRegularizer);
    expect(nuclearNormRegularizer({ lambda: 1 }).getClassName()).toBe('NuclearNormRegularizer');
  });

  it("is a dense layer's kernelRegularizer: one loss, lambda * ||W||_*", () => {
    const dense = tf.layers.dense({ units: 5, inputShape: [7], kernelInitializer: seeded('dense'), kernelRegularizer: nuclearNormRegularizer({ lambda: 0.3 }) });
    tf.sequential({ layers: [dense] });
    expect(losses(dense)).toHaveLength(1);
    expect(losses(dense)[0]).toBeCloseTo(penalty64(dense.getWeights()[0], 0.3), 5);
  });

  it('penalizes each of the n kernels of an ImplicitRankMinimizer, and the shared kernel once', () => {
    const regularizer = nuclearNormRegularizer({ lambda: 0.5 });
    const layer = implicitRankMinimizer(3, 6, { seed: 2, kernelRegularizer: regularizer });
    expect(layer.kernelRegularizer).toBe(regularizer);
    layer.apply(tf.zeros([1, 6]));
    const kernels = layer.getWeights();
    expect(losses(layer)).toHaveLength(3);
    losses(layer).forEach((value, i) => expect(value).toBeCloseTo(penalty64(kernels[i], 0.5), 5));

    const shared = implicitRankMinimizer(3, 6, { seed: 2, shareWeights: true, kernelRegularizer: regularizer });
    shared.apply(tf.zeros([1, 6]));
    expect(losses(shared)).toHaveLength(1);
    expect(losses(shared)[0]).toBeCloseTo(penalty64(shared.getWeights()[0], 0.5), 5);

    const biased = implicitRankMinimizer(2, 6, { useBias: true, kernelRegularizer: regularizer });
    biased.apply(tf.zeros([1, 6]));
    expect(losses(biased)).toHaveLength(2); // kernels only, not the biases
    expect(implicitRankMinimizer(2, 6).kernelRegularizer).toBeUndefined();
  });

  it('takes a kernelRegularizer as an object, a name or a { className, config }, and names a bad one', () => {
    const fromConfig = implicitRankMinimizer(1, 4, { kernelRegularizer: { className: 'NuclearNormRegularizer', config: { lambda: 0.1, method: 'newtonSchulz', iterations: 12 } } });
    expect(fromConfig.kernelRegularizer).toBeInstanceOf(NuclearNormRegularizer);
    expect(fromConfig.kernelRegularizer?.getConfig()).toEqual({ lambda: 0.1, method: 'newtonSchulz', iterations: 12 });
    expect(implicitRankMinimizer(1, 4, { kernelRegularizer: 'l1l2' }).kernelRegularizer?.getClassName()).toBe('L1L2');
    expect(implicitRankMinimizer(1, 4, { kernelRegularizer: tf.regularizers.l2({ l2: 0.1 }) }).kernelRegularizer?.getClassName()).toBe('L1L2');
    expect(() => implicitRankMinimizer(1, 4, { kernelRegularizer: 'nuclearNormRegularizer' })).toThrow(
      '`kernelRegularizer` could not be built from "nuclearNormRegularizer": `lambda` must be a finite non-negative number, but got undefined',
    );
    expect(() => implicitRankMinimizer(1, 4, { kernelRegularizer: 'GlorotUniform' })).toThrow(
      '`kernelRegularizer` names no registered tfjs regularizer, but got "GlorotUniform"',
    );
    expect(() => implicitRankMinimizer(1, 4, { kernelRegularizer: 3 as never })).toThrow(
      '`kernelRegularizer` must be a tfjs regularizer, its name or its {className, config}, but got 3',
    );
  });

  it('round-trips through model.save / tf.loadLayersModel: same configs, same weights, same fit loss', async () => {
    // dense (Newton-Schulz penalty) -> implicitRankMinimizer(1, 6) (SVD penalty) -> dense.
    const input = tf.input({ shape: [8] });
    const code = tf.layers
      .dense({ units: 6, kernelInitializer: seeded('encoder'), kernelRegularizer: nuclearNormRegularizer({ lambda: 0.02, method: 'newtonSchulz', iterations: 25 }), name: 'encoder' })
      .apply(input) as tf.SymbolicTensor;
    const linear = implicitRankMinimizer(1, 6, { seed: 3, kernelRegularizer: nuclearNormRegularizer({ lambda: 0.05 }), name: 'linear' }).apply(code) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 8, kernelInitializer: seeded('decoder'), name: 'decoder' }).apply(linear) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const loaded = await roundTrip(model);

    for (const name of ['encoder', 'linear', 'decoder']) {
      expect(loaded.getLayer(name).getConfig()).toEqual(model.getLayer(name).getConfig());
    }
    expect(loaded.getLayer('linear')).toBeInstanceOf(ImplicitRankMinimizer);
    expect((loaded.getLayer('linear') as ImplicitRankMinimizer).kernelRegularizer).toBeInstanceOf(NuclearNormRegularizer);
    expect(model.getLayer('linear').getConfig().kernelRegularizer).toEqual({ className: 'NuclearNormRegularizer', config: { lambda: 0.05, method: 'svd' } });
    expect(JSON.parse(JSON.stringify(model.getLayer('linear').getConfig()))).toEqual(model.getLayer('linear').getConfig());

    // The loss model.fit reports is the one before its update: MSE plus both
    // penalties, computed here independently in float64.
    const x = tf.randomNormal([16, 8], 0, 1, 'float32', 4);
    const predicted = (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    const target = x.dataSync() as Float32Array;
    const mse = predicted.reduce((sum, p, i) => sum + (p - target[i]) ** 2, 0) / predicted.length;
    const expected =
      mse + penalty64(model.getLayer('encoder').getWeights()[0], 0.02) + penalty64(model.getLayer('linear').getWeights()[0], 0.05);
    const fitLoss = async (m: tf.LayersModel) => {
      m.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
      const history = await m.fit(x, x, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
      return history.history.loss[0] as number;
    };
    const [original, copy] = [await fitLoss(model), await fitLoss(loaded)];
    expect(copy).toBe(original);
    expect(original).toBeCloseTo(expected, 5);
    // The penalties are a visible part of it (not lost in the MSE's rounding).
    expect(original - mse).toBeGreaterThan(0.1);
  });

  for (const method of ['svd', 'newtonSchulz'] as const) {
    it(`keeps tf.memory().numTensors flat over 300 model.fit steps and lowers the nuclear norm (${method})`, async () => {
      const build = (lambda: number) => {
        const model = tf.sequential({
          layers: [
            tf.layers.dense({ units: 4, inputShape: [8], kernelInitializer: seeded('tiny-encoder') }),
            implicitRankMinimizer(1, 4, { seed: 5, kernelRegularizer: nuclearNormRegularizer({ lambda, method }) }),
            tf.layers.dense({ units: 8, kernelInitializer: seeded('tiny-decoder') }),
          ],
        });
        model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
        return model;
      };
      const x = tf.randomNormal([32, 8], 0, 1, 'float32', 6);
      const penalized = build(0.05);
      const counts: number[] = [];
      // 75 epochs of 4 batches of 8: 300 steps.
      await penalized.fit(x, x, {
        epochs: 75,
        batchSize: 8,
        shuffle: false,
        verbose: 0,
        callbacks: { onEpochEnd: async () => void counts.push(tf.memory().numTensors) },
      });
      // The first epoch creates Adam's moments; from then on nothing accumulates.
      expect(new Set(counts.slice(1)).size).toBe(1);

      const plain = build(0);
      await plain.fit(x, x, { epochs: 75, batchSize: 8, shuffle: false, verbose: 0 });
      const nuclear = (model: tf.Sequential) => penalty64(model.layers[1].getWeights()[0], 1);
      expect(nuclear(penalized)).toBeLessThan(0.8 * nuclear(plain));
      tf.dispose([x]);
      for (const model of [penalized, plain]) {
        model.optimizer.dispose();
        model.dispose();
      }
    });
  }
});
