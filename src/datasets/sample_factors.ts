import { CounterStream, foldIn } from '../random/counter_stream';
import type { ResolvedShapeOptions, ShapeFactors } from './shape_options';

/**
 * Draws per shape, in the reference code's order: colour (r, g, b), cx, cy,
 * size, kind. Shape slot k of an image uses draws 7k .. 7k + 6 of the
 * image's stream.
 */
const DRAWS_PER_SHAPE = 7;

function uniformInRange(stream: CounterStream, n: number, [lo, hi]: readonly [number, number]): number {
  return lo + stream.integerBelow(n, hi - lo + 1);
}

/** The factors of shape slot `slot` of an image, before the variant's rules. */
function sampleSlot(stream: CounterStream, slot: number, options: ResolvedShapeOptions): ShapeFactors {
  const d = slot * DRAWS_PER_SHAPE;
  return {
    // Top bit of the draw: circle or square with probability 1/2 each.
    kind: stream.uint32(d + 6) >>> 31 === 0 ? 'circle' : 'square',
    cx: uniformInRange(stream, d + 3, options.centerRange),
    cy: uniformInRange(stream, d + 4, options.centerRange),
    size: uniformInRange(stream, d + 5, options.sizeRange),
    r: stream.unit(d),
    g: stream.unit(d + 1),
    b: stream.unit(d + 2),
  };
}

/**
 * The shapes of image `index`: a pure function of (options, index), which is
 * what lets any slice of the data set be generated on its own.
 *
 * @returns One factor record for `'paper'` and `'half-squares'`; for
 *   `'two-shapes'` two, the square then the circle (drawing order).
 * @internal
 */
export function sampleImageFactors(options: ResolvedShapeOptions, index: number): ShapeFactors[] {
  // The data set's own streams: image i of seed s is foldIn(s, i).
  const stream = new CounterStream(foldIn(options.seed, index));
  const first = sampleSlot(stream, 0, options);
  switch (options.variant) {
    case 'paper':
      return [first];
    case 'half-squares':
      return [first.kind === 'square' ? { ...first, size: Math.floor(first.size / 2) } : first];
    case 'two-shapes':
      return [
        { ...first, kind: 'square' },
        { ...sampleSlot(stream, 1, options), kind: 'circle' },
      ];
  }
}
