import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';

import { latentPca, latentSpectrum, pcaTraversal } from '../../src';
import { expectAllClose, gaussianMatrix, randomRotation } from '../metrics/helpers';

describe('latentPca', () => {
  it('finds (1, 2) / √5 with variance 10 for two codes (hand-computed)', () => {
    // Covariance [[2, 4], [4, 8]]: eigenvalues 10 and 0, eigenvector (1, 2) / √5.
    const pca = latentPca([[0, 0], [2, 4]]);
    expectAllClose(pca.variances, [10, 0], 1e-12);
    expectAllClose(pca.components.getRow(0), [1 / Math.sqrt(5), 2 / Math.sqrt(5)], 1e-12);
    expectAllClose(pca.mean, [1, 2], 1e-12);
  });

  it('recovers a known rotation, with the variances of the latent spectrum', () => {
    const rotation = randomRotation(4, 21);
    const codes = gaussianMatrix(500, 4, 20).mmul(Matrix.diag([4, 2, 1, 0.5])).mmul(rotation.transpose());
    const pca = latentPca(codes);
    expectAllClose(pca.variances, latentSpectrum(codes, { normalize: 'none' }), 1e-9);
    // Orthonormal rows, and their largest entry positive.
    expectAllClose(pca.components.mmul(pca.components.transpose()).to1DArray(), Matrix.eye(4).to1DArray(), 1e-12);
    for (let i = 0; i < 4; i++) {
      const row = pca.components.getRow(i);
      expect(Math.max(...row)).toBeGreaterThan(-Math.min(...row));
      // Each component is (up to sign) a column of the rotation: |cosine| close to 1.
      const cosine = row.reduce((sum, value, j) => sum + value * rotation.get(j, i), 0);
      expect(Math.abs(cosine)).toBeGreaterThan(0.99);
    }
  });
});

describe('pcaTraversal', () => {
  const pca = latentPca([[0, 0, 0], [2, 4, 0], [1, 2, 3], [3, 6, 3]]);

  it('walks ±2 standard deviations along two components, mean in the centre', () => {
    const grid = pcaTraversal(pca, { components: [0, 1], steps: 5 });
    expect([grid.count, grid.dim, grid.data.length]).toEqual([25, 3, 75]);
    const cell = (r: number, c: number) => Array.from(grid.data.slice((r * 5 + c) * 3, (r * 5 + c + 1) * 3));
    expectAllClose(cell(2, 2), pca.mean, 1e-6);
    const v0 = pca.components.getRow(0).map((v) => v * Math.sqrt(pca.variances[0]));
    const v1 = pca.components.getRow(1).map((v) => v * Math.sqrt(pca.variances[1]));
    expectAllClose(cell(0, 4), pca.mean.map((m, j) => m - 2 * v0[j] + 2 * v1[j]), 1e-5);
    expectAllClose(cell(3, 2), pca.mean.map((m, j) => m + v0[j]), 1e-5);
  });

  it('checks its arguments', () => {
    expect(() => pcaTraversal(pca, { components: [0, 3] })).toThrow('`components[1]` must be a component index below 3, but got 3');
    expect(() => pcaTraversal(pca, { steps: 0 })).toThrow('`steps` must be a positive integer, but got 0');
    expect(() => pcaTraversal(pca, { range: NaN })).toThrow('`range` must be a finite non-negative number, but got NaN');
  });
});
