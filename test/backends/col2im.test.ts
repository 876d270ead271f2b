import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COL2IM_WASM } from '../../src/backends/col2im_binary';
import { convGeometry, inShapeNHWC, patchColumns, patchRows, type ConvGeometry } from '../../src/backends/conv_geometry';
import { accumulatePatches, accumulateTransposedPatches, col2imGeometry, type Col2imFunction } from '../../src/backends/patches';
import { heapModuleExports } from '../../src/backends/wasm_heap_module';
import { heapOffset, type WasmBackendLike } from '../../src/backends/wasm_kernel_context';
import { useWasmTraining } from '../../src/backends';
import { pseudoRandom } from './helpers';

// [input NHWC, filter HWIO, stride, pad]: the shape autoencoder's layers (batch 2), odd sizes and channel counts
// that leave one to three floats after the four-float runs, a stride larger than the filter, explicit pads.
const CASES: Array<[number[], number[], number, 'same' | 'valid' | number]> = [
  [[2, 32, 32, 3], [4, 4, 3, 32], 2, 1],
  [[2, 16, 16, 32], [4, 4, 32, 64], 2, 1],
  [[2, 4, 4, 128], [4, 4, 128, 256], 2, 1],
  [[2, 2, 2, 256], [2, 2, 256, 32], 1, 'valid'],
  [[3, 7, 5, 6], [3, 2, 6, 5], 1, 'same'],
  [[1, 9, 11, 7], [5, 3, 7, 2], 3, 'same'],
  [[2, 6, 6, 1], [1, 1, 1, 4], 4, 'valid'],
  [[1, 8, 8, 5], [3, 3, 5, 3], 2, 2],
];

/** The WebAssembly col2im of `patches` (a heap tensor) into a fresh zeroed heap tensor, read back. */
function wasmCol2im(name: 'col2im' | 'col2imTransposed', patches: tf.Tensor, g: ConvGeometry): Float32Array {
  const backend = tf.backend() as unknown as WasmBackendLike;
  const x = tf.zeros(inShapeNHWC(g));
  const add = heapModuleExports(backend, COL2IM_WASM)![name] as Col2imFunction;
  add(heapOffset(backend, patches), heapOffset(backend, x), ...col2imGeometry(g));
  const values = x.dataSync() as Float32Array;
  x.dispose();
  return values;
}

beforeAll(async () => {
  await useWasmTraining();
});

describe('col2im in WebAssembly', () => {
  it.each(CASES)('equals the JavaScript col2im to the bit: input %j, filter %j, stride %j, pad %j', (inShape, filterShape, stride, pad) => {
    const g = convGeometry(inShape, filterShape, stride, pad, undefined, 'NHWC');
    const rows = patchRows(g);
    const columns = patchColumns(g);
    const values = pseudoRandom(rows * columns, rows + columns);
    const expected = new Float32Array(inShape.reduce((a, b) => a * b, 1));
    accumulatePatches(values, g, expected);
    const expectedFromTransposed = new Float32Array(expected.length);
    const transposedValues = tf.tidy(() => tf.tensor2d(values, [rows, columns]).transpose().dataSync() as Float32Array);
    accumulateTransposedPatches(transposedValues, g, expectedFromTransposed);

    const patches = tf.tensor2d(values, [rows, columns]);
    const patchesT = tf.tensor2d(transposedValues, [columns, rows]);
    expect(Array.from(wasmCol2im('col2im', patches, g))).toEqual(Array.from(expected));
    expect(Array.from(wasmCol2im('col2imTransposed', patchesT, g))).toEqual(Array.from(expectedFromTransposed));
    tf.dispose([patches, patchesT]);
  });

  it('sums the patches that overlap on a pixel (a hand-made case)', () => {
    // One image of 1x3 pixels, 1 channel, a 1x2 filter, stride 1, 'valid': two output pixels whose
    // patches [1, 2] and [3, 4] overlap on the middle input pixel.
    const g = convGeometry([1, 1, 3, 1], [1, 2, 1, 1], 1, 'valid', undefined, 'NHWC');
    const patches = tf.tensor2d([[1, 2], [3, 4]]);
    expect(Array.from(wasmCol2im('col2im', patches, g))).toEqual([1, 5, 4]);
    const patchesT = tf.tensor2d([[1, 3], [2, 4]]);
    expect(Array.from(wasmCol2im('col2imTransposed', patchesT, g))).toEqual([1, 5, 4]);
    tf.dispose([patches, patchesT]);
  });

  it('runs on a shared heap, as the threaded build has, with the shared build of the module', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const exports = heapModuleExports({ wasm: { wasmMemory: memory } }, COL2IM_WASM)!;
    const g = convGeometry([2, 5, 5, 6], [3, 3, 6, 4], 2, 'same', undefined, 'NHWC');
    const values = pseudoRandom(patchRows(g) * patchColumns(g), 8);
    const heap = new Float32Array(memory.buffer);
    const [patchesAt, xAt] = [0, values.length];
    heap.set(values, patchesAt);
    (exports.col2im as Col2imFunction)(patchesAt * 4, xAt * 4, ...col2imGeometry(g));
    const expected = new Float32Array(2 * 5 * 5 * 6);
    accumulatePatches(values, g, expected);
    expect(Array.from(heap.subarray(xAt, xAt + expected.length))).toEqual(Array.from(expected));
  });
});
