import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useWasmTraining } from '../../src/backends';
import { conv2DGemmWasm } from '../../src/backends/conv2d_gemm';
import { setGemmPath } from '../../src/backends/gemm';
import { expectRelativeClose, pseudoRandom } from './helpers';

// [input NHWC, filter HWIO, stride, pad]: the shape encoder's 4x4 -> 2x2 layer and its 2x2 -> code layer
// (batch 32), then small layers with more output channels than output pixels, 'same', 'valid' and a number.
const GEMM_CASES: Array<[number[], number[], number, 'same' | 'valid' | number]> = [
  [[32, 4, 4, 128], [4, 4, 128, 256], 2, 1],
  [[32, 2, 2, 256], [2, 2, 256, 32], 1, 'valid'],
  [[1, 5, 5, 7], [3, 3, 7, 20], 2, 'same'],
  [[1, 3, 3, 5], [3, 3, 5, 40], 1, 1],
  [[1, 3, 3, 8], [3, 3, 8, 40], 1, 'valid'],
];

let stock: tf.KernelConfig;

beforeAll(async () => {
  stock = tf.getKernel('Conv2D', 'wasm')!; // the wasm package's own, before useWasmTraining wraps it
  await useWasmTraining();
});

afterEach(() => setGemmPath(undefined));

/** Runs `kernelFunc` on x, filter as tfjs would for `tf.conv2d`, and reads the result. */
function run(kernelFunc: tf.KernelFunc, x: tf.Tensor, filter: tf.Tensor, stride: number, pad: 'same' | 'valid' | number): Float32Array {
  const attrs = { strides: stride, pad, dataFormat: 'NHWC', dilations: 1 } as unknown as tf.NamedAttrMap;
  const info = kernelFunc({ inputs: { x, filter }, backend: tf.backend(), attrs }) as tf.TensorInfo;
  const result = tf.engine().makeTensorFromTensorInfo(info);
  const values = result.dataSync() as Float32Array;
  result.dispose();
  return values;
}

describe('Conv2D as im2col + GEMM on wasm', () => {
  it.each(GEMM_CASES)('gives the stock kernel\'s output to the bit on the SIMD128 path, without calling it: input %j, filter %j, stride %j, pad %j', (inShape, filterShape, stride, pad) => {
    setGemmPath('simd128');
    const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(pseudoRandom(size(inShape), 3), inShape);
    const filter = tf.tensor(pseudoRandom(size(filterShape), 4), filterShape);
    let stockCalls = 0;
    const gemm = conv2DGemmWasm((args) => {
      stockCalls++;
      return stock.kernelFunc(args);
    });
    const expected = run(stock.kernelFunc, x, filter, stride, pad);
    expect(Array.from(run(gemm, x, filter, stride, pad))).toEqual(Array.from(expected));
    expect(stockCalls).toBe(0);
    // tf.conv2d itself runs the registered wrapper and agrees too.
    const viaOp = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, stride, pad);
    expect(Array.from(viaOp.dataSync())).toEqual(Array.from(expected));
    // The fused path rounds once per multiply-add: within 1e-5 of the stock kernel (gemm.test.ts tests it on more shapes).
    setGemmPath('fma');
    expectRelativeClose(run(gemm, x, filter, stride, pad), expected, 1e-5, 'fma');
    tf.dispose([x, filter, viaOp]);
  });

  it('follows the cpu backend where the stock kernel does not: a non-square filter with a numeric pad', async () => {
    // tfjs 4.22's wasm Conv2D pads such a layer differently from its own output shape (errors of order 1).
    const x = tf.tensor(pseudoRandom(60, 5), [1, 3, 4, 5]);
    const filter = tf.tensor(pseudoRandom(1200, 6), [2, 3, 5, 40]);
    const ours = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 1);
    const [xs, filters, actual] = await Promise.all([x.data(), filter.data(), ours.data()]);
    tf.dispose([x, filter, ours]);
    await tf.setBackend('cpu');
    const expected = tf.tidy(() => tf.conv2d(tf.tensor4d(xs, [1, 3, 4, 5]), tf.tensor4d(filters, [2, 3, 5, 40]), 1, 1).dataSync());
    await tf.setBackend('wasm');
    expect(actual.length).toBe(1 * 4 * 5 * 40); // tfjs's output shape for a numeric pad: 4 x 5
    expectRelativeClose(actual as Float32Array, expected as Float32Array, 1e-5, 'conv2d');
  });

  it('on the xnnpack path, leaves layers with more output pixels than output channels to the stock kernel', () => {
    setGemmPath('xnnpack');
    let stockCalls = 0;
    const gemm = conv2DGemmWasm((args) => {
      stockCalls++;
      return stock.kernelFunc(args);
    });
    const x = tf.ones([32, 16, 16, 32]);
    const filter = tf.ones([4, 4, 32, 64]);
    run(gemm, x, filter, 2, 1); // 2,048 output pixels, 64 channels
    expect(stockCalls).toBe(1);
    tf.dispose([x, filter]);
  });

  it('frees its intermediates', () => {
    const x = tf.ones([32, 4, 4, 128]);
    const filter = tf.ones([4, 4, 128, 256]);
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const [tensors, dataIds] = [tf.memory().numTensors, backend.numDataIds()];
    tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 2, 1).dispose();
    expect([tf.memory().numTensors, backend.numDataIds()]).toEqual([tensors, dataIds]);
    tf.dispose([x, filter]);
  });
});
