/**
 * Fixed-point precision of PIL's 8-bit resampling (`PRECISION_BITS = 32 - 8 - 2`
 * in Pillow's Resample.c): coefficients are integers in units of 2^-22.
 */
const PRECISION_BITS = 22;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);

/** The coefficients of one 1-D resampling pass: per output pixel, a first input pixel and integer weights. */
interface Pass {
  first: Int32Array;
  weights: number[][];
}

/**
 * The coefficients of Pillow's bilinear resampling of `inSize` pixels to
 * `outSize` (Resample.c, `precompute_coeffs` then `normalize_coeffs_8bpc`):
 * output pixel i is centred at (i + 0.5) * scale in input coordinates; the
 * triangle filter, widened by the scale when shrinking, weighs the input
 * pixels whose centres lie within its support; the weights are normalised to
 * sum 1, then rounded to multiples of 2^-22 (half away from zero).
 */
function bilinearPass(inSize: number, outSize: number): Pass {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale; // the triangle filter's support is 1
  const first = new Int32Array(outSize);
  const weights: number[][] = [];
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    // C's (int) cast truncates toward zero.
    const min = Math.max(Math.trunc(centre - support + 0.5), 0);
    const max = Math.min(Math.trunc(centre + support + 0.5), inSize);
    const raw: number[] = [];
    for (let x = min; x < max; x++) raw.push(Math.max(0, 1 - Math.abs((x - centre + 0.5) / filterScale)));
    const total = raw.reduce((sum, w) => sum + w, 0);
    first[i] = min;
    weights.push(raw.map((w) => Math.trunc(0.5 + (total === 0 ? w : w / total) * ONE)));
  }
  return { first, weights };
}

/** Pillow's `clip8`: the fixed-point sum back to a byte, floor then clamp to [0, 255]. */
function clip8(sum: number): number {
  return Math.min(255, Math.max(0, Math.floor(sum / ONE)));
}

/**
 * A resizer of 8-bit grayscale images that gives the bytes of Pillow's
 * `Image.resize(size, Image.BILINEAR)` (what torchvision's `Resize` does to a
 * PIL image): a horizontal pass into an 8-bit intermediate image, then a
 * vertical pass, each with Pillow's fixed-point coefficients and rounding
 * (2^21 added before the shift by 22). The coefficients are computed once.
 *
 * @param height Height of the input images, pixels.
 * @param width Width of the input images, pixels.
 * @param outHeight Height of the results, pixels.
 * @param outWidth Width of the results, pixels.
 * @returns A function taking a row-major `[height, width]` image (values
 *   0-255) and returning the row-major `[outHeight, outWidth]` result.
 */
export function pilBilinearResizer(
  height: number,
  width: number,
  outHeight: number,
  outWidth: number,
): (pixels: Uint8Array) => Uint8Array {
  const horizontal = bilinearPass(width, outWidth);
  const vertical = bilinearPass(height, outHeight);
  const temp = new Uint8Array(height * outWidth);
  return (pixels) => {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < outWidth; x++) {
        temp[y * outWidth + x] = weightedSum(pixels, y * width + horizontal.first[x], 1, horizontal.weights[x]);
      }
    }
    const out = new Uint8Array(outHeight * outWidth);
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        out[y * outWidth + x] = weightedSum(temp, vertical.first[y] * outWidth + x, outWidth, vertical.weights[y]);
      }
    }
    return out;
  };
}

/** One output byte: the fixed-point weighted sum of `weights.length` pixels from `start`, `stride` apart. */
function weightedSum(pixels: Uint8Array, start: number, stride: number, weights: number[]): number {
  let sum = HALF;
  for (let k = 0; k < weights.length; k++) sum += pixels[start + k * stride] * weights[k];
  return clip8(sum);
}
