import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmTraining } from '../../src/backends';
import { expectRelativeClose, onBackend, pseudoRandom } from './helpers';

// The second implementation these tests compare against is tfjs's 'cpu'
// backend: plain JavaScript loops written independently of the wasm kernels.

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

interface Case {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernel: [number, number];
  strides: [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const TOLERANCE = 1e-4;

function describeCase(c: Case): string {
  return `x [${c.batch},${c.height},${c.width},${c.inChannels}] k ${c.kernel} s ${c.strides} pad ${JSON.stringify(c.pad)}${c.dimRoundingMode ? ` ${c.dimRoundingMode}` : ''}`;
}

/** Strides 1-3, kernels 1-5 (square and not), every kind of padding, batch 1 and 7, odd sizes. */
function gridCases(): Case[] {
  const cases: Case[] = [];
  const pads: Pad[] = ['same', 'valid', [[0, 0], [1, 2], [0, 1], [0, 0]]];
  let i = 0;
  for (const stride of [1, 2, 3]) {
    for (const kernel of [1, 2, 3, 4, 5]) {
      for (const pad of pads) {
        const batch = i % 2 === 0 ? 1 : 7;
        const height = 7 + (i % 3) * 2; // 7, 9, 11
        const width = 6 + (i % 4); // 6..9
        cases.push({ batch, height, width, inChannels: 3, outChannels: 5, kernel: [kernel, kernel], strides: [stride, stride], pad });
        i++;
      }
    }
  }
  cases.push({ batch: 2, height: 9, width: 8, inChannels: 4, outChannels: 3, kernel: [3, 2], strides: [2, 3], pad: 'same' });
  cases.push({ batch: 3, height: 10, width: 7, inChannels: 2, outChannels: 6, kernel: [5, 3], strides: [1, 2], pad: 'valid' });
  cases.push({ batch: 2, height: 9, width: 9, inChannels: 3, outChannels: 4, kernel: [3, 3], strides: [2, 2], pad: 1, dimRoundingMode: 'ceil' });
  cases.push({ batch: 2, height: 10, width: 10, inChannels: 3, outChannels: 4, kernel: [4, 4], strides: [3, 3], pad: 2, dimRoundingMode: 'floor' });
  // The shape autoencoder's layers: k4 s2 'same' on 32x32 and k2 s1 'valid' on 2x2.
  cases.push({ batch: 2, height: 32, width: 32, inChannels: 3, outChannels: 8, kernel: [4, 4], strides: [2, 2], pad: 'same' });
  cases.push({ batch: 2, height: 2, width: 2, inChannels: 16, outChannels: 8, kernel: [2, 2], strides: [1, 1], pad: 'valid' });
  // The MNIST models' layers: the 1-channel input's k4 s2 'same' convolution
  // on 32x32, and the decoder's last transposed convolution, k1 to 1 channel
  // (its case's x is the 1-channel output).
  cases.push({ batch: 2, height: 32, width: 32, inChannels: 1, outChannels: 8, kernel: [4, 4], strides: [2, 2], pad: 'same' });
  cases.push({ batch: 2, height: 32, width: 32, inChannels: 1, outChannels: 8, kernel: [1, 1], strides: [1, 1], pad: 'valid' });
  return cases;
}

/** The gradients of sum(conv2d(x, w) * r) with respect to x and w: dy = r exercises arbitrary output gradients. */
function conv2dGradients(c: Case): tf.Tensor[] {
  const x = tf.tensor4d(pseudoRandom(c.batch * c.height * c.width * c.inChannels, 1), [c.batch, c.height, c.width, c.inChannels]);
  const w = tf.tensor4d(pseudoRandom(c.kernel[0] * c.kernel[1] * c.inChannels * c.outChannels, 2), [...c.kernel, c.inChannels, c.outChannels]);
  const y = tf.conv2d(x, w, c.strides, c.pad, 'NHWC', 1, c.dimRoundingMode);
  const r = tf.tensor(pseudoRandom(y.size, 3), y.shape);
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad, 'NHWC', 1, c.dimRoundingMode).mul(r).sum(),
  )([x, w]);
  return [y, dx, dw];
}

/** conv2dTranspose of `y`-shaped input back to the case's x shape, and its gradients with respect to input and filter. */
function conv2dTransposeAndGradients(c: Case): tf.Tensor[] {
  const yShape = tf.tidy(() => tf.conv2d(tf.zeros([c.batch, c.height, c.width, c.inChannels]) as tf.Tensor4D, tf.zeros([...c.kernel, c.inChannels, c.outChannels]) as tf.Tensor4D, c.strides, c.pad, 'NHWC', 1, c.dimRoundingMode).shape);
  const input = tf.tensor4d(pseudoRandom(yShape.reduce((a, b) => a * b, 1), 4), yShape as [number, number, number, number]);
  const w = tf.tensor4d(pseudoRandom(c.kernel[0] * c.kernel[1] * c.inChannels * c.outChannels, 5), [...c.kernel, c.inChannels, c.outChannels]);
  const outShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const r = tf.tensor(pseudoRandom(outShape.reduce((a, b) => a * b, 1), 6), outShape);
  const transposed = (a: tf.Tensor, b: tf.Tensor) =>
    tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, outShape, c.strides, c.pad, c.dimRoundingMode);
  const out = transposed(input, w);
  const [dInput, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => transposed(a, b).mul(r).sum())([input, w]);
  return [out, dInput, dw];
}

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
