import type * as tf from '@tensorflow/tfjs';
import { convGeometry, inShapeNHWC, patchColumns, patchRows, type ConvGeometry } from './conv_geometry';
import { COL2IM_WASM } from './col2im_binary';
import { accumulatePatches, accumulateTransposedPatches, col2imGeometry, type Col2imFunction } from './patches';
import { withIntermediates } from './tensor_scope';
import { heapModuleExports } from './wasm_heap_module';
import { gemm } from './gemm';
import { heapOffset, transpose, withShape, type WasmBackendLike } from './wasm_kernel_context';

/**
 * `Conv2DBackpropInput` for the wasm backend: the gradient of a convolution
 * with respect to its input, which is also the transposed convolution
 * (`tf.conv2dTranspose`). One GEMM (this library's, gemm.ts) gives every
 * output pixel's contribution to its receptive field (the patch matrix),
 * then col2im adds them up (in WebAssembly SIMD on the backend's heap; see
 * col2im.wat); tfjs-backend-wasm's own kernel is a scalar loop.
 *
 * The GEMM packs its right-hand operand on every call, straight from the
 * transposed matrix (no transpose pass), so it is oriented to pack the
 * smaller of dy and the filter: `dy @ filter^T` when there are more output
 * pixels than filter rows, else `filter @ dy^T`, whose result is the patch
 * matrix transposed. Measured with XNNPACK's GEMM on the shape autoencoder's
 * layers, each orientation was up to 2x faster where it is chosen.
 *
 * Inputs `dy` [batch, outHeight, outWidth, outChannels] (or NCHW) and `filter`
 * [filterHeight, filterWidth, inChannels, outChannels]; returns `dx` of
 * `attrs.inputShape`.
 */
export function conv2DBackpropInputWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const g = convGeometry(attrs.inputShape, filter.shape, attrs.strides, attrs.pad, attrs.dimRoundingMode, attrs.dataFormat);
  const rows = patchRows(g);
  const columns = patchColumns(g);
  if (rows === 0) {
    // An empty batch or output: XNNPACK refuses empty matrices, and dx is zero.
    const dx = backend.makeOutput(attrs.inputShape, 'float32');
    backend.typedArrayFromHeap(dx).fill(0);
    return dx;
  }
  return withIntermediates(backend, (keep) => {
    const dyNHWC = g.channelsFirst ? keep(transpose(backend, dy, [0, 2, 3, 1])) : dy;
    const dyMatrix = withShape(dyNHWC, [rows, g.outChannels]);
    const filterMatrix = withShape(filter, [columns, g.outChannels]);
    const transposed = columns > rows;
    const patches = transposed
      ? keep(gemm(backend, filterMatrix, dyMatrix, { bTransposed: true }))
      : keep(gemm(backend, dyMatrix, filterMatrix, { bTransposed: true }));
    const dx = backend.makeOutput(inShapeNHWC(g), 'float32');
    col2im(backend, patches, transposed, g, dx);
    if (!g.channelsFirst) return dx;
    return transpose(backend, keep(dx), [0, 3, 1, 2]);
  });
}

/**
 * Adds the patch matrix (transposed or not) onto `dx`: with this library's
 * WebAssembly functions where the heap is reachable, else in JavaScript;
 * both add in the same order, so `dx` is the same to the bit.
 */
function col2im(backend: WasmBackendLike, patches: tf.TensorInfo, transposed: boolean, g: ConvGeometry, dx: tf.TensorInfo): void {
  const exports = heapModuleExports(backend, COL2IM_WASM);
  if (exports === undefined) {
    const accumulate = transposed ? accumulateTransposedPatches : accumulatePatches;
    accumulate(backend.typedArrayFromHeap(patches), g, backend.typedArrayFromHeap(dx));
    return;
  }
  backend.typedArrayFromHeap(dx).fill(0);
  const add = (transposed ? exports.col2imTransposed : exports.col2im) as Col2imFunction;
  add(heapOffset(backend, patches), heapOffset(backend, dx), ...col2imGeometry(g));
}
