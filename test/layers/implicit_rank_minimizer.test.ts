import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { ImplicitRankMinimizer, implicitRankMinimizer } from '../../src/layers';

/** Row-major float64 product of an [r, k] and a [k, c] matrix, in plain JS. */
function matMul64(a: number[][], b: number[][]): number[][] {
  return a.map((row) =>
    b[0].map((_, j) => row.reduce((sum, aik, k) => sum + aik * b[k][j], 0)),
  );
}

function addRow(a: number[][], bias: number[]): number[][] {
  return a.map((row) => row.map((v, j) => v + bias[j]));
}

function expectClose(actual: number[][], expected: number[][], tol: number): void {
  expect(actual.length).toBe(expected.length);
  expect(actual[0].length).toBe(expected[0].length);
  for (let i = 0; i < expected.length; i++) {
    for (let j = 0; j < expected[0].length; j++) {
      expect(Math.abs(actual[i][j] - expected[i][j])).toBeLessThan(tol);
    }
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ImplicitRankMinimizer forward pass', () => {
  it('equals z W1 W2 W3 computed in float64 from the layer weights', () => {
    const layer = implicitRankMinimizer(3, 5, { seed: 11 });
    const z = tf.randomNormal([4, 5], 0, 1, 'float32', 3) as tf.Tensor2D;
    const output = (layer.apply(z) as tf.Tensor2D).arraySync();
    const kernels = layer.getWeights().map((w) => w.arraySync() as number[][]);
    expect(kernels.map((k) => [k.length, k[0].length])).toEqual([[5, 5], [5, 5], [5, 5]]);
    const expected = kernels.reduce((acc, k) => matMul64(acc, k), z.arraySync());
    expectClose(output, expected, 1e-5);
  });

  it('adds each bias after its kernel when useBias is true', () => {
    const layer = implicitRankMinimizer(2, 3, { useBias: true, biasInitializer: 'randomNormal', seed: 5 });
    const z = tf.randomNormal([6, 3], 0, 1, 'float32', 4) as tf.Tensor2D;
    const output = (layer.apply(z) as tf.Tensor2D).arraySync();
    const [k1, b1, k2, b2] = layer.getWeights().map((w) => w.arraySync());
    const expected = addRow(
      matMul64(addRow(matMul64(z.arraySync(), k1 as number[][]), b1 as number[]), k2 as number[][]),
      b2 as number[],
    );
    expectClose(output, expected, 1e-5);
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

  it('is the identity without weights for n = 0', () => {
    const layer = implicitRankMinimizer(0, 4, { useBias: true });
    const z = tf.tensor2d([[1, -2, 3.5, 0], [0.25, 7, -1, 2]]);
    const output = layer.apply(z) as tf.Tensor;
    expect(output).not.toBe(z);
    expect(output.arraySync()).toEqual(z.arraySync());
    expect(layer.getWeights()).toHaveLength(0);
  });
});
