import { describe, expect, it } from 'vitest';
import { decode } from 'fast-png';
import { figure2Spec, legendLabel } from '../../examples/lib/figure2-chart';
import { renderSvg, svgToPng } from '../../examples/lib/render';

const series = [
  { label: 'AE', spectrum: [1, 0.5, 0.25, 0.125], effectiveRank: 3.1234 },
  { label: 'IRMAE l=2', spectrum: [1, 0.1, 0, 0], effectiveRank: 1.5 },
];

// The spec is plain JSON; read it through a loose type.
type Loose = Record<string, any>;

describe('figure2Spec', () => {
  const spec = figure2Spec(series) as Loose;

  it('holds one point per model and rank, ranks counted from 1', () => {
    const values = spec.data.values as Loose[];
    expect(values).toHaveLength(8);
    expect(values[2]).toEqual({ model: 'AE (eff. rank 3.12)', rank: 3, value: 0.25, logValue: 0.25 });
    // Zeros are lifted to the log floor on the log panel only.
    expect(values[7]).toEqual({ model: 'IRMAE l=2 (eff. rank 1.50)', rank: 4, value: 0, logValue: 1e-7 });
  });

  it('draws a linear panel from 0 to 0.4 and a log panel, x from 0 to dim', () => {
    const [linear, log] = spec.hconcat as Loose[];
    const linearLine = linear.layer[0].encoding;
    expect(linearLine.y.scale.domain).toEqual([0, 0.4]);
    expect(linearLine.x.scale.domain).toEqual([0, 4]);
    expect(log.layer[0].encoding.y.scale).toEqual({ type: 'log', domain: [1e-7, 1] });
    expect(log.layer[0].encoding.y.axis.values).toEqual([1, 0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6, 1e-7]);
  });

  it('draws the dashed minimal rank at 7 in both panels', () => {
    for (const panel of spec.hconcat as Loose[]) {
      const rule = panel.layer[1];
      expect(rule.data.values).toEqual([{ rank: 7 }]);
      expect(rule.layer[0].mark.type).toBe('rule');
      expect(rule.layer[0].mark.strokeDash).toEqual([6, 4]);
      expect(rule.layer[1].encoding.text.value).toBe('minimal rank 7');
    }
  });

  it('labels the legend with each model’s effective rank, in the given order', () => {
    expect(legendLabel(series[0])).toBe('AE (eff. rank 3.12)');
    const color = (spec.hconcat as Loose[])[0].layer[0].encoding.color;
    expect(color.sort).toEqual(['AE (eff. rank 3.12)', 'IRMAE l=2 (eff. rank 1.50)']);
  });

  it('refuses an empty series', () => {
    expect(() => figure2Spec([])).toThrow('`series` must hold at least one model, but got none');
  });
});

describe('rendering', () => {
  it('renders the spec to SVG with the legend text and to a PNG twice its size', async () => {
    const svg = await renderSvg(figure2Spec(series, { subtitle: 'tiny' }));
    expect(svg).toContain('AE (eff. rank 3.12)');
    expect(svg).toContain('minimal rank 7');
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    const png = decode(svgToPng(svg));
    expect(png.width).toBe(2 * width);
    // Text was drawn: the title region is not blank white.
    const dark = Array.from({ length: png.width * 40 }, (_, i) => png.data[i * png.channels]).filter((v) => v < 128);
    expect(dark.length).toBeGreaterThan(50);
  });
});
