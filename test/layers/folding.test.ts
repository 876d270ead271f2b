import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { implicitRankMinimizer } from '../../src/layers';
import { addRow64, chain64, expectMatrixClose, identity64, type Matrix, matMul64 } from './matrix64';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const z = () => tf.randomNormal([5, 6], 0, 1, 'float32', 21) as tf.Tensor2D;

describe('productMatrix', () => {
  it('is W1 W2 W3 (float64 product of the weights) and reproduces the outputs', () => {
    const layer = implicitRankMinimizer(3, 6, { seed: 4 });
    const output = (layer.apply(z()) as tf.Tensor2D).arraySync();
    const W = layer.productMatrix();
    expect(W.shape).toEqual([6, 6]);
    const kernels = layer.getWeights().map((w) => w.arraySync() as Matrix);
    expectMatrixClose(W.arraySync(), chain64(kernels, 6), 1e-5);
    expectMatrixClose(matMul64(z().arraySync(), W.arraySync()), output, 1e-5);
  });

  it('is W^n with shared weights', () => {
    const layer = implicitRankMinimizer(3, 6, { shareWeights: true, seed: 4 });
    const W = layer.productMatrix(); // builds the layer on demand
    const k = layer.getWeights()[0].arraySync() as Matrix;
    expectMatrixClose(W.arraySync(), chain64([k, k, k], 6), 1e-5);
  });

  it('is the identity for n = 0', () => {
    expect(implicitRankMinimizer(0, 3).productMatrix().arraySync()).toEqual(identity64(3));
  });

  it('matches the documented example', () => {
    const layer = implicitRankMinimizer(2, 2, { kernelInitializer: 'identity' });
    expect(layer.productMatrix().arraySync()).toEqual([[1, 0], [0, 1]]);
  });
});

describe('productAffine', () => {
  it('folds biases as b1 W2 W3 + b2 W3 + b3 and reproduces the outputs', () => {
    const layer = implicitRankMinimizer(3, 6, { useBias: true, biasInitializer: 'randomNormal', seed: 8 });
    const output = (layer.apply(z()) as tf.Tensor2D).arraySync();
    const { kernel, bias } = layer.productAffine();
    expect(bias).not.toBeNull();
    const [k1, b1, k2, b2, k3, b3] = layer.getWeights().map((w) => w.arraySync());
    const expectedBias = [
      chain64([[b1 as number[]], k2 as Matrix, k3 as Matrix], 1)[0],
      matMul64([b2 as number[]], k3 as Matrix)[0],
      b3 as number[],
    ].reduce((acc, row) => acc.map((v, j) => v + row[j]));
    expectMatrixClose([bias!.arraySync()], [expectedBias], 1e-5);
    expectMatrixClose(kernel.arraySync(), chain64([k1, k2, k3] as Matrix[], 6), 1e-5);
    expectMatrixClose(addRow64(matMul64(z().arraySync(), kernel.arraySync()), bias!.arraySync()), output, 1e-5);
  });

  it('matches the documented example: identity kernels, unit biases, n = 2', () => {
    // b1 I + b2 = [1, 1] + [1, 1] = [2, 2].
    const layer = implicitRankMinimizer(2, 2, {
      useBias: true,
      kernelInitializer: 'identity',
      biasInitializer: 'ones',
    });
    expect(layer.productAffine().bias?.arraySync()).toEqual([2, 2]);
  });

  it('has a null bias without bias weights', () => {
    expect(implicitRankMinimizer(2, 3).productAffine().bias).toBeNull();
    expect(implicitRankMinimizer(0, 3, { useBias: true }).productAffine().bias).toBeNull();
  });
});

describe('toDense', () => {
  for (const options of [{}, { useBias: true, biasInitializer: 'randomUniform' }, { shareWeights: true }]) {
    it(`gives one dense layer with the same outputs (${JSON.stringify(options)})`, () => {
      const layer = implicitRankMinimizer(4, 6, { ...options, seed: 13 });
      const output = (layer.apply(z()) as tf.Tensor2D).arraySync();
      const dense = layer.toDense();
      expect(dense.getClassName()).toBe('Dense');
      expect(dense.built).toBe(true);
      expect(dense.getWeights().map((w) => w.shape)).toEqual(
        'useBias' in options ? [[6, 6], [6]] : [[6, 6]],
      );
      expectMatrixClose((dense.apply(z()) as tf.Tensor2D).arraySync(), output, 1e-5);
    });
  }

  it('drops into a sequential model in place of the layer', () => {
    const encoder = tf.layers.dense({ units: 6, inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) });
    const irm = implicitRankMinimizer(2, 6, { seed: 2 });
    const training = tf.sequential({ layers: [encoder, irm] });
    const inference = tf.sequential({ layers: [encoder, irm.toDense()] });
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 5);
    expectMatrixClose(
      (inference.predict(x) as tf.Tensor2D).arraySync(),
      (training.predict(x) as tf.Tensor2D).arraySync(),
      1e-5,
    );
  });

  it('is an identity dense layer for n = 0', () => {
    const dense = implicitRankMinimizer(0, 3).toDense();
    expect(dense.getWeights()[0].arraySync()).toEqual(identity64(3));
  });
});

describe('building on demand', () => {
  it('names the weights under the layer name, as a first call does', () => {
    const layer = implicitRankMinimizer(2, 3, { name: 'irm_on_demand', useBias: true });
    layer.productMatrix().dispose();
    expect(layer.weights.map((w) => w.name)).toEqual([
      'irm_on_demand/kernel_1',
      'irm_on_demand/bias_1',
      'irm_on_demand/kernel_2',
      'irm_on_demand/bias_2',
    ]);
    expect(layer.toDense().weights[0].name).toMatch(/^dense_Dense\d+\/kernel/);
  });

  it('lets a model holding two such layers and their dense copies save', async () => {
    const first = implicitRankMinimizer(2, 3);
    const second = implicitRankMinimizer(2, 3);
    first.productMatrix().dispose();
    second.productMatrix().dispose();
    const model = tf.sequential({
      layers: [tf.layers.inputLayer({ inputShape: [3] }), first, second, first.toDense(), second.toDense()],
    });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(saved?.weightSpecs?.map((spec) => spec.name)).toHaveLength(6);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 6) as tf.Tensor2D;
    expectMatrixClose(
      (loaded.predict(x) as tf.Tensor2D).arraySync(),
      (model.predict(x) as tf.Tensor2D).arraySync(),
      1e-6,
    );
  });
});

describe('tensor bookkeeping', () => {
  it('leaks no tensors across apply, productMatrix, productAffine and toDense', () => {
    const layer = implicitRankMinimizer(3, 8, { useBias: true });
    const input = tf.randomNormal([4, 8]);
    tf.dispose(layer.apply(input) as tf.Tensor); // builds the weights once
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      tf.dispose(layer.apply(input) as tf.Tensor);
      layer.productMatrix().dispose();
      const { kernel, bias } = layer.productAffine();
      tf.dispose([kernel, bias!]);
      const dense = layer.toDense();
      tf.dispose(dense.apply(input) as tf.Tensor);
      dense.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
