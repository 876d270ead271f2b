import * as tf from '@tensorflow/tfjs';
import { pseudoRandom } from './helpers';

// The convolution shapes of the gradient tests and the computations run on them,
// shared by the comparison with the cpu backend and the one between GEMM paths.

export type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

export interface Case {
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

export function describeCase(c: Case): string {
  return `x [${c.batch},${c.height},${c.width},${c.inChannels}] k ${c.kernel} s ${c.strides} pad ${JSON.stringify(c.pad)}${c.dimRoundingMode ? ` ${c.dimRoundingMode}` : ''}`;
}

/** Strides 1-3, kernels 1-5 (square and not), every kind of padding, batch 1 and 7, odd sizes. */
export function gridCases(): Case[] {
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
export function conv2dGradients(c: Case): tf.Tensor[] {
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
export function conv2dTransposeAndGradients(c: Case): tf.Tensor[] {
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
