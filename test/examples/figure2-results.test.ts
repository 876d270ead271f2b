import { describe, expect, it } from 'vitest';
import { summaryTable } from '../../examples/lib/cli';
import { figure2Csv, figure2Json, measureSpectrum, type RunDescription } from '../../examples/lib/figure2-results';

// 6 samples x 3 dims. NumPy reference:
//   s = np.linalg.svd(np.cov(z.T), compute_uv=False); n = s / s[0]
//   n = [1, 0.8593023, 0.21895223]; exp(entropy(n / n.sum())) = 2.5967155136370588
const codes = new Float32Array([1, 2, 0, 3, 1, 1, 0, 0, 2, 2, 5, 1, 4, 1, 0, 1, 3, 3]);

const run: RunDescription = {
  trainSize: 16, evalSize: 6, epochs: 1, learningRate: 1e-3, batchSize: 8, latentDim: 3, seed: 4, backend: 'cpu',
  wallTimeSeconds: 12.345,
};

describe('measureSpectrum', () => {
  const measured = measureSpectrum('ae', 'AE', codes, 3, 0.25);

  it('matches NumPy on a hand-made code matrix', () => {
    expect(measured.spectrum).toHaveLength(3);
    [1, 0.8593023, 0.21895223].forEach((v, i) => expect(measured.spectrum[i]).toBeCloseTo(v, 6));
    expect(measured.effectiveRank).toBeCloseTo(2.5967155136370588, 6);
    expect(measured).toMatchObject({ numericalRank: 3, thresholdRank1e2: 3, thresholdRank1e3: 3, evalMse: 0.25 });
  });

  it('counts threshold ranks of a rank-deficient code', () => {
    // Third dim = first + second: the covariance has rank 2.
    const deficient = new Float32Array([1, 2, 3, 3, 1, 4, 0, 0, 0, 2, 5, 7, 4, 1, 5]);
    const m = measureSpectrum('irmae-l2', 'IRMAE l=2', deficient, 3, 0);
    expect(m.thresholdRank1e3).toBe(2);
    expect(m.numericalRank).toBe(2);
  });
});

describe('figure2 files', () => {
  const models = [measureSpectrum('ae', 'AE', codes, 3, 0.25), measureSpectrum('ae-l1', 'AE+L1, "x"', codes, 3, 0.5)];

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
      'model,label,effective_rank,numerical_rank,threshold_rank_1e-2,threshold_rank_1e-3,eval_mse,train_size,eval_size,' +
        'epochs,learning_rate,batch_size,latent_dim,seed,backend,wall_time_s,s1,s2,s3',
    );
    const fields = lines[1].split(',');
    expect(fields.slice(0, 2)).toEqual(['ae', 'AE']);
    expect(Number(fields[2])).toBeCloseTo(2.5967155, 6);
    expect(fields.slice(3, 16)).toEqual(['3', '3', '3', '0.25', '16', '6', '1', '0.001', '8', '3', '4', 'cpu', '12.3']);
    expect(Number(fields[16])).toBe(1);
    // A label with a comma and quotes is quoted.
    expect(lines[2]).toContain('"AE+L1, ""x"""');
  });
});

describe('summaryTable', () => {
  it('right-aligns each measure under its header', () => {
    const table = summaryTable([measureSpectrum('ae', 'AE', codes, 3, 0.25)]);
    expect(table).toBe(
      'model  effective rank  above 1e-2  above 1e-3  numerical rank  eval MSE\n' +
        'AE               2.60           3           3               3  2.500e-1\n',
    );
  });
});
