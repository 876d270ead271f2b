import type * as tf from '@tensorflow/tfjs';
import { convGeometry, inShapeNHWC, patchColumns, patchRows } from './conv_geometry';
import { accumulatePatches } from './patches';
import { withIntermediates } from './tensor_scope';
import { matMul, transpose, withShape, type WasmBackendLike } from './wasm_kernel_context';

/**
 * `Conv2DBackpropInput` for the wasm backend: the gradient of a convolution
 * with respect to its input, which is also the transposed convolution
 * (`tf.conv2dTranspose`). One GEMM `dy @ filter^T` on XNNPACK's SIMD matrix
 * multiply gives every output pixel's contribution to its receptive field,
 * then col2im adds them up; tfjs-backend-wasm's own kernel is a scalar loop.
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
  return withIntermediates(backend, (keep) => {
    const dyNHWC = g.channelsFirst ? keep(transpose(backend, dy, [0, 2, 3, 1])) : dy;
    const filterT = keep(transpose(backend, withShape(filter, [columns, g.outChannels]), [1, 0]));
    const patches = keep(matMul(backend, withShape(dyNHWC, [rows, g.outChannels]), filterT));
    const dx = backend.makeOutput(inShapeNHWC(g), 'float32');
    accumulatePatches(backend.typedArrayFromHeap(patches), g, backend.typedArrayFromHeap(dx));
    if (!g.channelsFirst) return dx;
    return transpose(backend, keep(dx), [0, 3, 1, 2]);
  });
}
