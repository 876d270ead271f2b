import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { generateShapes, nearestShapeImage, shapeDataDistances } from '../../src';

const SIZE = 32;
const PIXELS = SIZE * SIZE * 3;
const set = generateShapes({ count: 40, seed: 12 });
const image = (i: number) => set.images.slice(i * PIXELS, (i + 1) * PIXELS);

/** 3 x 3 box blur per channel, edges replicated. */
function boxBlur(source: Float32Array): Float32Array {
  const out = new Float32Array(source.length);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const yy = Math.min(Math.max(y + dy, 0), SIZE - 1);
            const xx = Math.min(Math.max(x + dx, 0), SIZE - 1);
            sum += source[(yy * SIZE + xx) * 3 + c];
          }
        }
        out[(y * SIZE + x) * 3 + c] = sum / 9;
      }
    }
  }
  return out;
}

function rmse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum / a.length);
}

describe('nearestShapeImage', () => {
  it("is zero for the generator's own images and recovers their factors", () => {
    for (let i = 0; i < set.factors.length; i++) {
      const nearest = nearestShapeImage(image(i));
      expect(nearest.distance).toBeLessThan(1e-12);
      expect(nearest.factors).toEqual(set.factors[i]);
    }
  });

  it("fits the half-squares variant's small squares only when told the variant", () => {
    const half = generateShapes({ count: 40, seed: 12, variant: 'half-squares' });
    const halfImage = (i: number) => half.images.slice(i * PIXELS, (i + 1) * PIXELS);
    const smallSquares = half.factors.flatMap((f, i) => (f.kind === 'square' && f.size < 3 ? [i] : []));
    expect(smallSquares.length).toBeGreaterThan(3);
    for (let i = 0; i < half.factors.length; i++) {
      const nearest = nearestShapeImage(halfImage(i), { variant: 'half-squares' });
      expect(nearest.distance).toBeLessThan(1e-12);
      expect(nearest.factors).toEqual(half.factors[i]);
    }
    // The paper's squares start at size 3: a 2 x 2 or 3 x 3 square is no clean paper image.
    for (const i of smallSquares) expect(nearestShapeImage(halfImage(i)).distance).toBeGreaterThan(0.01);
  });

  it('refuses the two-shapes variant, whose images hold two shapes', () => {
    expect(() => nearestShapeImage(image(0), { variant: 'two-shapes' })).toThrow(
      "`variant` must draw one shape per image ('paper' or 'half-squares'), but got 'two-shapes'",
    );
  });

  it('grows with blur', () => {
    // Blur of strength s: (1 - s) x + s · box3(x), s from 0 (the image) to 1.
    const sharp = image(0);
    const blurred = boxBlur(sharp);
    let previous = 0;
    for (const s of [0.25, 0.5, 0.75, 1]) {
      const { distance } = nearestShapeImage(sharp.map((value, p) => (1 - s) * value + s * blurred[p]));
      expect(distance).toBeGreaterThan(previous + 1e-3);
      previous = distance;
    }
  });

  it('grows with the weight of a blend of two shapes (closed form)', () => {
    // Images 0 and 1 hold shapes that do not overlap (a square at x 20..24,
    // y 16..20 and a circle of radius 3 around (23, 10)). Their blend
    // (1 - t) A + t B is nearest to A in colour (1 - t) a, leaving t B as the
    // error, or to B in t b, leaving (1 - t) A: the distance is
    // min(t · rms(B), (1 - t) · rms(A)), rising with t until the two meet.
    expect([set.factors[0].kind, set.factors[1].kind]).toEqual(['square', 'circle']);
    const [a, b] = [image(0), image(1)];
    const zero = new Float32Array(PIXELS);
    let previous = 0;
    for (const t of [0.1, 0.2, 0.3, 0.4, 0.5]) {
      const { distance } = nearestShapeImage(a.map((value, p) => (1 - t) * value + t * b[p]));
      expect(distance).toBeCloseTo(Math.min(t * rmse(b, zero), (1 - t) * rmse(a, zero)), 6);
      if (t <= 0.4) expect(distance).toBeGreaterThan(previous + 1e-3);
      previous = distance;
    }
  });

  it('measures a colour cast over the whole image by its background share (closed form)', () => {
    // Adding δ to every value keeps the shape (colour + δ, still below 1 for
    // image 2) but lifts the black background: the nearest clean image is the
    // same shape in colour + δ, and the error is δ on each background value,
    // so the RMSE is δ · sqrt(background pixels / all pixels).
    const { r, g, b } = set.factors[2];
    expect(Math.max(r, g, b)).toBeLessThan(0.88);
    expect(Math.min(r, g, b)).toBeGreaterThan(0.15);
    let background = 0;
    for (let p = 0; p < SIZE * SIZE; p++) if (image(2).subarray(p * 3, p * 3 + 3).every((v) => v === 0)) background++;
    for (const delta of [0.02, 0.05, 0.1]) {
      const cast = image(2).map((value) => value + delta);
      const nearest = nearestShapeImage(cast);
      expect(nearest.distance).toBeCloseTo(delta * Math.sqrt(background / (SIZE * SIZE)), 6);
      expect(nearest.factors.r).toBeCloseTo(r + delta, 6);
    }
  });

  it('returns the distance to the image it returns, no larger than the true shape gives', () => {
    const noisy = boxBlur(image(3)).map((value, p) => value + 0.05 * Math.sin(p));
    const nearest = nearestShapeImage(noisy);
    const clamped = noisy.map((value) => Math.min(Math.max(value, 0), 1));
    expect(nearest.distance).toBeCloseTo(rmse(clamped, nearest.image), 12);
    expect(nearest.distance).toBeLessThanOrEqual(rmse(clamped, image(3)) + 1e-12);
  });

  it('clamps decoder output to [0, 1]: a tanh image below 0 on the background is still on the data', () => {
    const decoded = image(4).map((value) => (value === 0 ? -0.7 : value));
    expect(nearestShapeImage(decoded).distance).toBeLessThan(1e-12);
  });

  it('reads tensors without leaking and checks its input', () => {
    const before = tf.memory().numTensors;
    const batch = tf.tensor4d(set.images.slice(0, 3 * PIXELS), [3, SIZE, SIZE, 3]);
    const single = tf.tensor3d(image(1), [SIZE, SIZE, 3]);
    expect(Array.from(shapeDataDistances(batch))).toEqual([0, 0, 0]);
    expect(nearestShapeImage(single).distance).toBe(0);
    tf.dispose([batch, single]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => nearestShapeImage(new Float32Array(10))).toThrow(
      '`image` must hold 32 x 32 x 3 = 3072 values (HWC), but got 10',
    );
    expect(() => nearestShapeImage(image(0).fill(NaN, 5, 6))).toThrow('`image` must hold only finite values, but value 5 is NaN');
    expect(() => shapeDataDistances(new Float32Array(PIXELS + 1))).toThrow(
      '`images` must hold a multiple of 32 x 32 x 3 = 3072 values (NHWC), but got 3073',
    );
  });
});
