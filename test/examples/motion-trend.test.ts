import { describe, expect, it } from 'vitest';
import { motionPoints, motionTable, motionTrendSpec } from '../../examples/lib/motion-trend';
import { renderSvg } from '../../examples/lib/render';

const summary = (meanDip: number, jumpShare: number | null) => ({
  paths: 20, meanDip, travelling: jumpShare === null ? 0 : 16, jumpShare, meanMaxJump: null, meanCentrePathRatio: null,
});
const files = [
  { run: { trainSize: 50_000, epochs: 3 }, models: [{ model: 'ae', label: 'AE', summary: summary(0.434, 0.4375) }, { model: 'irmae-l2', label: 'IRMAE l=2', summary: summary(0.417, 0.375) }] },
  { run: { trainSize: 50_000, epochs: 40 }, models: [{ model: 'irmae-l2', label: 'IRMAE l=2', summary: summary(0.3, null) }] },
];

describe('the motion trend', () => {
  it('reads each model of each run at its training images', () => {
    expect(motionPoints(files)).toEqual([
      { model: 'ae', label: 'AE', images: 150_000, meanDip: 0.434, jumpShare: 0.4375 },
      { model: 'irmae-l2', label: 'IRMAE l=2', images: 150_000, meanDip: 0.417, jumpShare: 0.375 },
      { model: 'irmae-l2', label: 'IRMAE l=2', images: 2_000_000, meanDip: 0.3, jumpShare: null },
    ]);
    expect(motionTable(motionPoints(files)).split('\n')[3]).toMatch(/^IRMAE l=2 +2,000,000 +0\.300 +-$/);
  });

  it("draws each model in its Figure 2 colour, with ticks at the runs' images", async () => {
    const svg = await renderSvg(motionTrendSpec(motionPoints(files), 'sub'));
    expect(svg).toContain('stroke="#1f77b4"'); // AE, first in Figure 2
    expect(svg).toContain('stroke="#d62728"'); // IRMAE l=2, fourth
    for (const tick of ['150k', '2M']) expect(svg).toContain(`>${tick}</text>`);
    expect(() => motionTrendSpec([])).toThrow('`points` must hold at least one model after one run, but got none');
  });
});
