import * as tf from '@tensorflow/tfjs';

/**
 * The deterministic parameters and inputs of torch_reference.py, rebuilt in
 * TypeScript and converted from PyTorch's layouts to tfjs's.
 */

/** u(i, k) of torch_reference.py: a 32-bit integer hash of (i, k), in [-0.5, 0.5). */
export function hashUniform(i: number, k: number): number {
  let h = (Math.imul(i, 0x9e3779b1) + Math.imul(k + 1, 0x85ebca6b)) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, 0x2c1b3c6d) >>> 0;
  h = (h ^ (h >>> 12)) >>> 0;
  return h / 2 ** 32 - 0.5;
}

/** Parameter k of the reference, flattened in PyTorch's layout. */
function torchParameter(size: number, k: number, scale: number): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = hashUniform(i, k) * scale;
  return values;
}

/**
 * Sets a tfjs conv2d (`transposed` false) or conv2dTranspose layer to
 * parameters k (weight) and k + 1 (bias) of the reference.
 *
 * PyTorch Conv2d weight is [out, in, kh, kw], tfjs conv2d kernel
 * [kh, kw, in, out]; PyTorch ConvTranspose2d weight is [in, out, kh, kw],
 * tfjs conv2dTranspose kernel [kh, kw, out, in]. Both are permutations, with
 * no spatial flip: both libraries define the transposed convolution as the
 * adjoint of the same cross-correlation.
 */
export function setTorchParameters(layer: tf.layers.Layer, k: number, transposed: boolean): void {
  const [kernel, bias] = layer.getWeights();
  const [kh, kw, a, b] = kernel.shape; // conv: a = in, b = out; transposed: a = out, b = in
  const forwardIn = transposed ? b : a;
  // The PyTorch weight is [b, a, kh, kw] in both cases, and goes to [kh, kw, a, b].
  const torchWeight = tf.tensor4d(
    torchParameter(kh * kw * a * b, k, Math.sqrt(24 / (forwardIn * kh * kw))),
    [b, a, kh, kw],
  );
  const tfjsKernel = torchWeight.transpose([2, 3, 1, 0]);
  const tfjsBias = tf.tensor1d(torchParameter(bias.shape[0], k + 1, 0.2));
  layer.setWeights([tfjsKernel, tfjsBias]);
  tf.dispose([torchWeight, tfjsKernel, tfjsBias]);
}

/** The reference input pattern ((7n + 3c + 5h + 11w) mod 17) / 16, NHWC. */
export function referenceInput(n: number, c: number, h: number, w: number): tf.Tensor4D {
  const values = new Float32Array(n * h * w * c);
  let index = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) values[index++] = ((7 * b + 3 * ch + 5 * y + 11 * x) % 17) / 16;
      }
    }
  }
  return tf.tensor4d(values, [n, h, w, c]);
}
