import { describe, expect, it } from 'vitest';
import {
  generateShapes,
  SHAPE_EVAL_SEED,
  SHAPE_TRAIN_SEED,
  type ShapeFactors,
  type ShapeSet,
  type ShapeVariant,
} from '../../src/datasets';

const IMAGE = 32 * 32 * 3;

/** Set pixels (any channel non-zero) and float64 channel sums of image i. */
function imageStats(set: ShapeSet, i: number): { set: number; sums: number[] } {
  const pixels = set.images.subarray(i * IMAGE, (i + 1) * IMAGE);
  const sums = [0, 0, 0];
  let count = 0;
  for (let o = 0; o < pixels.length; o += 3) {
    if (pixels[o] !== 0 || pixels[o + 1] !== 0 || pixels[o + 2] !== 0) count++;
    for (let c = 0; c < 3; c++) sums[c] += pixels[o + c];
  }
  return { set: count, sums };
}

function shapesOf(set: ShapeSet, i: number): ShapeFactors[] {
  return set.factors.slice(i * set.shapesPerImage, (i + 1) * set.shapesPerImage);
}

describe('generateShapes: hand-drawn cases', () => {
  // Factors of seed 7, images 0..2, from an independent Python port of the
  // sampler (see counter_stream.test.ts for the stream's definition).
  const SEED_7_FACTORS: ShapeFactors[] = [
    { kind: 'square', cx: 13, cy: 24, size: 8, r: 0.7430620789527893, g: 0.8971251249313354, b: 0.17245519161224365 },
    { kind: 'circle', cx: 23, cy: 15, size: 5, r: 0.663087010383606, g: 0.30950772762298584, b: 0.9885197877883911 },
    { kind: 'square', cx: 8, cy: 16, size: 6, r: 0.1716424822807312, g: 0.5475799441337585, b: 0.7148874402046204 },
  ];

  it('samples the factors the Python port samples', () => {
    const set = generateShapes({ count: 3, seed: 7 });
    expect(set.factors).toEqual(SEED_7_FACTORS);
    expect(set.shape).toEqual([3, 32, 32, 3]);
    expect(set.shapesPerImage).toBe(1);
    // The training seed's first images, same port.
    const train = generateShapes({ count: 2, seed: SHAPE_TRAIN_SEED });
    expect(train.factors.map(({ kind, cx, cy, size }) => [kind, cx, cy, size])).toEqual([
      ['circle', 16, 18, 4],
      ['square', 20, 21, 3],
    ]);
  });

  it('draws seed 7 image 0 pixel by pixel: square rows 24..31 (clipped at 32), columns 13..21', () => {
    const set = generateShapes({ count: 1, seed: 7 });
    const { r, g, b } = SEED_7_FACTORS[0];
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const inside = x >= 13 && x <= 21 && y >= 24 && y <= 31;
        const o = (y * 32 + x) * 3;
        const expected = inside ? [Math.fround(r), Math.fround(g), Math.fround(b)] : [0, 0, 0];
        expect([set.images[o], set.images[o + 1], set.images[o + 2]], `pixel (${x}, ${y})`).toEqual(expected);
      }
    }
  });

  it('draws seed 7 image 1: the radius-5 circle around (23, 15)', () => {
    const set = generateShapes({ count: 2, seed: 7 });
    // Half-widths of cv2.circle's radius-5 mask, rows dy = -5..5 (see rasterize.test.ts).
    const halfWidths = [0, 3, 4, 4, 4, 5, 4, 4, 4, 3, 0];
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const dy = y - 15;
        const inside = Math.abs(dy) <= 5 && Math.abs(x - 23) <= halfWidths[dy + 5];
        expect(set.images[IMAGE + (y * 32 + x) * 3] !== 0, `pixel (${x}, ${y})`).toBe(inside);
      }
    }
    expect(set.images[IMAGE + (15 * 32 + 23) * 3 + 2]).toBe(Math.fround(SEED_7_FACTORS[1].b));
  });

  // Set-pixel counts and float64 channel sums of cv2 drawing these images' factors:
  // cv2.circle / cv2.rectangle on np.zeros((32, 32, 3), np.float32), in factor order.
  const CV2_STATS: Record<ShapeVariant, Array<[number, number[]]>> = {
    paper: [
      [72, [53.50046968460083, 64.59300899505615, 12.416773796081543]],
      [81, [53.71004784107208, 25.070125937461853, 80.07010281085968]],
      [49, [8.410481631755829, 26.83141726255417, 35.0294845700264]],
      [81, [48.69845885038376, 23.040695786476135, 45.069529831409454]],
      [49, [41.48215562105179, 32.61330193281174, 6.98332279920578]],
      [29, [11.585187494754791, 11.977099895477295, 1.8827753067016602]],
    ],
    'half-squares': [
      [25, [18.576551973819733, 22.428128123283386, 4.311379790306091]],
      [81, [53.71004784107208, 25.070125937461853, 80.07010281085968]],
      [16, [2.746279716491699, 8.761279106140137, 11.438199043273926]],
      [81, [48.69845885038376, 23.040695786476135, 45.069529831409454]],
      [16, [13.545193672180176, 10.64924144744873, 2.280268669128418]],
      [29, [11.585187494754791, 11.977099895477295, 1.8827753067016602]],
    ],
    'two-shapes': [
      [97, [60.29586327075958, 71.18765556812286, 23.694857120513916]],
      [85, [47.76993578672409, 12.961236298084259, 44.22607481479645]],
      [241, [71.53709709644318, 166.74591314792633, 129.52718818187714]],
      [117, [67.98425889015198, 15.465396165847778, 45.19438183307648]],
      [98, [89.42617934942245, 70.00886285305023, 38.000528037548065]],
      [65, [54.87977731227875, 48.18641620874405, 3.418032646179199]],
    ],
  };
  for (const variant of ['paper', 'half-squares', 'two-shapes'] as const) {
    it(`matches OpenCV's pixels for seed 7, variant '${variant}'`, () => {
      const set = generateShapes({ count: 6, seed: 7, variant });
      CV2_STATS[variant].forEach(([count, sums], i) => {
        const stats = imageStats(set, i);
        expect(stats.set).toBe(count);
        stats.sums.forEach((s, c) => expect(s).toBeCloseTo(sums[c], 9));
      });
    });
  }
});

describe('generateShapes: factor distributions', () => {
  const set = generateShapes({ count: 20_000, seed: 11 });

  it('draws centres 8..24 and sizes 3..8, every value, about uniformly', () => {
    const histogram = (key: 'cx' | 'cy' | 'size') => {
      const counts = new Map<number, number>();
      for (const f of set.factors) counts.set(f[key], (counts.get(f[key]) ?? 0) + 1);
      return counts;
    };
    for (const [key, lo, hi] of [['cx', 8, 24], ['cy', 8, 24], ['size', 3, 8]] as const) {
      const counts = histogram(key);
      expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
      // Binomial sd of a bin is at most sqrt(20000 / 6) ~ 58; allow 5 sd.
      const expected = 20_000 / (hi - lo + 1);
      for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(5 * Math.sqrt(expected));
    }
  });

  it('draws circles and squares with probability 1/2', () => {
    const circles = set.factors.filter((f) => f.kind === 'circle').length;
    // sd = sqrt(20000 / 4) ~ 71; allow 5 sd.
    expect(Math.abs(circles - 10_000)).toBeLessThan(355);
  });

  it('draws colours in [0, 1) with mean 1/2 and variance 1/12, exact in float32', () => {
    for (const c of ['r', 'g', 'b'] as const) {
      const values = set.factors.map((f) => f[c]);
      expect(values.every((v) => v >= 0 && v < 1 && Math.fround(v) === v)).toBe(true);
      const mean = values.reduce((a, v) => a + v, 0) / values.length;
      const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
      // sd of the mean: sqrt(1 / 12 / 20000) ~ 0.002.
      expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
      expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.003);
    }
  });

  it('keeps every pixel in [0, 1)', () => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of set.images) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBeLessThan(1);
  });
});

describe('generateShapes: determinism', () => {
  it('gives the same bytes for the same seed', () => {
    const a = generateShapes({ count: 300, seed: 5 });
    const b = generateShapes({ count: 300, seed: 5 });
    expect(Buffer.from(a.images.buffer).equals(Buffer.from(b.images.buffer))).toBe(true);
    expect(a.factors).toEqual(b.factors);
  });

  it('generates any slice equal to the same rows of a bigger set', () => {
    for (const variant of ['paper', 'two-shapes'] as const) {
      const whole = generateShapes({ count: 1100, seed: 5, variant });
      const slice = generateShapes({ count: 50, start: 1000, seed: 5, variant });
      expect(slice.shape).toEqual([50, 32, 32, 3]);
      expect(Array.from(slice.images)).toEqual(Array.from(whole.images.subarray(1000 * IMAGE, 1050 * IMAGE)));
      const k = whole.shapesPerImage;
      expect(slice.factors).toEqual(whole.factors.slice(1000 * k, 1050 * k));
    }
  });

  it('draws different images for different seeds; train and eval share none', () => {
    const fingerprint = (f: ShapeFactors) => `${f.kind} ${f.cx} ${f.cy} ${f.size} ${f.r} ${f.g} ${f.b}`;
    const train = new Set(generateShapes({ count: 2000, seed: SHAPE_TRAIN_SEED }).factors.map(fingerprint));
    const evaluation = generateShapes({ count: 2000, seed: SHAPE_EVAL_SEED }).factors.map(fingerprint);
    expect(SHAPE_TRAIN_SEED).not.toBe(SHAPE_EVAL_SEED);
    expect(train.size).toBe(2000);
    expect(evaluation.filter((f) => train.has(f))).toEqual([]);
  });

  it('gives an empty set for count 0', () => {
    const set = generateShapes({ count: 0 });
    expect(set.shape).toEqual([0, 32, 32, 3]);
    expect(set.images.length).toBe(0);
    expect(set.factors).toEqual([]);
  });
});

describe('generateShapes: variants and options', () => {
  it("'half-squares' halves square sizes (rounded down) and keeps everything else", () => {
    const paper = generateShapes({ count: 500, seed: 3 });
    const half = generateShapes({ count: 500, seed: 3, variant: 'half-squares' });
    paper.factors.forEach((f, i) => {
      expect(half.factors[i]).toEqual(f.kind === 'square' ? { ...f, size: Math.floor(f.size / 2) } : f);
    });
    const circleImage = paper.factors.findIndex((f) => f.kind === 'circle');
    expect(Array.from(half.images.subarray(circleImage * IMAGE, (circleImage + 1) * IMAGE))).toEqual(
      Array.from(paper.images.subarray(circleImage * IMAGE, (circleImage + 1) * IMAGE)),
    );
  });

  it("'two-shapes' draws a square, then a circle over it", () => {
    const set = generateShapes({ count: 200, seed: 3, variant: 'two-shapes' });
    expect(set.shapesPerImage).toBe(2);
    expect(set.factors.length).toBe(400);
    for (let i = 0; i < 200; i++) expect(shapesOf(set, i).map((f) => f.kind)).toEqual(['square', 'circle']);
    // The circle's centre pixel holds the circle's colour even inside the square.
    for (let i = 0; i < 200; i++) {
      const [, circle] = shapesOf(set, i);
      const o = i * IMAGE + (circle.cy * 32 + circle.cx) * 3;
      expect(set.images[o]).toBe(circle.r);
    }
    // Seed 7 image 0: the square's corner (13, 24) lies outside the circle around (22, 23).
    const seven = generateShapes({ count: 1, seed: 7, variant: 'two-shapes' });
    const [square] = shapesOf(seven, 0);
    expect(seven.images[(24 * 32 + 13) * 3]).toBe(square.r);
  });

  it('honours imageSize, centerRange and sizeRange', () => {
    const set = generateShapes({ count: 20, seed: 1, imageSize: 8, centerRange: [0, 0], sizeRange: [0, 0] });
    expect(set.shape).toEqual([20, 8, 8, 3]);
    for (let i = 0; i < 20; i++) {
      const f = set.factors[i];
      expect([f.cx, f.cy, f.size]).toEqual([0, 0, 0]);
      // A size-0 circle or square is the single pixel (0, 0).
      const image = set.images.subarray(i * 192, (i + 1) * 192);
      expect(Array.from(image.subarray(0, 3))).toEqual([f.r, f.g, f.b]);
      expect(image.subarray(3).every((v) => v === 0)).toBe(true);
    }
  });
});

describe('generateShapes: bad options', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['missing options', () => generateShapes(undefined as unknown as { count: number }), '`options` must be an options object with a `count`, but got undefined'],
    ['negative count', () => generateShapes({ count: -1 }), '`count` must be a non-negative integer, but got -1'],
    ['fractional count', () => generateShapes({ count: 2.5 }), '`count` must be a non-negative integer, but got 2.5'],
    ['NaN count', () => generateShapes({ count: NaN }), '`count` must be a non-negative integer, but got NaN'],
    ['string count', () => generateShapes({ count: '3' as unknown as number }), '`count` must be a non-negative integer, but got "3"'],
    ['fractional start', () => generateShapes({ count: 1, start: 0.5 }), '`start` must be a non-negative integer, but got 0.5'],
    ['start past 2^32', () => generateShapes({ count: 2, start: 2 ** 32 - 1 }), '`start + count` must be at most 2^32 (image indices are 32-bit), but got 4294967297'],
    ['negative seed', () => generateShapes({ count: 1, seed: -1 }), '`seed` must be an integer in [0, 2^32 - 1], but got -1'],
    ['seed past 32 bits', () => generateShapes({ count: 1, seed: 2 ** 32 }), '`seed` must be an integer in [0, 2^32 - 1], but got 4294967296'],
    ['unknown variant', () => generateShapes({ count: 1, variant: 'triangles' as ShapeVariant }), "`variant` must be one of 'paper', 'half-squares', 'two-shapes', but got \"triangles\""],
    ['zero imageSize', () => generateShapes({ count: 1, imageSize: 0 }), '`imageSize` must be an integer in [1, 4096], but got 0'],
    ['centres outside a small image', () => generateShapes({ count: 1, imageSize: 16 }), '`centerRange` must be a pair [lo, hi] of integers with 0 <= lo <= hi <= 15, but got [8,24]'],
    ['reversed sizeRange', () => generateShapes({ count: 1, sizeRange: [5, 3] }), '`sizeRange` must be a pair [lo, hi] of integers with 0 <= lo <= hi <= 1024, but got [5,3]'],
  ];
  for (const [name, call, message] of cases) {
    it(`rejects ${name}`, () => expect(call).toThrow(message));
  }
});

describe('generateShapes: out', () => {
  it('clears and draws into the given array, equal to a fresh set', () => {
    const out = new Float32Array(40 * IMAGE).fill(0.5);
    const set = generateShapes({ count: 40, start: 7, seed: 9, out });
    expect(set.images).toBe(out);
    expect(out).toEqual(generateShapes({ count: 40, start: 7, seed: 9 }).images);
  });

  it('fills a slice of a shared buffer, as a worker would', () => {
    const shared = new Float32Array(new SharedArrayBuffer(30 * IMAGE * 4));
    generateShapes({ count: 10, start: 0, seed: 9, out: shared.subarray(0, 10 * IMAGE) });
    generateShapes({ count: 20, start: 10, seed: 9, out: shared.subarray(10 * IMAGE) });
    expect(Array.from(shared)).toEqual(Array.from(generateShapes({ count: 30, seed: 9 }).images));
  });

  it('rejects an array of the wrong length or type', () => {
    expect(() => generateShapes({ count: 2, out: new Float32Array(10) })).toThrow(
      '`out` must be a Float32Array of length count * imageSize^2 * 3 = 6144, but got a Float32Array of length 10',
    );
    expect(() => generateShapes({ count: 1, out: new Float64Array(3072) as unknown as Float32Array })).toThrow(
      '`out` must be a Float32Array of length count * imageSize^2 * 3 = 3072, but got a Float64Array',
    );
  });
});
