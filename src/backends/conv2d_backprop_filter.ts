import type * as tf from '@tensorflow/tfjs';
import { convGeometry, type ConvGeometry } from './conv_geometry';
import { withIntermediates } from './tensor_scope';
import { gemm, gemmPath } from './gemm';
import { runWasmKernel, transpose, withShape, type WasmBackendLike } from './wasm_kernel_context';

/**
 * `Conv2DBackpropFilter` for the wasm backend (which has none in tfjs 4.22):
 * the gradient of a convolution with respect to its filter, computed by one
 * XNNPACK convolution.
 *
 * dW[kh, kw, ci, co] = sum over n, oh, ow of x[n, oh*s + kh*d - pad, ...,
 * ci] * dy[n, oh, ow, co] is itself a convolution: of the input with its
 * channels as batch and its batch as channels (`x` as [ci, H, W, n]), by `dy`
 * as a filter [outHeight, outWidth, n, co] dilated by the stride, evaluated
 * with stride d at the filter's (kh, kw) positions. XNNPACK never
 * materialises the patch matrix, so only `x` and `dy` are transposed: 2-3x
 * faster than im2col + XNNPACK's GEMM on the shape autoencoder's layers.
 *
 * On this library's GEMM paths (gemm.ts) the same sums are one matrix
 * product instead: the patches of the transposed input [filterHeight *
 * filterWidth * inChannels, outHeight * outWidth * batch] by the transposed
 * `dy` [outHeight * outWidth * batch, outChannels], summed over (oh, ow, n)
 * in the convolution's order, so the SIMD128 path gives its bits, and the
 * product is `dW` in the filter layout.
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
  const empty = g.batch * g.outHeight * g.outWidth === 0;
  if (!empty && gemmPath() !== 'xnnpack') return filterGradientByGemm(backend, x, dy, g, attrs.filterShape);
  const gradient = backend.makeOutput(attrs.filterShape, 'float32');
  if (empty) {
    backend.typedArrayFromHeap(gradient).fill(0);
    return gradient;
  }
  withIntermediates(backend, (keep) => {
    const channelsAsBatch = keep(transpose(backend, x, g.channelsFirst ? [1, 2, 3, 0] : [3, 1, 2, 0]));
    const dyAsFilter = keep(transpose(backend, dy, g.channelsFirst ? [2, 3, 0, 1] : [1, 2, 0, 3]));
    const correlation = keep(
      runWasmKernel('Conv2D', backend, { x: channelsAsBatch, filter: dyAsFilter }, {
        strides: [g.dilationHeight, g.dilationWidth],
        dilations: [g.strideHeight, g.strideWidth],
        pad: [[0, 0], [g.padTop, bottomPad(g, 'Height')], [g.padLeft, bottomPad(g, 'Width')], [0, 0]],
        dataFormat: 'NHWC',
      }),
    );
    toFilterLayout(backend.typedArrayFromHeap(correlation), correlation.shape, g, backend.typedArrayFromHeap(gradient));
  });
  return gradient;
}

/** dW as one product of the transposed input's patches by the transposed dy; the result is a new tensor of `filterShape`. */
function filterGradientByGemm(backend: WasmBackendLike, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeometry, filterShape: number[]): tf.TensorInfo {
  return withIntermediates(backend, (keep) => {
    const channelsAsBatch = keep(transpose(backend, x, g.channelsFirst ? [1, 2, 3, 0] : [3, 1, 2, 0]));
    const dyRows = keep(transpose(backend, dy, g.channelsFirst ? [2, 3, 0, 1] : [1, 2, 0, 3]));
    const reduction = g.outHeight * g.outWidth * g.batch;
    const patches = keep(backend.makeOutput([g.filterHeight * g.filterWidth * g.inChannels, reduction], 'float32'));
    transposedPatches(backend.typedArrayFromHeap(channelsAsBatch), g, backend.typedArrayFromHeap(patches));
    const product = gemm(backend, patches, withShape(dyRows, [reduction, g.outChannels]));
    return withShape(product, filterShape);
  });
}

/**
 * The rows (kh, kw, ci) of the patch matrix of `xt` [inChannels, inHeight,
 * inWidth, batch] (the input with channels and batch swapped), columns (oh,
 * ow, n): xt[ci, oh * strideHeight + kh * dilationHeight - padTop, ..., n],
 * zeros over the padding.
 */
function transposedPatches(xt: Float32Array, g: ConvGeometry, patches: Float32Array): void {
  const n = g.batch;
  let dst = 0;
  for (let kh = 0; kh < g.filterHeight; kh++) {
    for (let kw = 0; kw < g.filterWidth; kw++) {
      for (let ci = 0; ci < g.inChannels; ci++) {
        for (let oh = 0; oh < g.outHeight; oh++) {
          const ih = oh * g.strideHeight + kh * g.dilationHeight - g.padTop;
          for (let ow = 0; ow < g.outWidth; ow++, dst += n) {
            const iw = ow * g.strideWidth + kw * g.dilationWidth - g.padLeft;
            if (ih < 0 || ih >= g.inHeight || iw < 0 || iw >= g.inWidth) {
              patches.fill(0, dst, dst + n);
            } else {
              const src = ((ci * g.inHeight + ih) * g.inWidth + iw) * n;
              patches.set(xt.subarray(src, src + n), dst);
            }
          }
        }
      }
    }
  }
}

/**
 * Bottom (or right) padding that makes the correlation reach the last filter
 * row: the original's implicit bottom padding, or 0 when the original
 * convolution leaves input rows unused (then the extra outputs are dropped).
 */
function bottomPad(g: ConvGeometry, axis: 'Height' | 'Width'): number {
  const filter = g[`filter${axis}`];
  const reach = (filter - 1) * g[`dilation${axis}`] + (g[`out${axis}`] - 1) * g[`stride${axis}`] + 1;
  const start = axis === 'Height' ? g.padTop : g.padLeft;
  return Math.max(0, reach - g[`in${axis}`] - start);
}

/** [inChannels, >= filterHeight, >= filterWidth, outChannels] to the HWIO filter layout, dropping extra rows and columns. */
function toFilterLayout(correlation: Float32Array, shape: number[], g: ConvGeometry, filter: Float32Array): void {
  const [, rows, columns, outChannels] = shape;
  let dst = 0;
  for (let kh = 0; kh < g.filterHeight; kh++) {
    for (let kw = 0; kw < g.filterWidth; kw++) {
      for (let ci = 0; ci < g.inChannels; ci++, dst += outChannels) {
        const src = ((ci * rows + kh) * columns + kw) * outChannels;
        filter.set(correlation.subarray(src, src + outChannels), dst);
      }
    }
  }
}
