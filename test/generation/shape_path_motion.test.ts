import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { shapePathMotion, type ShapeFactors } from '../../src';
import { drawShape } from '../../src/datasets/rasterize';

const SIZE = 32;
const PIXELS = SIZE * SIZE * 3;

/** The data set's own drawing of one shape on black. */
function draw(shape: ShapeFactors): Float32Array {
  const image = new Float32Array(PIXELS);
  drawShape(image, 0, SIZE, shape);
  return image;
}

/** Frames one after another, NHWC. */
function path(frames: Float32Array[]): Float32Array {
  const out = new Float32Array(frames.length * PIXELS);
  frames.forEach((frame, i) => out.set(frame, i * PIXELS));
  return out;
}

const steps = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('shapePathMotion', () => {
  it('sees a shape translated across the image: no dip, even travel', () => {
    // A circle of radius 4 moved one pixel right and one down per step, 10 frames.
    const frames = steps(10).map((k) => draw({ kind: 'circle', cx: 8 + k, cy: 12 + k, size: 4, r: 0.75, g: 0.25, b: 0.5 }));
    const motion = shapePathMotion(path(frames));
    expect(motion.frames.map((frame) => frame.centre)).toEqual(steps(10).map((k) => [8 + k, 12 + k]));
    expect(motion.frames.every((frame) => frame.distance < 1e-12)).toBe(true);
    expect(motion.dip).toBe(0);
    // Nine equal diagonal steps of √2: the path is the straight line, each step 1/9 of it.
    expect(motion.centre.straight).toBeCloseTo(9 * Math.SQRT2, 12);
    expect(motion.centre.pathRatio).toBeCloseTo(1, 12);
    expect(motion.centre.maxJump).toBeCloseTo(1 / 9, 12);
    expect(motion.extent).toEqual({ path: 0, straight: 0, pathRatio: null, maxJump: null });
    expect(motion.kindChanges).toBe(0);
  });

  it('sees a cross-fade of two shapes: a dip and one jump', () => {
    // A: circle of radius 3 around (9, 9), pixels x, y in 6..12; B: square from
    // (20, 20) to (24, 24). No candidate shape reaches both (the widest, a circle
    // of radius 8, spans 17 pixels; they span 19), so every frame
    // (1 - t) A + t B fits A in colour (1 - t) a or B in colour t b.
    const a: ShapeFactors = { kind: 'circle', cx: 9, cy: 9, size: 3, r: 0.9, g: 0.6, b: 0.3 };
    const b: ShapeFactors = { kind: 'square', cx: 20, cy: 20, size: 4, r: 0.2, g: 0.8, b: 0.5 };
    const [imageA, imageB] = [draw(a), draw(b)];
    const ts = steps(11).map((i) => i / 10);
    const motion = shapePathMotion(path(ts.map((t) => imageA.map((value, p) => (1 - t) * value + t * imageB[p]))));
    motion.frames.forEach(({ factors }, i) => {
      const { kind, cx, cy, size } = factors;
      const [shape, weight] = kind === 'circle' ? [a, 1 - ts[i]] : [b, ts[i]];
      expect({ kind, cx, cy, size }).toEqual({ kind: shape.kind, cx: shape.cx, cy: shape.cy, size: shape.size });
      expect(factors.r).toBeCloseTo(weight * shape.r, 6);
    });
    // Hand bound at t = 0.5: every pixel is 0, a/2 or b/2, so any fitted colour
    // (a mean over pixels) is at most max(a, b)/2 per channel: brightness at most
    // (0.9 + 0.8 + 0.5) / 6 = 0.3667, against the line's (0.6 + 0.5) / 2 = 0.55.
    expect(motion.dip).toBeGreaterThanOrEqual(1 - 0.3667 / 0.55);
    // The centre stays on A, then one step carries it all the way to B's.
    expect(motion.centre.maxJump).toBeCloseTo(1, 12);
    expect(motion.centre.pathRatio).toBeCloseTo(1, 12);
    expect(motion.extent.maxJump).toBeCloseTo(1, 12); // width 7 to width 5 in one step
    expect(motion.kindChanges).toBe(1);
  });

  it('sees a circle growing in place: no dip, no centre travel, the width growing by steps', () => {
    const frames = [3, 4, 5, 6, 7, 8].map((size) => draw({ kind: 'circle', cx: 16, cy: 16, size, r: 0.5, g: 0.5, b: 0.25 }));
    const motion = shapePathMotion(path(frames));
    expect(motion.dip).toBeLessThan(1e-12);
    expect(motion.centre).toEqual({ path: 0, straight: 0, pathRatio: null, maxJump: null });
    // Widths 7, 9, ..., 17: five steps of 2 over 10.
    expect(motion.extent).toEqual({ path: 10, straight: 10, pathRatio: 1, maxJump: 0.2 });
  });

  it('sees a square recoloured in place: brightness on the line, nothing travels', () => {
    // Colour (0.9, 0.2, 0.1) to (0.1, 0.5, 0.9) in 9 even steps: brightness 0.4 to 0.5 on a line.
    const frames = steps(10).map((k) => {
      const t = k / 9;
      return draw({ kind: 'square', cx: 12, cy: 12, size: 6, r: 0.9 - 0.8 * t, g: 0.2 + 0.3 * t, b: 0.1 + 0.8 * t });
    });
    const motion = shapePathMotion(path(frames));
    expect(motion.frames[0].brightness).toBeCloseTo(0.4, 6);
    expect(motion.frames[9].brightness).toBeCloseTo(0.5, 6);
    expect(motion.dip).toBeLessThan(1e-6); // float32 storage of the colours
    expect(motion.centre.path).toBe(0);
    expect(motion.extent.path).toBe(0);
    expect(motion.kindChanges).toBe(0);
  });

  it('reads a tensor like the flat array, without leaking', () => {
    const frames = steps(3).map((k) => draw({ kind: 'square', cx: 10 + 2 * k, cy: 10, size: 5, r: 0.5, g: 0.5, b: 0.5 }));
    const flat = shapePathMotion(path(frames));
    const before = tf.memory().numTensors;
    const images = tf.tensor4d(path(frames), [3, SIZE, SIZE, 3]);
    expect(shapePathMotion(images)).toEqual(flat);
    images.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses fewer than 3 frames and values that are no whole frames', () => {
    expect(() => shapePathMotion(new Float32Array(2 * PIXELS))).toThrow(
      '`images` must hold at least 3 frames (two ends and an interior), but got 2',
    );
    expect(() => shapePathMotion(new Float32Array(3 * PIXELS + 1))).toThrow(
      '`images` must hold a multiple of 32 x 32 x 3 = 3072 values (NHWC), but got 9217',
    );
  });
});
