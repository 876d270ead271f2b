import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { ImplicitRankMinimizer, implicitRankMinimizer } from '../../src/layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ImplicitRankMinimizer argument errors', () => {
  const nCases: [unknown, string][] = [
    [2.5, '2.5'],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    ['2', '"2"'],
    [undefined, 'undefined'],
    [null, 'null'],
  ];
  for (const [n, shown] of nCases) {
    it(`rejects n = ${shown}`, () => {
      expect(() => implicitRankMinimizer(n as number, 4)).toThrow(
        new Error(`\`n\` must be a non-negative integer, but got ${shown}`),
      );
    });
  }

  const dimCases: [unknown, string][] = [
    [0, '0'],
    [-3, '-3'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
    ['32', '"32"'],
    [[32], '[32]'],
  ];
  for (const [dim, shown] of dimCases) {
    it(`rejects dim = ${shown}`, () => {
      expect(() => implicitRankMinimizer(2, dim as number)).toThrow(
        new Error(`\`dim\` must be a positive integer, but got ${shown}`),
      );
    });
  }

  it('reports a missing argument object as a missing n', () => {
    expect(() => new ImplicitRankMinimizer(undefined as never)).toThrow(
      new Error('`n` must be a non-negative integer, but got undefined'),
    );
  });

  it('accepts n = 0 and dim = 1', () => {
    expect(implicitRankMinimizer(0, 1).n).toBe(0);
    expect(implicitRankMinimizer(3, 1).dim).toBe(1);
  });

  it('rejects non-boolean useBias and shareWeights', () => {
    expect(() => implicitRankMinimizer(2, 4, { useBias: 'yes' as unknown as boolean })).toThrow(
      new Error('`useBias` must be a boolean, but got "yes"'),
    );
    expect(() => implicitRankMinimizer(2, 4, { shareWeights: 1 as unknown as boolean })).toThrow(
      new Error('`shareWeights` must be a boolean, but got 1'),
    );
  });

  it('rejects a non-finite seed and a seed given with a kernelInitializer', () => {
    expect(() => implicitRankMinimizer(2, 4, { seed: Number.NaN })).toThrow(
      new Error('`seed` must be an integer in [0, 2^32 - 1], but got NaN'),
    );
    expect(() => implicitRankMinimizer(2, 4, { seed: 1, kernelInitializer: 'glorotUniform' })).toThrow(
      new Error(
        '`seed` seeds the default kernelInitializer and cannot be combined with ' +
          '`kernelInitializer`; pass the seed to that initializer instead, but got both',
      ),
    );
  });

  it('rejects initializers tfjs does not know', () => {
    expect(() => implicitRankMinimizer(2, 4, { kernelInitializer: 'fooBar' })).toThrow(
      new Error('`kernelInitializer` names no registered tfjs initializer, but got "fooBar"'),
    );
    expect(() => implicitRankMinimizer(2, 4, { kernelInitializer: 'dense' })).toThrow(
      new Error('`kernelInitializer` could not be built from "dense": ' + dense0Message()),
    );
    expect(() => implicitRankMinimizer(2, 4, { kernelInitializer: 42 as unknown as string })).toThrow(
      new Error('`kernelInitializer` must be a tfjs initializer, its name or its {className, config}, but got 42'),
    );
    expect(() =>
      implicitRankMinimizer(2, 4, { useBias: true, biasInitializer: { className: 'NoSuchInit', config: {} } }),
    ).toThrow(
      new Error('`biasInitializer` names no registered tfjs initializer, but got {"className":"NoSuchInit","config":{}}'),
    );
    expect(() => implicitRankMinimizer(2, 4, { kernelInitializer: 'constant' })).toThrow(
      /^`kernelInitializer` could not be built from "constant": .*value/,
    );
  });

  it('rejects a registered class that is not an initializer', () => {
    expect(() => implicitRankMinimizer(2, 4, { kernelInitializer: { className: 'Flatten', config: {} } })).toThrow(
      new Error('`kernelInitializer` names no registered tfjs initializer, but got {"className":"Flatten","config":{}}'),
    );
  });
});

/** The message tfjs's Dense constructor throws when built from an empty config. */
function dense0Message(): string {
  try {
    tf.layers.dense({} as never);
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('ImplicitRankMinimizer input errors', () => {
  it('rejects an eager input whose last axis is not dim', () => {
    expect(() => implicitRankMinimizer(2, 32).apply(tf.zeros([3, 16]))).toThrow(
      new Error('ImplicitRankMinimizer expected input last dimension 32 (dim), but got 16'),
    );
  });

  it('rejects a wrong last axis after the layer is built', () => {
    const layer = implicitRankMinimizer(2, 32);
    layer.apply(tf.zeros([1, 32]));
    expect(() => layer.apply(tf.zeros([3, 16]))).toThrow(
      new Error('ImplicitRankMinimizer expected input last dimension 32 (dim), but got 16'),
    );
  });

  it('rejects a symbolic input whose last axis is not dim', () => {
    expect(() => implicitRankMinimizer(2, 32).apply(tf.input({ shape: [16] }))).toThrow(
      new Error('ImplicitRankMinimizer expected input last dimension 32 (dim), but got 16'),
    );
  });

  it('rejects a mismatch inside tf.sequential', () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 16, inputShape: [3] }));
    expect(() => model.add(implicitRankMinimizer(2, 32))).toThrow(
      new Error('ImplicitRankMinimizer expected input last dimension 32 (dim), but got 16'),
    );
  });

  it('rejects inputs that are not rank 2', () => {
    expect(() => implicitRankMinimizer(2, 4).apply(tf.zeros([2, 3, 4]))).toThrow(
      new Error('ImplicitRankMinimizer expected input of rank 2 ([batch, dim]), but got rank 3 with shape [2,3,4]'),
    );
    expect(() => implicitRankMinimizer(2, 4).apply(tf.zeros([4]))).toThrow(
      new Error('ImplicitRankMinimizer expected input of rank 2 ([batch, dim]), but got rank 1 with shape [4]'),
    );
    expect(() => implicitRankMinimizer(2, 4).apply(tf.input({ shape: [2, 4] }))).toThrow(
      new Error('ImplicitRankMinimizer expected input of rank 2 ([batch, dim]), but got rank 3 with shape [null,2,4]'),
    );
  });

  it('rejects several inputs', () => {
    expect(() => new ImplicitRankMinimizer({ n: 1, dim: 2 }).apply([tf.zeros([1, 2]), tf.zeros([1, 2])])).toThrow(
      new Error('ImplicitRankMinimizer expected one input, but got 2'),
    );
  });

  it('checks shapes in computeOutputShape, returning a copy', () => {
    const layer = implicitRankMinimizer(2, 4);
    const shape = [null, 4];
    const out = layer.computeOutputShape(shape);
    expect(out).toEqual([null, 4]);
    expect(out).not.toBe(shape);
    expect(() => layer.computeOutputShape([null, 5])).toThrow(
      new Error('ImplicitRankMinimizer expected input last dimension 4 (dim), but got 5'),
    );
  });
});
