import { describe, expect, it } from 'vitest';
import { summaryTable } from '../../examples/lib/cli';
import {
  PROBE_FACTORS,
  figure2Csv,
  figure2Json,
  measureSpectrum,
  type ModelSpectrum,
  type RunDescription,
} from '../../examples/lib/figure2-results';
import { hueColumns } from '../../examples/lib/hue-columns';
import { gaussianMatrix } from '../metrics/helpers';

// 6 samples x 3 dims. NumPy reference:
//   s = np.linalg.svd(np.cov(z.T), compute_uv=False); n = s / s[0]
//   n = [1, 0.8593023, 0.21895223]; exp(entropy(n / n.sum())) = 2.5967155136370588
const codes = new Float32Array([1, 2, 0, 3, 1, 1, 0, 0, 2, 2, 5, 1, 4, 1, 0, 1, 3, 3]);

// Factors of the 6 samples. Each continuous one is an affine function of the
// codes, so its held-out R² is 1. kind is 'square' where the first code > 1.5;
// the affine least-squares fit to the square indicator on the first 4 rows is
// -0.6 + 0.4 z1 + 0.1 z2 + 0.3 z3 (solved by hand), which gives 1.1 and 1.0 on
// the held-out rows [4, 1, 0] and [1, 3, 3]: 'square' both times, so 1 of 2
// is right.
const column = (f: (z: number[]) => number) =>
  Array.from({ length: 6 }, (_, i) => f(Array.from(codes.subarray(3 * i, 3 * i + 3))));
const shapeFactors = {
  x: column(([a]) => a),
  y: column(([, b]) => 2 * b - 1),
  size: column(([, , c]) => c),
  r: column(([a, b]) => 2 * a + b),
  g: column(([, b, c]) => b - c),
  b: column(([a, , c]) => a + 2 * c + 5),
  kind: column(([a]) => a).map((a) => (a > 1.5 ? 'square' : 'circle')),
};
// The hue columns are affine in the codes too: r - g = 2a + c, g - b = -a + b - 3c - 5.
const factors = { ...shapeFactors, ...hueColumns(shapeFactors) };

const run: RunDescription = {
  trainSize: 16, evalSize: 6, epochs: 1, learningRate: 1e-3, schedule: 'cosine', warmup: 32, batchSize: 8, latentDim: 3, seed: 4, initialisation: 'he', backend: 'cpu',
  wallTimeSeconds: 12.345,
};

describe('measureSpectrum', () => {
  const measured = measureSpectrum('ae', 'AE', codes, 3, 0.25, factors);

  it('matches NumPy on a hand-made code matrix', () => {
    expect(measured.spectrum).toHaveLength(3);
    [1, 0.8593023, 0.21895223].forEach((v, i) => expect(measured.spectrum[i]).toBeCloseTo(v, 6));
    expect(measured.effectiveRank).toBeCloseTo(2.5967155136370588, 6);
    expect(measured).toMatchObject({ numericalRank: 3, thresholdRank1e2: 3, thresholdRank1e3: 3, evalMse: 0.25 });
  });

  it('probes the factors: R² 1 for the affine ones, the hand-computed accuracy for kind', () => {
    for (const factor of ['x', 'y', 'size', 'r', 'g', 'b', 'r-g', 'g-b']) expect(measured.probe[factor]).toBeCloseTo(1, 10);
    expect(measured.probe.kind).toBe(0.5);
  });

  it('reads a factor held as a product of code entries with the quadratic probe only', () => {
    // 200 standard normal samples of 3 dims; the factor r is a · b, which no
    // affine map of the codes fits, and every quadratic one can.
    const wide = Float32Array.from(gaussianMatrix(200, 3, 14).to1DArray());
    const entry = (i: number, j: number) => wide[3 * i + j];
    const product = Array.from({ length: 200 }, (_, i) => entry(i, 0) * entry(i, 1));
    const m = measureSpectrum('ae', 'AE', wide, 3, 0, { r: product });
    expect(m.probe.r).toBeLessThan(0.1);
    expect(m.quadraticProbe.r).toBeCloseTo(1, 6);
  });

  it('counts threshold ranks of a rank-deficient code', () => {
    // Third dim = first + second: the covariance has rank 2.
    const deficient = new Float32Array([1, 2, 3, 3, 1, 4, 0, 0, 0, 2, 5, 7, 4, 1, 5, 1, 1, 2]);
    const m = measureSpectrum('irmae-l2', 'IRMAE l=2', deficient, 3, 0, factors);
    expect(m.thresholdRank1e3).toBe(2);
    expect(m.numericalRank).toBe(2);
  });
});

describe('figure2 files', () => {
  const models = [measureSpectrum('ae', 'AE', codes, 3, 0.25, factors), measureSpectrum('ae-l1', 'AE+L1, "x"', codes, 3, 0.5, factors)];

  it('writes the run and every model to JSON', () => {
    const parsed = JSON.parse(figure2Json(run, models));
    expect(parsed.run).toEqual(run);
    expect(parsed.minimalRank).toBe(7);
    expect(parsed.models.map((m: { model: string }) => m.model)).toEqual(['ae', 'ae-l1']);
    expect(parsed.models[0].spectrum).toEqual(models[0].spectrum);
  });

  it('writes one CSV row per model with the budget and the full spectrum', () => {
    const lines = figure2Csv(run, models).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'model,label,effective_rank,numerical_rank,threshold_rank_1e-2,threshold_rank_1e-3,eval_mse,' +
        'probe_x,probe_y,probe_size,probe_r,probe_g,probe_b,probe_kind,probe_r-g,probe_g-b,' +
        'quadratic_probe_x,quadratic_probe_y,quadratic_probe_size,quadratic_probe_r,quadratic_probe_g,quadratic_probe_b,' +
        'quadratic_probe_kind,quadratic_probe_r-g,quadratic_probe_g-b,train_size,eval_size,' +
        'epochs,learning_rate,schedule,warmup,batch_size,latent_dim,seed,initialisation,backend,wall_time_s,s1,s2,s3',
    );
    const fields = lines[1].split(',');
    expect(fields.slice(0, 2)).toEqual(['ae', 'AE']);
    expect(Number(fields[2])).toBeCloseTo(2.5967155, 6);
    expect(fields.slice(3, 7)).toEqual(['3', '3', '3', '0.25']);
    fields.slice(7, 13).forEach((r2) => expect(Number(r2)).toBeCloseTo(1, 10));
    expect(fields[13]).toBe('0.5');
    fields.slice(14, 16).forEach((r2) => expect(Number(r2)).toBeCloseTo(1, 10));
    expect(fields.slice(16, 25).map(Number)).toEqual(PROBE_FACTORS.map((factor) => models[0].quadraticProbe[factor]));
    expect(fields.slice(25, 37)).toEqual(['16', '6', '1', '0.001', 'cosine', '32', '8', '3', '4', 'he', 'cpu', '12.3']);
    expect(Number(fields[37])).toBe(1);
    // A label with a comma and quotes is quoted.
    expect(lines[2]).toContain('"AE+L1, ""x"""');
  });
});

describe('summaryTable', () => {
  it('right-aligns each measure under its header, then the quadratic probe', () => {
    const probe = (value: number) => Object.fromEntries(PROBE_FACTORS.map((factor) => [factor, value]));
    const spectrum: ModelSpectrum = {
      ...measureSpectrum('ae', 'AE', codes, 3, 0.25, factors),
      probe: { ...probe(1), kind: 0.5 },
      quadraticProbe: { ...probe(0.987), size: 0.5 },
    };
    expect(summaryTable([spectrum])).toBe(
      'model  effective rank  above 1e-2  above 1e-3  numerical rank  eval MSE     x     y  size     r     g     b  kind   r-g   g-b\n' +
        'AE               2.60           3           3               3  2.500e-1  1.00  1.00  1.00  1.00  1.00  1.00  0.50  1.00  1.00\n' +
        '\n' +
        'quadratic probe     x     y  size     r     g     b  kind   r-g   g-b\n' +
        'AE               0.99  0.99  0.50  0.99  0.99  0.99  0.99  0.99  0.99\n',
    );
  });

  it('says which probe was not measurable instead of printing its scores', () => {
    // 6 samples keep 4 fitted rows: enough for the 3 linear features, not for
    // the 3 + 6 = 9 quadratic ones.
    const measured = measureSpectrum('ae', 'AE', codes, 3, 0.25, factors);
    expect(measured.notMeasurable).toEqual({ quadraticProbe: { fittedRows: 4, features: 9 } });
    expect(JSON.parse(figure2Json(run, [measured])).models[0].quadraticProbe.x).toBeNull();
    expect(summaryTable([measured]).split('\n').slice(3)).toEqual([
      'quadratic probe  x  y  size  r  g  b  kind  r-g  g-b',
      'AE               -  -     -  -  -  -     -    -    -',
      'AE: quadratic probe not measurable (4 fitted rows for 9 features; raise --eval-size)',
      '',
    ]);
  });
});
