import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { ImplicitRankMinimizer, implicitRankMinimizer } from '../../src/layers';
import { streamSeed } from '../../src/random';
import { addRow64, chain64, expectMatrixClose, type Matrix, matMul64 } from './matrix64';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function weightsOf(layer: tf.layers.Layer): Matrix[] {
  return layer.getWeights().map((w) => w.arraySync() as Matrix);
}

function flatWeights(layer: tf.layers.Layer): number[] {
  return layer.getWeights().flatMap((w) => Array.from(w.dataSync()));
}

function std(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}

describe('ImplicitRankMinimizer forward pass', () => {
  it('equals z W1 W2 W3 computed in float64 from the layer weights', () => {
    const layer = implicitRankMinimizer(3, 5, { seed: 11 });
    const z = tf.randomNormal([4, 5], 0, 1, 'float32', 3) as tf.Tensor2D;
    const output = layer.apply(z) as tf.Tensor2D;
    expect(output.shape).toEqual([4, 5]);
    const kernels = weightsOf(layer);
    expect(kernels.map((k) => `${k.length}x${k[0].length}`)).toEqual(['5x5', '5x5', '5x5']);
    expectMatrixClose(output.arraySync(), chain64([z.arraySync(), ...kernels], 4), 1e-5);
  });

  it('adds each bias after its kernel when useBias is true', () => {
    const layer = implicitRankMinimizer(2, 3, { useBias: true, biasInitializer: 'randomNormal', seed: 5 });
    const z = tf.randomNormal([6, 3], 0, 1, 'float32', 4) as tf.Tensor2D;
    expect(layer.getWeights()).toHaveLength(0); // weights are created by the first call
    const output = (layer.apply(z) as tf.Tensor2D).arraySync();
    const [w1, c1, w2, c2] = layer.getWeights().map((w) => w.arraySync());
    const expected = addRow64(
      matMul64(addRow64(matMul64(z.arraySync(), w1 as Matrix), c1 as number[]), w2 as Matrix),
      c2 as number[],
    );
    expectMatrixClose(output, expected, 1e-5);
  });

  it('follows PyTorch nn.Linear stacked with weight = kernel transposed', () => {
    // Expected rows computed with PyTorch 1.13 in float64:
    //   l_i = nn.Linear(3, 3); l_i.weight = W_i.T; l_i.bias = b_i
    //   nn.Sequential(l1, l2)(z)  (without biases: bias=False)
    const W1 = [[0.5, -1, 2], [1.5, 0.25, -0.5], [-2, 1, 0.75]];
    const W2 = [[1, 0.5, 0], [-0.5, 2, 1], [0.25, -1, 1.5]];
    const b1 = [0.1, -0.2, 0.3];
    const b2 = [-1, 0.5, 2];
    const z = tf.tensor2d([[1, 2, -1], [0.5, -0.25, 3]]);

    const linear = implicitRankMinimizer(2, 3);
    linear.apply(tf.zeros([1, 3]));
    linear.setWeights([tf.tensor2d(W1), tf.tensor2d(W2)]);
    expectMatrixClose((linear.apply(z) as tf.Tensor2D).arraySync(), [[6.3125, -0.5, -1.125], [-6.5, -1.5625, 7.5]], 1e-5);

    const affine = implicitRankMinimizer(2, 3, { useBias: true });
    affine.apply(tf.zeros([1, 3]));
    affine.setWeights([tf.tensor2d(W1), tf.tensor1d(b1), tf.tensor2d(W2), tf.tensor1d(b2)]);
    expectMatrixClose(
      (affine.apply(z) as tf.Tensor2D).arraySync(),
      [[5.5875, -0.65, 1.125], [-7.225, -1.7125, 9.75]],
      1e-5,
    );
  });

  it('matches the documented example: constant 0.5 kernels, n = 2', () => {
    // [1, 3] . [[.5, .5], [.5, .5]] = [2, 2]; [2, 2] . same = [2, 2].
    const layer = new ImplicitRankMinimizer({
      n: 2,
      dim: 2,
      kernelInitializer: { className: 'Constant', config: { value: 0.5 } },
    });
    expect((layer.apply(tf.tensor2d([[1, 3]])) as tf.Tensor).arraySync()).toEqual([[2, 2]]);
  });

  it('is the identity without weights for n = 0, returning a new tensor', () => {
    const layer = implicitRankMinimizer(0, 4, { useBias: true });
    const z = tf.tensor2d([[1, -2, 3.5, 0], [0.25, 7, -1, 2]]);
    const output = layer.apply(z) as tf.Tensor;
    expect(output).not.toBe(z);
    expect(output.arraySync()).toEqual(z.arraySync());
    expect(layer.getWeights()).toHaveLength(0);
  });

  it('casts int32 codes to float32', () => {
    const layer = implicitRankMinimizer(1, 2, { kernelInitializer: 'identity' });
    const output = layer.apply(tf.tensor2d([[1, 2]], [1, 2], 'int32')) as tf.Tensor;
    expect(output.dtype).toBe('float32');
    expect(output.arraySync()).toEqual([[1, 2]]);
  });
});

describe('ImplicitRankMinimizer shareWeights', () => {
  it('holds one kernel and computes z W^n', () => {
    const layer = implicitRankMinimizer(4, 6, { shareWeights: true, seed: 2 });
    const z = tf.randomNormal([3, 6], 0, 1, 'float32', 9) as tf.Tensor2D;
    const output = (layer.apply(z) as tf.Tensor2D).arraySync();
    const weights = layer.getWeights();
    expect(layer.weights.map((w) => w.name.split('/').pop())).toEqual(['kernel_1']);
    const W = weights[0].arraySync() as Matrix;
    expectMatrixClose(output, chain64([z.arraySync(), W, W, W, W], 3), 1e-5);
  });

  it('shares one bias too: ((z W + b) W + b)', () => {
    const layer = implicitRankMinimizer(2, 3, { shareWeights: true, useBias: true, biasInitializer: 'ones' });
    const z = tf.tensor2d([[1, 0, -1]]);
    const output = (layer.apply(z) as tf.Tensor2D).arraySync();
    const [W, b] = layer.getWeights().map((w) => w.arraySync());
    expect(layer.weights.map((w) => w.name.split('/').pop())).toEqual(['kernel_1', 'bias_1']);
    const once = addRow64(matMul64(z.arraySync(), W as Matrix), b as number[]);
    expectMatrixClose(output, addRow64(matMul64(once, W as Matrix), b as number[]), 1e-5);
  });
});

describe('ImplicitRankMinimizer default initializer (PyTorch nn.Linear)', () => {
  // 4 kernels of 64 x 64 give N = 16384 draws. For U(-a, a), sigma = a / sqrt(3)
  // and the sample std has relative standard error ~ 0.5 sqrt((mu4/sigma^4 - 1) / N)
  // = 0.5 sqrt(0.8 / N) = 0.35 % (uniform kurtosis mu4/sigma^4 = 1.8). The 2 %
  // tolerance is > 5 standard errors, while Glorot uniform (a = sqrt(3/64) for a
  // square kernel) would be 73 % off. The seed makes the draw fixed anyway.
  const dim = 64;
  const bound = 1 / Math.sqrt(dim);

  it('draws uniform in [-1/sqrt(dim), 1/sqrt(dim)] with std (1/sqrt(dim))/sqrt(3)', () => {
    const layer = implicitRankMinimizer(4, dim, { seed: 123 });
    layer.apply(tf.zeros([1, dim]));
    const values = flatWeights(layer);
    expect(values).toHaveLength(4 * dim * dim);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
    // The largest of 16384 uniform draws is within bound * (1 - 1e-3) with
    // probability 1 - (1 - 1e-3)^16384 > 1 - 1e-7.
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(bound * 0.999);
    expect(Math.abs(std(values) / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.02);
    // Mean: standard error sigma / sqrt(N) = 0.00056; 0.003 is > 5 of them.
    expect(Math.abs(values.reduce((a, b) => a + b, 0) / values.length)).toBeLessThan(0.003);
  });

  it('is sqrt(3) times narrower than tfjs Glorot uniform on a square kernel', () => {
    const torchLike = implicitRankMinimizer(4, dim, { seed: 1 });
    const glorot = implicitRankMinimizer(4, dim, { kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) });
    torchLike.apply(tf.zeros([1, dim]));
    glorot.apply(tf.zeros([1, dim]));
    const ratio = std(flatWeights(glorot)) / std(flatWeights(torchLike));
    expect(Math.abs(ratio - Math.sqrt(3))).toBeLessThan(0.05);
  });

  it('is reproducible for a seed, and gives each kernel its own draw', () => {
    const a = implicitRankMinimizer(2, 8, { seed: 7 });
    const b = implicitRankMinimizer(2, 8, { seed: 7 });
    const c = implicitRankMinimizer(2, 8, { seed: 8 });
    for (const layer of [a, b, c]) layer.apply(tf.zeros([1, 8]));
    expect(flatWeights(a)).toEqual(flatWeights(b));
    expect(flatWeights(a)).not.toEqual(flatWeights(c));
    const [k1, k2] = weightsOf(a);
    expect(k1).not.toEqual(k2);
  });

  it('draws kernel i of a user-seeded initializer from streamSeed(seed, irm-kernel, i - 1)', () => {
    const layer = implicitRankMinimizer(3, 4, { kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) });
    layer.apply(tf.zeros([1, 4]));
    const [k1, k2, k3] = weightsOf(layer);
    expect(k1).not.toEqual(k2);
    expect(k2).not.toEqual(k3);
    [k1, k2, k3].forEach((kernel, i) => {
      const single = tf.initializers.glorotUniform({ seed: streamSeed(3, 'irm-kernel', i) }).apply([4, 4]);
      expect(kernel).toEqual(single.arraySync());
    });
  });
});
