import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { ImplicitRankMinimizer, implicitRankMinimizer } from '../../src/layers';
import { chain64, expectMatrixClose, type Matrix, matMul64, transpose64 } from './matrix64';
import { roundTrip } from '../round_trip';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });

describe('ImplicitRankMinimizer in models', () => {
  it('is registered for deserialization under its class name', () => {
    const entry = tf.serialization.SerializationMap.getMap().classNameMap.ImplicitRankMinimizer;
    expect(entry?.[0]).toBe(ImplicitRankMinimizer);
    expect(implicitRankMinimizer(1, 2).getClassName()).toBe('ImplicitRankMinimizer');
  });

  it('stacks in tf.sequential and infers shapes', () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 8, inputShape: [12], kernelInitializer: seeded(1) }));
    model.add(implicitRankMinimizer(2, 8, { seed: 2 }));
    model.add(tf.layers.dense({ units: 12, kernelInitializer: seeded(3) }));
    expect(model.outputs[0].shape).toEqual([null, 12]);
    expect(model.layers[1].outputShape).toEqual([null, 8]);
    expect(model.countParams()).toBe(12 * 8 + 8 + 2 * 8 * 8 + 8 * 12 + 12);
  });

  it('works as the first layer of tf.sequential through inputShape', () => {
    const model = tf.sequential({ layers: [implicitRankMinimizer(1, 3, { inputShape: [3], kernelInitializer: 'identity' })] });
    expect((model.predict(tf.tensor2d([[1, 2, 3]])) as tf.Tensor).arraySync()).toEqual([[1, 2, 3]]);
  });

  it('passes codes through unchanged between two layers for n = 0', () => {
    // tfjs's executor disposes the identity layer's input after it runs, so
    // the output must be a tensor of its own (Layer.apply clones it).
    const encoder = tf.layers.dense({ units: 3, inputShape: [2], kernelInitializer: seeded(21) });
    const decoder = tf.layers.dense({ units: 2, kernelInitializer: seeded(22) });
    const withIdentity = tf.sequential({ layers: [encoder, implicitRankMinimizer(0, 3), decoder] });
    const without = tf.sequential({ layers: [encoder, decoder] });
    const x = tf.tensor2d([[1, 2], [-3, 0.5]]);
    expect((withIdentity.predict(x) as tf.Tensor).arraySync()).toEqual((without.predict(x) as tf.Tensor).arraySync());
  });

  it('applies to a symbolic tensor in the functional API', () => {
    const input = tf.input({ shape: [4] });
    const codes = tf.layers.dense({ units: 6, kernelInitializer: seeded(4) }).apply(input) as tf.SymbolicTensor;
    const layer = implicitRankMinimizer(3, 6, { seed: 5 });
    const output = layer.apply(codes) as tf.SymbolicTensor;
    expect(output.shape).toEqual([null, 6]);
    const model = tf.model({ inputs: input, outputs: output });
    const x = tf.randomNormal([3, 4], 0, 1, 'float32', 6);
    const encoded = (model.layers[1].apply(x) as tf.Tensor2D).arraySync();
    const kernels = layer.getWeights().map((w) => w.arraySync() as Matrix);
    expectMatrixClose((model.predict(x) as tf.Tensor2D).arraySync(), chain64([encoded, ...kernels], 3), 1e-5);
  });

  it('trains with model.fit: the loss on a linear toy target decreases', async () => {
    const x = tf.randomNormal([64, 4], 0, 1, 'float32', 7);
    const target = tf.matMul(x, tf.tensor2d([[2, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]));
    const model = tf.sequential({ layers: [implicitRankMinimizer(2, 4, { inputShape: [4], seed: 8 })] });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const history = await model.fit(x, target, { epochs: 5, batchSize: 64, shuffle: false, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses).toHaveLength(5);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
    expect(losses[4]).toBeLessThan(0.8 * losses[0]);
  });

  for (const options of [{ seed: 9 }, { useBias: true, biasInitializer: 'randomNormal', seed: 9 }, { shareWeights: true }]) {
    it(`round-trips through model.save / tf.loadLayersModel (${JSON.stringify(options)})`, async () => {
      const input = tf.input({ shape: [5] });
      const codes = tf.layers.dense({ units: 4, kernelInitializer: seeded(10) }).apply(input) as tf.SymbolicTensor;
      const rank = implicitRankMinimizer(2, 4, { ...options, name: 'irm' }).apply(codes) as tf.SymbolicTensor;
      const output = tf.layers.dense({ units: 5, kernelInitializer: seeded(11) }).apply(rank) as tf.SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: output });
      const loaded = await roundTrip(model);

      const original = model.getLayer('irm') as ImplicitRankMinimizer;
      const copy = loaded.getLayer('irm');
      expect(copy).toBeInstanceOf(ImplicitRankMinimizer);
      expect(copy.getConfig()).toEqual(original.getConfig());
      expect(JSON.parse(JSON.stringify(original.getConfig()))).toEqual(original.getConfig());
      expect(copy.getWeights().map((w) => w.shape)).toEqual(original.getWeights().map((w) => w.shape));
      const x = tf.randomNormal([3, 5], 0, 1, 'float32', 12) as tf.Tensor2D;
      expectMatrixClose(
        (loaded.predict(x) as tf.Tensor2D).arraySync(),
        (model.predict(x) as tf.Tensor2D).arraySync(),
        1e-6,
      );
    });
  }

  it('loads the same saved models twice in one process, shared and not', async () => {
    // tfjs renames a repeated weight name `x` to `x_1`; the layer's weight
    // names must not collide with those renamings.
    for (const shareWeights of [true, false, true]) {
      const model = tf.sequential({
        layers: [implicitRankMinimizer(2, 3, { inputShape: [3], shareWeights, name: 'irm_twice', seed: 20 })],
      });
      const first = await roundTrip(model);
      const second = await roundTrip(model);
      const x = tf.tensor2d([[1, -1, 2]]);
      expect((second.predict(x) as tf.Tensor).arraySync()).toEqual((first.predict(x) as tf.Tensor).arraySync());
    }
  });

  it('keeps the seed and a custom initializer in the config', () => {
    expect(implicitRankMinimizer(2, 4, { seed: 3 }).getConfig().kernelInitializer).toEqual({
      className: 'VarianceScaling',
      config: { scale: 1 / 3, mode: 'fanIn', distribution: 'uniform', seed: 3 },
    });
    const config = implicitRankMinimizer(2, 4, { kernelInitializer: 'orthogonal', trainable: false, name: 'frozen' }).getConfig();
    expect(config).toMatchObject({
      n: 2,
      dim: 4,
      useBias: false,
      shareWeights: false,
      kernelInitializer: { className: 'Orthogonal', config: { gain: 1, seed: null } },
      biasInitializer: { className: 'Zeros', config: {} },
      name: 'frozen',
      trainable: false,
    });
  });
});

describe('ImplicitRankMinimizer gradients', () => {
  // For L = sum((z W1 W2 W3) * C), dL/dWi = (z W1..W(i-1))^T C (W(i+1)..W3)^T:
  // the closed form is evaluated in float64 from the layer's weights.
  function closedFormGradients(z: Matrix, kernels: Matrix[], C: Matrix): Matrix[] {
    const size = kernels[0].length;
    return kernels.map((_, i) => {
      const prefix = chain64([z, ...kernels.slice(0, i)], z.length);
      const suffix = chain64(kernels.slice(i + 1), size);
      return matMul64(matMul64(transpose64(prefix), C), transpose64(suffix));
    });
  }

  const z = () => tf.randomNormal([5, 4], 0, 1, 'float32', 13) as tf.Tensor2D;
  const C = () => tf.randomNormal([5, 4], 0, 1, 'float32', 14) as tf.Tensor2D;

  it('reach every one of the n kernels with the closed-form value', () => {
    const layer = implicitRankMinimizer(3, 4, { seed: 15 });
    layer.apply(z());
    const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    expect(variables).toHaveLength(3);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(z()) as tf.Tensor, C())), variables);
    const expected = closedFormGradients(z().arraySync(), layer.getWeights().map((w) => w.arraySync() as Matrix), C().arraySync());
    variables.forEach((variable, i) => {
      expectMatrixClose(grads[variable.name].arraySync() as Matrix, expected[i], 1e-4);
      expect(tf.norm(grads[variable.name]).dataSync()[0]).toBeGreaterThan(0.01);
    });
  });

  it('sum over the n uses of a shared kernel', () => {
    const layer = implicitRankMinimizer(3, 4, { shareWeights: true, seed: 16 });
    layer.apply(z());
    const [variable] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(z()) as tf.Tensor, C())), [variable]);
    const W = layer.getWeights()[0].arraySync() as Matrix;
    const perUse = closedFormGradients(z().arraySync(), [W, W, W], C().arraySync());
    const expected = perUse[0].map((row, r) => row.map((v, c) => v + perUse[1][r][c] + perUse[2][r][c]));
    expectMatrixClose(grads[variable.name].arraySync() as Matrix, expected, 1e-4);
  });

  it('leave non-trainable layers untouched by fit', async () => {
    const layer = implicitRankMinimizer(2, 3, { inputShape: [3], trainable: false, seed: 17 });
    const model = tf.sequential({ layers: [layer, tf.layers.dense({ units: 3, kernelInitializer: seeded(18) })] });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const before = layer.getWeights().map((w) => w.arraySync());
    const x = tf.randomNormal([8, 3], 0, 1, 'float32', 19);
    await model.fit(x, x, { epochs: 2, verbose: 0 });
    expect(layer.getWeights().map((w) => w.arraySync())).toEqual(before);
    expect(layer.trainableWeights).toHaveLength(0);
  });
});
