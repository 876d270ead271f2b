/**
 * IEEE 754 binary16 ("half precision") conversion, for weights stored at
 * half their float32 size. Float16Array is not in Node 20.
 *
 * @internal
 */

const scratch = new DataView(new ArrayBuffer(4));

/**
 * The binary16 bit pattern nearest to a float32 value, ties to even, as
 * NumPy's `astype(np.float16)` rounds: values beyond 65520 in size become
 * infinite, NaN stays NaN, values below 2^-25 in size become a signed 0.
 *
 * @param value A number; read as float32 first.
 * @returns The 16 bits.
 * @internal
 */
export function toFloat16Bits(value: number): number {
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  // Unbiased exponent e: normal halves have e in [-14, 15], subnormal halves are multiples of 2^-24.
  const e = exponent - 127;
  if (e > 15) return sign | 0x7c00;
  if (e >= -14) {
    // 10 mantissa bits kept, 13 rounded away; a carry into the exponent is the right answer too.
    const rounded = roundShift((((e + 15) << 10) << 13) | mantissa, 13);
    return sign | Math.min(rounded, 0x7c00);
  }
  if (e < -25) return sign;
  // Subnormal: the value with its implicit 1, as a multiple of 2^-24 with (-e - 14 + 13) bits to round away.
  return sign | roundShift(mantissa | 0x800000, -e - 14 + 13);
}

/** `value / 2^shift` rounded to the nearest integer, ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/**
 * The number a binary16 bit pattern holds (exact in float32 and float64).
 *
 * @param bits The 16 bits, an integer in [0, 65535].
 * @returns The value, `±Infinity` or `NaN`.
 * @internal
 */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}
