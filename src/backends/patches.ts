import type { ConvGeometry } from './conv_geometry';

/**
 * col2im: sets the NHWC `x` to zero, then adds every row of `patches`
 * ([batch * outHeight * outWidth, filterHeight * filterWidth * inChannels],
 * row-major, columns ordered (kh, kw, c) like the HWIO filter) onto the input
 * pixels that output pixel's receptive field covers; values over the padding
 * are dropped. With `patches = dy @ filter^T` this is the input gradient of a
 * convolution, i.e. a transposed convolution, with no multiplications by
 * inserted zeros.
 */
export function accumulatePatches(patches: Float32Array, g: ConvGeometry, x: Float32Array): void {
  const c = g.inChannels;
  const rowLength = g.filterHeight * g.filterWidth * c;
  x.fill(0);
  let row = 0;
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++, row++) {
        let src = row * rowLength;
        for (let kh = 0; kh < g.filterHeight; kh++) {
          const ih = oh * g.strideHeight + kh * g.dilationHeight - g.padTop;
          if (ih < 0 || ih >= g.inHeight) {
            src += g.filterWidth * c;
            continue;
          }
          for (let kw = 0; kw < g.filterWidth; kw++, src += c) {
            const iw = ow * g.strideWidth + kw * g.dilationWidth - g.padLeft;
            if (iw < 0 || iw >= g.inWidth) continue;
            const dst = ((n * g.inHeight + ih) * g.inWidth + iw) * c;
            for (let i = 0; i < c; i++) x[dst + i] += patches[src + i];
          }
        }
      }
    }
  }
}

/**
 * {@link accumulatePatches} for the patch matrix stored transposed,
 * `patchesT` [filterHeight * filterWidth * inChannels, batch * outHeight *
 * outWidth], as `filter @ dy^T` produces it.
 */
export function accumulateTransposedPatches(patchesT: Float32Array, g: ConvGeometry, x: Float32Array): void {
  const c = g.inChannels;
  const rows = g.batch * g.outHeight * g.outWidth;
  x.fill(0);
  for (let kh = 0; kh < g.filterHeight; kh++) {
    for (let kw = 0; kw < g.filterWidth; kw++) {
      const column = (kh * g.filterWidth + kw) * c;
      let row = 0;
      for (let n = 0; n < g.batch; n++) {
        for (let oh = 0; oh < g.outHeight; oh++) {
          const ih = oh * g.strideHeight + kh * g.dilationHeight - g.padTop;
          if (ih < 0 || ih >= g.inHeight) {
            row += g.outWidth;
            continue;
          }
          for (let ow = 0; ow < g.outWidth; ow++, row++) {
            const iw = ow * g.strideWidth + kw * g.dilationWidth - g.padLeft;
            if (iw < 0 || iw >= g.inWidth) continue;
            const dst = ((n * g.inHeight + ih) * g.inWidth + iw) * c;
            for (let i = 0; i < c; i++) x[dst + i] += patchesT[(column + i) * rows + row];
          }
        }
      }
    }
  }
}

/**
 * col2im.wat's two functions, `col2im` (patches as {@link accumulatePatches}
 * takes them) and `col2imTransposed` (as {@link accumulateTransposedPatches}):
 * byte offsets of the patches and of a zeroed `x` on the heap, then
 * {@link col2imGeometry}.
 */
export type Col2imFunction = (patches: number, x: number, ...geometry: number[]) => void;

/** The geometry arguments of col2im.wat's functions, in their order. */
export function col2imGeometry(g: ConvGeometry): number[] {
  return [
    g.batch, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.filterHeight, g.filterWidth,
    g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.padTop, g.padLeft,
  ];
}
