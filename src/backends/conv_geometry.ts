import * as tf from '@tensorflow/tfjs';

/**
 * Sizes of a 2-D convolution in NHWC terms: `x` [batch, inHeight, inWidth,
 * inChannels] convolved with a filter [filterHeight, filterWidth, inChannels,
 * outChannels] gives `y` [batch, outHeight, outWidth, outChannels]. Output
 * pixel (oh, ow) reads input row `oh * strideHeight + kh * dilationHeight -
 * padTop` (and likewise for columns); rows outside [0, inHeight) are zeros.
 */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
  /** True when the tensors are NCHW and must be transposed to and from NHWC. */
  channelsFirst: boolean;
}

/**
 * The geometry of a convolution exactly as tfjs's own kernels derive it
 * (`backend_util.computeConv2DInfo`), so padding 'same' / 'valid' / explicit
 * pads and `dimRoundingMode` mean the same here as on the cpu backend.
 *
 * @param xShape Input shape in `dataFormat` order.
 * @param filterShape [filterHeight, filterWidth, inChannels, outChannels].
 */
export function convGeometry(
  xShape: number[],
  filterShape: number[],
  strides: number | [number, number],
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  dataFormat: 'NHWC' | 'NCHW' | undefined,
): ConvGeometry {
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat ?? 'NHWC');
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    channelsFirst: info.dataFormat === 'channelsFirst',
  };
}

/** [batch, inHeight, inWidth, inChannels]. */
export function inShapeNHWC(g: ConvGeometry): number[] {
  return [g.batch, g.inHeight, g.inWidth, g.inChannels];
}

/** Rows of the patch matrix: one per output pixel, batch * outHeight * outWidth. */
export function patchRows(g: ConvGeometry): number {
  return g.batch * g.outHeight * g.outWidth;
}

/** Columns of the patch matrix: filterHeight * filterWidth * inChannels. */
export function patchColumns(g: ConvGeometry): number {
  return g.filterHeight * g.filterWidth * g.inChannels;
}
