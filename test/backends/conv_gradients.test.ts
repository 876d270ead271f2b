import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmTraining } from '../../src/backends';
import { conv2dGradients, conv2dTransposeAndGradients, describeCase, gridCases } from './conv_cases';
import { expectRelativeClose, onBackend, pseudoRandom } from './helpers';

// The second implementation these tests compare against is tfjs's 'cpu'
// backend: plain JavaScript loops written independently of the wasm kernels.

const TOLERANCE = 1e-4;

beforeAll(async () => {
  await useWasmTraining();
});

describe('wasm training kernels against the cpu backend', () => {
  const cases = gridCases();

  it(`conv2d and its input and filter gradients match on ${cases.length} shapes`, async () => {
    for (const c of cases) {
      const expected = await onBackend('cpu', () => conv2dGradients(c));
      const actual = await onBackend('wasm', () => conv2dGradients(c));
      ['y', 'dx', 'dw'].forEach((name, i) => expectRelativeClose(actual[i], expected[i], TOLERANCE, `${name} ${describeCase(c)}`));
    }
  });

  it(`conv2dTranspose and its gradients match on ${cases.length} shapes`, async () => {
    for (const c of cases) {
      const expected = await onBackend('cpu', () => conv2dTransposeAndGradients(c));
      const actual = await onBackend('wasm', () => conv2dTransposeAndGradients(c));
      ['out', 'dInput', 'dw'].forEach((name, i) => expectRelativeClose(actual[i], expected[i], TOLERANCE, `${name} ${describeCase(c)}`));
    }
  });

  it('NCHW tensors give the same kernels results as on the cpu backend', async () => {
    // tf.conv2d on wasm is NHWC-only, so call the gradient kernels directly.
    const x = pseudoRandom(2 * 3 * 9 * 8, 7);
    const dy = pseudoRandom(2 * 4 * 5 * 4, 8);
    const filter = pseudoRandom(3 * 3 * 3 * 4, 9);
    const attrs = { strides: [2, 2], pad: 'same', dataFormat: 'NCHW' };
    const run = () => [
      tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor4d(x, [2, 3, 9, 8]), dy: tf.tensor4d(dy, [2, 4, 5, 4]) }, { ...attrs, filterShape: [3, 3, 3, 4] }) as tf.Tensor,
      tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor4d(dy, [2, 4, 5, 4]), filter: tf.tensor4d(filter, [3, 3, 3, 4]) }, { ...attrs, inputShape: [2, 3, 9, 8] }) as tf.Tensor,
    ];
    const expected = await onBackend('cpu', run);
    const actual = await onBackend('wasm', run);
    expectRelativeClose(actual[0], expected[0], TOLERANCE, 'NCHW filter gradient');
    expectRelativeClose(actual[1], expected[1], TOLERANCE, 'NCHW input gradient');
  });

  it('dilated convolutions run forward on wasm, and their gradients are refused by tfjs itself', async () => {
    const run = () => {
      const x = tf.tensor4d(pseudoRandom(1 * 9 * 9 * 2, 10), [1, 9, 9, 2]);
      const w = tf.tensor4d(pseudoRandom(3 * 3 * 2 * 3, 11), [3, 3, 2, 3]);
      return [tf.conv2d(x, w, 1, 'same', 'NHWC', 2)];
    };
    expectRelativeClose((await onBackend('wasm', run))[0], (await onBackend('cpu', run))[0], TOLERANCE, 'dilated conv2d');
    await tf.setBackend('wasm');
    const x = tf.ones([1, 9, 9, 2]);
    const w = tf.ones([3, 3, 2, 3]);
    expect(() => tf.grad((a: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, 1, 'same', 'NHWC', 2).sum())(x)).toThrow(
      /dilation rates greater than 1 are not yet supported in gradients/,
    );
    tf.dispose([x, w]);
  });

  it('handles an empty batch like the cpu backend', async () => {
    const run = () => {
      const x = tf.zeros([0, 8, 8, 2]) as tf.Tensor4D;
      const w = tf.tensor4d(pseudoRandom(3 * 3 * 2 * 3, 14), [3, 3, 2, 3]);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same').sum())([x, w]);
      const transposed = tf.conv2dTranspose(tf.zeros([0, 4, 4, 3]) as tf.Tensor4D, w, [0, 8, 8, 2], 2, 'same');
      return [dx, dw, transposed];
    };
    const expected = await onBackend('cpu', run);
    const actual = await onBackend('wasm', run);
    expect(actual.map((a) => a.length)).toEqual([0, 54, 0]);
    expect(Array.from(actual[1])).toEqual(Array.from(expected[1]));
    expect(Array.from(actual[1])).toEqual(new Array(54).fill(0));
  });

  it('frees every intermediate: tensors and wasm heap allocations stay flat', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as tf.KernelBackend & { numDataIds(): number };
    const x = tf.tensor4d(pseudoRandom(3 * 9 * 9 * 3, 12), [3, 9, 9, 3]);
    const w = tf.tensor4d(pseudoRandom(4 * 4 * 3 * 5, 13), [4, 4, 3, 5]);
    const step = () => tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), b as tf.Tensor4D, [3, 9, 9, 3], 2, 'same').sum())([x, w]).map((g) => g.sum()));
    tf.dispose(step());
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    for (let i = 0; i < 5; i++) tf.dispose(step());
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    tf.dispose([x, w]);
  });
});
