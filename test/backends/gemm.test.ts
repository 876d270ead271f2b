import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useWasmTraining } from '../../src/backends';
import { gemm, gemmPath, hasRelaxedSimd, setGemmPath, type GemmPath } from '../../src/backends/gemm';
import { matMul, type WasmBackendLike } from '../../src/backends/wasm_kernel_context';
import { conv2dGradients, conv2dTransposeAndGradients, describeCase, gridCases } from './conv_cases';
import { expectRelativeClose, onBackend, pseudoRandom } from './helpers';

// The second implementation is the one the kernels used before this GEMM:
// tfjs-backend-wasm's BatchMatMul (XNNPACK), the 'xnnpack' path. Node 20 runs
// these tests with --experimental-wasm-relaxed-simd (vitest.config.ts), so
// both of the library's paths are tested on every supported line.

/** [m, k, n]: multiples of the 4 x 8 block and every remainder of rows and columns, k = 1 included. */
const MATRIX_SHAPES: Array<[number, number, number]> = [
  [4, 8, 8], [1, 1, 1], [3, 5, 7], [5, 1, 9], [7, 13, 3], [13, 17, 21], [64, 48, 40], [33, 256, 130],
];

beforeAll(async () => {
  await useWasmTraining();
});

afterEach(() => setGemmPath(undefined));

/** `a @ b` (b given as its transpose when `bTransposed`) on `path`, as plain values. */
function product(path: GemmPath, m: number, k: number, n: number, bTransposed: boolean): Float32Array {
  setGemmPath(path);
  const backend = tf.backend() as WasmBackendLike;
  const a = tf.tensor2d(pseudoRandom(m * k, 1), [m, k]);
  const b = tf.tensor2d(pseudoRandom(k * n, 2), bTransposed ? [n, k] : [k, n]);
  const info = gemm(backend, a, b, { bTransposed });
  const result = tf.engine().makeTensorFromTensorInfo(info);
  const values = result.dataSync() as Float32Array;
  tf.dispose([a, b, result]);
  return values;
}

/** The same product in float64, rounded once at the end. */
function exactProduct(m: number, k: number, n: number, bTransposed: boolean): Float32Array {
  const a = pseudoRandom(m * k, 1);
  const b = pseudoRandom(k * n, 2);
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p] * (bTransposed ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = sum;
    }
  }
  return c;
}

describe('the GEMM paths', () => {
  it('chooses fma exactly where the platform validates relaxed SIMD', () => {
    expect(gemmPath()).toBe(hasRelaxedSimd() ? 'fma' : 'xnnpack');
  });

  it('refuses an unknown path, naming it', () => {
    expect(() => setGemmPath('avx' as GemmPath)).toThrow("`path` must be 'fma', 'simd128', 'xnnpack' or undefined, but got \"avx\"");
  });

  it('has relaxed SIMD here, so that both paths are tested (Node 20 through the flag)', () => {
    expect(hasRelaxedSimd()).toBe(true);
  });

  it.each(MATRIX_SHAPES)('[%i, %i] @ [%i, n]: simd128 is XNNPACK to the bit, fma within 1e-6 of the float64 product', (m, k, n) => {
    for (const bTransposed of [false, true]) {
      const xnnpack = product('xnnpack', m, k, n, bTransposed);
      expect(Array.from(product('simd128', m, k, n, bTransposed))).toEqual(Array.from(xnnpack));
      const exact = exactProduct(m, k, n, bTransposed);
      expectRelativeClose(product('fma', m, k, n, bTransposed), exact, 1e-6, `fma [${m}, ${k}, ${n}]`);
      expectRelativeClose(xnnpack, exact, 1e-6, `xnnpack [${m}, ${k}, ${n}]`);
    }
  });

  it('the xnnpack path is tfjs-backend-wasm\'s BatchMatMul', () => {
    const backend = tf.backend() as WasmBackendLike;
    const a = tf.tensor2d(pseudoRandom(35, 3), [5, 7]);
    const b = tf.tensor2d(pseudoRandom(63, 4), [7, 9]);
    const info = matMul(backend, a, b);
    const expected = tf.engine().makeTensorFromTensorInfo(info);
    setGemmPath('xnnpack');
    const ours = tf.engine().makeTensorFromTensorInfo(gemm(backend, a, b));
    expect(Array.from(ours.dataSync())).toEqual(Array.from(expected.dataSync()));
    tf.dispose([a, b, expected, ours]);
  });

  const cases = gridCases();

  it(`on the ${cases.length} shapes of the gradient tests, simd128 gives the xnnpack kernels' bits and fma agrees to 1e-5`, async () => {
    for (const c of cases) {
      for (const compute of [conv2dGradients, conv2dTransposeAndGradients]) {
        setGemmPath('xnnpack');
        const before = await onBackend('wasm', () => compute(c));
        setGemmPath('simd128');
        const simd128 = await onBackend('wasm', () => compute(c));
        setGemmPath('fma');
        const fma = await onBackend('wasm', () => compute(c));
        before.forEach((expected, i) => {
          expect(Array.from(simd128[i]), `simd128 output ${i} ${describeCase(c)}`).toEqual(Array.from(expected));
          expectRelativeClose(fma[i], expected, 1e-5, `fma output ${i} ${describeCase(c)}`);
        });
      }
    }
  });

  it('keeps a packed filter while it lives and never serves it for another: the same outputs as the xnnpack path', () => {
    const x = tf.tensor4d(pseudoRandom(2 * 6 * 6 * 5, 7), [2, 6, 6, 5]);
    const filters = [8, 9, 8].map((seed) => tf.tensor4d(pseudoRandom(3 * 3 * 5 * 12, seed), [3, 3, 5, 12]));
    const outputs = (path: GemmPath) => {
      setGemmPath(path);
      // Each filter twice (the second time from the kept pack), the first filter's values again in a new tensor last.
      return filters.flatMap((filter) => [0, 1].map(() => tf.tidy(() => Array.from(tf.conv2d(x, filter, 1, 'same').dataSync()))));
    };
    expect(outputs('simd128')).toEqual(outputs('xnnpack'));
    filters[1].dispose();
    const replacement = tf.tensor4d(pseudoRandom(3 * 3 * 5 * 12, 10), [3, 3, 5, 12]);
    setGemmPath('simd128');
    const ours = tf.tidy(() => Array.from(tf.conv2d(x, replacement, 1, 'same').dataSync()));
    setGemmPath('xnnpack');
    expect(ours).toEqual(tf.tidy(() => Array.from(tf.conv2d(x, replacement, 1, 'same').dataSync())));
    tf.dispose([x, filters[0], filters[2], replacement]);
  });

  it('frees what it allocates: tensors and wasm heap allocations stay flat on every path', () => {
    const backend = tf.backend() as WasmBackendLike & { numDataIds(): number };
    const x = tf.ones([32, 4, 4, 128]);
    const filter = tf.ones([4, 4, 128, 256]);
    for (const path of ['fma', 'simd128', 'xnnpack'] as const) {
      setGemmPath(path);
      tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 2, 1).dispose(); // the packing buffer, once
      const counts = [tf.memory().numTensors, backend.numDataIds()];
      tf.tidy(() => {
        const [dx] = tf.grads((a: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, filter as tf.Tensor4D, 2, 1).sum())([x]);
        return dx;
      }).dispose();
      expect([tf.memory().numTensors, backend.numDataIds()]).toEqual(counts);
    }
    tf.dispose([x, filter]);
  });
});
