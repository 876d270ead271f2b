import { describe, expect, it } from 'vitest';

import { factorProbe } from '../../src/metrics';
import { CounterStream, streamSeed } from '../../src/random';
import { hueColumns } from '../../examples/lib/hue-columns';

describe('hueColumns', () => {
  it('is r - g and g - b, shape by shape', () => {
    const hue = hueColumns({ r: [0.9, 0.2], g: [0.4, 0.2], b: [0.1, 0.7], kind: ['circle', 'square'] });
    expect(Array.from(hue['r-g'] as ArrayLike<number>)).toEqual([0.9 - 0.4, 0]);
    expect(Array.from(hue['g-b'] as ArrayLike<number>)).toEqual([0.4 - 0.1, 0.2 - 0.7]);
  });

  it('reads 0 from a code that holds only brightness, where r alone reads about 1/3', () => {
    // r, g, b independent uniform: R² of r given r + g + b is 1/3 in closed form,
    // and r - g is uncorrelated with r + g + b, so its R² is 0.
    const stream = new CounterStream(streamSeed(7, 'hue-columns-test'));
    const count = 20000;
    const [r, g, b] = [0, 1, 2].map((channel) => Float64Array.from({ length: count }, (_, i) => stream.unit(3 * i + channel)));
    const brightness = Float32Array.from(r, (value, i) => value + g[i] + b[i]);
    const scores = factorProbe({ data: brightness, dim: 1 }, { r, ...hueColumns({ r, g, b }) });
    const score = (factor: string) => scores.find((entry) => entry.factor === factor)!.score;
    expect(score('r')).toBeCloseTo(1 / 3, 1);
    expect(Math.abs(score('r-g'))).toBeLessThan(0.01);
    expect(Math.abs(score('g-b'))).toBeLessThan(0.01);
  });
});
