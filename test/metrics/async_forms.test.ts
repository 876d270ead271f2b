import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { CovarianceAccumulator, latentSpectrum, latentSpectrumAsync, readCodes } from '../../src/metrics';
import { CODES, SPECTRUM_MAX, SPECTRUM_SUM } from './fixtures';
import { expectAllClose } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A tensor look-alike whose dataSync() throws, to prove a code path never blocks on it. */
function withoutDataSync(tensor: tf.Tensor2D): tf.Tensor2D {
  return new Proxy(tensor, {
    get: (target, key) =>
      key === 'dataSync'
        ? () => {
            throw new Error('dataSync() was called');
          }
        : Reflect.get(target, key, target),
  });
}

describe('readCodes', () => {
  it('reads a tensor with data(), never dataSync(), into row-major { data, dim }', async () => {
    const tensor = tf.tensor2d(CODES);
    const read = await readCodes(withoutDataSync(tensor));
    expect('dim' in read && read.dim).toBe(4);
    // The float32 values of CODES, row after row.
    expectAllClose(Array.from((read as { data: ArrayLike<number> }).data), CODES.flat().map(Math.fround), 0);
    tensor.dispose();
  });

  it('returns arrays, matrices and flat buffers as they are', async () => {
    const flat = { data: [1, 2, 3, 4], dim: 2 };
    expect(await readCodes(CODES)).toBe(CODES);
    expect(await readCodes(flat)).toBe(flat);
  });

  it('rejects a tensor of the wrong rank, naming the argument', async () => {
    const tensor = tf.zeros([2, 2, 2]) as unknown as tf.Tensor2D;
    await expect(readCodes(tensor)).rejects.toThrow('`codes` must be a 2D tensor [samples, dim], but got shape [2, 2, 2]');
    tensor.dispose();
  });
});

describe('latentSpectrumAsync', () => {
  it('matches NumPy (fixtures.ts) within float32 input rounding, without dataSync()', async () => {
    const tensor = tf.tensor2d(CODES);
    expectAllClose(await latentSpectrumAsync(withoutDataSync(tensor)), SPECTRUM_MAX, 1e-6);
    expectAllClose(await latentSpectrumAsync(withoutDataSync(tensor), { normalize: 'sum' }), SPECTRUM_SUM, 1e-6);
    tensor.dispose();
  });

  it('equals the synchronous form to the bit, and leaks no tensor', async () => {
    const tensor = tf.tensor2d(CODES);
    const before = tf.memory().numTensors;
    expect(Array.from(await latentSpectrumAsync(tensor))).toEqual(Array.from(latentSpectrum(tensor)));
    expect(tf.memory().numTensors).toBe(before);
    tensor.dispose();
  });
});

describe('CovarianceAccumulator.addAsync', () => {
  it('accumulates tensors without dataSync() to the covariance that add() gives', async () => {
    const first = tf.tensor2d(CODES.slice(0, 4));
    const second = tf.tensor2d(CODES.slice(4));
    const streamed = new CovarianceAccumulator();
    await streamed.addAsync(withoutDataSync(first));
    await streamed.addAsync(withoutDataSync(second));
    const direct = new CovarianceAccumulator().add(first).add(second);
    expect(streamed.count).toBe(6);
    expect(streamed.covariance().to2DArray()).toEqual(direct.covariance().to2DArray());
    tf.dispose([first, second]);
  });
});
