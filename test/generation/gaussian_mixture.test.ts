import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';

import { MixtureCollapseError, fitGaussianMixture, latentCovariance, sampleGaussianMixture } from '../../src';
import { expectAllClose, gaussianMatrix } from '../metrics/helpers';

/** Three 2-D Gaussians with known weights, means and covariance factors. */
const TRUTH = {
  weights: [0.5, 0.3, 0.2],
  means: [[0, 0], [8, 1], [2, 9]],
  factors: [[[1, 0], [0.5, 0.5]], [[0.3, 0], [0, 2]], [[1.5, 0], [-1, 0.4]]],
};

function mixtureCodes(count: number, seed: number): Matrix {
  const noise = gaussianMatrix(count, 2, seed);
  const rows: number[][] = [];
  let start = 0;
  TRUTH.weights.forEach((weight, c) => {
    const size = Math.round(weight * count);
    const block = noise.subMatrix(start, start + size - 1, 0, 1).mmul(new Matrix(TRUTH.factors[c]).transpose());
    rows.push(...block.addRowVector(TRUTH.means[c]).to2DArray());
    start += size;
  });
  return new Matrix(rows);
}

/** Components ordered by their mean's first then second coordinate, to compare with a reference. */
function byMean<T extends { means: Float64Array[] }>(fit: T): number[] {
  return fit.means.map((_, c) => c).sort((a, b) => fit.means[a][0] - fit.means[b][0] || fit.means[a][1] - fit.means[b][1]);
}

describe('fitGaussianMixture', () => {
  it('recovers known components of synthetic data', () => {
    const fit = fitGaussianMixture(mixtureCodes(3000, 3), 3, { seed: 1 });
    const order = byMean(fit); // truth sorted by first mean coordinate: 0, 2, 1
    const truthOrder = [0, 2, 1];
    order.forEach((c, i) => {
      const t = truthOrder[i];
      expect(Math.abs(fit.weights[c] - TRUTH.weights[t])).toBeLessThan(0.01);
      expectAllClose(fit.means[c], TRUTH.means[t], 0.15);
      const factor = new Matrix(TRUTH.factors[t]);
      const covariance = factor.mmul(factor.transpose());
      // Within 4 standard errors of a sample covariance of n Gaussian points:
      // sqrt((Σii Σjj + Σij²) / n) for entry (i, j).
      const n = TRUTH.weights[t] * 3000;
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 2; j++) {
          const standardError = Math.sqrt((covariance.get(i, i) * covariance.get(j, j) + covariance.get(i, j) ** 2) / n);
          expect(Math.abs(fit.covariances[c].get(i, j) - covariance.get(i, j))).toBeLessThan(4 * standardError);
        }
      }
    });
    expect(fit.converged).toBe(true);
  });

  it('matches an independent NumPy EM on a small case', () => {
    // Reference: the NumPy EM below, started from the k-means partition of
    // these points (the same for every pair of starting centres: rows 0-5
    // and 11 against rows 6-10), M-step Σ = (S + εI) / N_k with ε = 1e-6,
    // iterated until the objective rose by less than 1e-15:
    //   R = one-hot(partition); loop: Nk = R.sum(0); w = Nk / n; mu = R.T @ x / Nk
    //   cov_c = ((R[:, c] * (x - mu_c)).T @ (x - mu_c) + eps I) / Nk_c
    //   logp = log w + log N(x | mu, cov); R = softmax(logp)
    //   obj = mean(logsumexp(logp)) - eps * sum(tr(inv(cov))) / (2 n)
    const x = [[0, 0], [1, 0.5], [0.5, 1.5], [-0.5, 1], [0.2, -0.8], [1.2, 1.1],
      [2.5, 1.5], [3.5, 2], [3, 0.5], [2, 2.5], [3.7, 2.9], [1.5, 1]];
    const fit = fitGaussianMixture(x, 2, { seed: 3, tolerance: 1e-15, maxIterations: 1000 });
    expectAllClose(fit.objectiveHistory.slice(0, 4),
      [-2.770753741471805, -2.7655784011810036, -2.764534768991417, -2.7641685508464757], 1e-12);
    const [first, second] = byMean(fit);
    expectAllClose([fit.weights[first], fit.weights[second]], [0.7510424537264074, 0.2489575462735926], 1e-6);
    expectAllClose(fit.means[first], [0.93684289723679, 0.9236778706036904], 1e-6);
    expectAllClose(fit.means[second], [3.399741138085369, 1.7992841710586958], 1e-6);
    expectAllClose(fit.covariances[first].to1DArray(),
      [0.8566521550120121, 0.4936330197542225, 0.4936330197542225, 0.8008346910306405], 1e-6);
    expectAllClose(fit.covariances[second].to1DArray(),
      [0.08677294613519848, 0.29036196317818247, 0.29036196317818247, 0.981224683132095], 1e-6);
    expect(fit.logLikelihood).toBeCloseTo(-2.2035531105858035, 7);
  });

  it('never lowers its objective, nor the log-likelihood without regularisation', () => {
    const codes = mixtureCodes(600, 8);
    for (const regularization of [0, 1e-6, 0.5]) {
      const fit = fitGaussianMixture(codes, 5, { seed: 2, tolerance: 0, maxIterations: 40, regularization });
      expect(fit.objectiveHistory.length).toBe(fit.iterations + 1);
      for (let i = 1; i < fit.objectiveHistory.length; i++) {
        expect(fit.objectiveHistory[i]).toBeGreaterThanOrEqual(fit.objectiveHistory[i - 1] - 1e-12);
      }
      if (regularization === 0) expect(fit.logLikelihood).toBe(fit.objectiveHistory.at(-1));
    }
  });

  it('regularises a component on a single code, and explains the failure without it', () => {
    // Four codes on a plane, one far away: k-means gives the far code a
    // component of its own, whose covariance is 0 without regularisation.
    const codes = [[0, 0], [1, 0], [0, 1], [1, 1.2], [0.4, 0.6], [20, 20]];
    expect(() => fitGaussianMixture(codes, 2, { regularization: 0 })).toThrow(
      /component \d has a singular covariance at EM iteration 0 \(its codes span fewer than 2 dimensions\)\. Set `regularization` above 0 \(got 0\)/,
    );
    const error = (() => {
      try {
        fitGaussianMixture(codes, 2, { regularization: 0 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MixtureCollapseError);
    const farComponent = (error as MixtureCollapseError).component;
    expect([farComponent, (error as MixtureCollapseError).iteration]).toEqual([farComponent, 0]);
    const fit = fitGaussianMixture(codes, 2, { regularization: 1e-6 });
    const far = fit.means.findIndex((mean) => mean[0] > 10);
    expectAllClose(fit.covariances[far].to1DArray(), [1e-6, 0, 0, 1e-6], 1e-12);
    expect(fit.weights[far]).toBeCloseTo(1 / 6, 12);
  });

  it('is reproducible by seed and checks its arguments', () => {
    const codes = mixtureCodes(300, 4);
    expect(fitGaussianMixture(codes, 3, { seed: 9 }).means).toEqual(fitGaussianMixture(codes, 3, { seed: 9 }).means);
    expect(() => fitGaussianMixture(codes, 0)).toThrow('`components` must be a positive integer, but got 0');
    expect(() => fitGaussianMixture([[1, 2], [3, 4]], 3)).toThrow(
      '`codes` must have at least 3 samples (rows) for 3 components, but got 2',
    );
    expect(() => fitGaussianMixture([[1, 2], [1, 2], [3, 4]], 3)).toThrow(
      '`components` must be at most the number of distinct codes, but got 3 and the codes hold 2',
    );
    expect(() => fitGaussianMixture(codes, 2, { regularization: -1 })).toThrow(
      '`regularization` must be a finite non-negative number, but got -1',
    );
  });
});

describe('sampleGaussianMixture', () => {
  it('draws components by weight and each with its covariance', () => {
    const model = {
      weights: Float64Array.from([0.25, 0.75]),
      means: [Float64Array.from([-10, 0]), Float64Array.from([10, 5])],
      covariances: [new Matrix([[1, 0.5], [0.5, 1]]), new Matrix([[4, 0], [0, 0.25]])],
    };
    const count = 40_000;
    const samples = sampleGaussianMixture(model, count, { seed: 3 });
    const rows = new Matrix(count, 2);
    for (let i = 0; i < count; i++) rows.setRow(i, [samples.data[2 * i], samples.data[2 * i + 1]]);
    const left = rows.to2DArray().filter(([u]) => u < 0);
    const right = rows.to2DArray().filter(([u]) => u >= 0);
    // Binomial standard error of the share: sqrt(0.25 * 0.75 / count) ≈ 0.0022.
    expect(Math.abs(left.length / count - 0.25)).toBeLessThan(0.009);
    expectAllClose(latentCovariance(left).to1DArray(), [1, 0.5, 0.5, 1], 0.06);
    expectAllClose(latentCovariance(right).to1DArray(), [4, 0, 0, 0.25], 0.12);
    expect(sampleGaussianMixture(model, 5, { seed: 3 }).data).toEqual(samples.data.slice(0, 10));
  });
});
