import type * as tf from '@tensorflow/tfjs';
import { convGeometry, outShapeNHWC, patchColumns, patchRows } from './conv_geometry';
import { extractPatches } from './patches';
import { withIntermediates } from './tensor_scope';
import { matMul, transpose, withShape, type WasmBackendLike } from './wasm_kernel_context';

/**
 * `Conv2DBackpropFilter` for the wasm backend (which has none in tfjs 4.22):
 * the gradient of a convolution with respect to its filter, as one GEMM,
 * `dW^T = dy^T @ patches(x)`, on XNNPACK's SIMD matrix multiply.
 *
 * Inputs `x` [batch, inHeight, inWidth, inChannels] and `dy` [batch,
 * outHeight, outWidth, outChannels] (or both NCHW); returns `dW` of
 * `attrs.filterShape` [filterHeight, filterWidth, inChannels, outChannels].
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const g = convGeometry(x.shape, attrs.filterShape, attrs.strides, attrs.pad, attrs.dimRoundingMode, attrs.dataFormat);
  const rows = patchRows(g);
  const columns = patchColumns(g);
  return withIntermediates(backend, (keep) => {
    const xNHWC = g.channelsFirst ? keep(transpose(backend, x, [0, 2, 3, 1])) : x;
    const dyNHWC = g.channelsFirst ? keep(transpose(backend, dy, [0, 2, 3, 1])) : withShape(dy, outShapeNHWC(g));
    const patches = keep(backend.makeOutput([rows, columns], 'float32'));
    extractPatches(backend.typedArrayFromHeap(xNHWC), g, backend.typedArrayFromHeap(patches));
    const dyT = keep(transpose(backend, withShape(dyNHWC, [rows, g.outChannels]), [1, 0]));
    const gradientT = keep(matMul(backend, dyT, patches));
    const gradient = transpose(backend, gradientT, [1, 0]);
    return withShape(gradient, attrs.filterShape);
  });
}
