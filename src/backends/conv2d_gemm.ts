import type * as tf from '@tensorflow/tfjs';
import { convGeometry, patchColumns, patchRows, type ConvGeometry } from './conv_geometry';
import { withIntermediates } from './tensor_scope';
import { gemm, gemmPath } from './gemm';
import { withShape, type WasmBackendLike } from './wasm_kernel_context';

/**
 * `Conv2D` for the wasm backend as im2col, then one matrix multiply
 * (gemm.ts): on this library's GEMM paths ('fma', 'simd128') every NHWC,
 * undilated layer, so that the forward pass, and the decoder's input
 * gradients, which are convolutions, use the fused multiply-add where the
 * platform has it. On the 'xnnpack' path only layers whose filter outweighs
 * their patch matrix (more output channels than output pixels in the batch,
 * e.g. the shape encoder's 4x4 to 2x2 layer, 512K weights for 128 output
 * pixels): tfjs's own kernel builds an XNNPACK convolution operator for every
 * new filter tensor, and in training the filter is new at every step; on that
 * layer building it cost more than the convolution (10.8 ms against 6.0 for
 * im2col + GEMM, batch 32). Other layers, NCHW and dilated convolutions go to
 * `stock`, the backend's kernel.
 *
 * The GEMM sums each output over (kh, kw, c) in the order XNNPACK's
 * convolution does, so on the SIMD128 path the results are the stock
 * kernel's to the bit (tested); the FMA path rounds once per multiply-add
 * instead.
 */
export function conv2DGemmWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.Conv2DAttrs;
    const g = convGeometry(x.shape, filter.shape, attrs.strides, attrs.pad, attrs.dimRoundingMode, attrs.dataFormat);
    // convGeometry does not take the dilations: read them from the attributes.
    const dilated = [attrs.dilations ?? 1].flat().some((d) => d !== 1);
    const stockIsFaster = gemmPath() === 'xnnpack' && g.outChannels < patchRows(g);
    if (g.channelsFirst || dilated || stockIsFaster || patchRows(g) === 0) return stock(args);
    const backend = args.backend as WasmBackendLike;
    return withIntermediates(backend, (keep) => {
      const patches = keep(backend.makeOutput([patchRows(g), patchColumns(g)], 'float32'));
      im2col(backend.typedArrayFromHeap(x), g, backend.typedArrayFromHeap(patches));
      // The filter packed is kept while it lives: across the batches of a prediction.
      const y = gemm(backend, patches, withShape(filter, [patchColumns(g), g.outChannels]), { keepPacked: true });
      return withShape(y, [g.batch, g.outHeight, g.outWidth, g.outChannels]);
    });
  };
}

/** The patch matrix [batch * outHeight * outWidth, filterHeight * filterWidth * inChannels] of NHWC `x`, zeros over the padding. */
function im2col(x: Float32Array, g: ConvGeometry, patches: Float32Array): void {
  const c = g.inChannels;
  let dst = 0;
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        for (let kh = 0; kh < g.filterHeight; kh++) {
          const ih = oh * g.strideHeight + kh - g.padTop;
          for (let kw = 0; kw < g.filterWidth; kw++, dst += c) {
            const iw = ow * g.strideWidth + kw - g.padLeft;
            if (ih < 0 || ih >= g.inHeight || iw < 0 || iw >= g.inWidth) {
              patches.fill(0, dst, dst + c);
            } else {
              const src = ((n * g.inHeight + ih) * g.inWidth + iw) * c;
              patches.set(x.subarray(src, src + c), dst);
            }
          }
        }
      }
    }
  }
}
