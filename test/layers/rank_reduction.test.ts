import * as tf from '@tensorflow/tfjs';
import { EigenvalueDecomposition, Matrix, SVD } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';

import { RankReduction, rankReduction } from '../../src/layers';
import { thinSvd, truncate, truncationGradient } from '../../src/layers/truncated_svd';
import { expectMatrixClose, matMul64, transpose64, type Matrix as Rows } from './matrix64';
import { roundTrip } from '../round_trip';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Independent float64 references, by another route than the layer's SVD:
// eigen-decompositions of the Gram matrices (ml-matrix's symmetric EVD).

/** Columns of the top-k eigenvectors of a symmetric matrix, [size, k]. */
function topEigenvectors(symmetric: Rows, k: number): Rows {
  const evd = new EigenvalueDecomposition(new Matrix(symmetric), { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((value, index) => ({ value, index })).sort((a, b) => b.value - a.value);
  const vectors = evd.eigenvectorMatrix;
  return symmetric.map((_, row) => order.slice(0, k).map(({ index }) => vectors.get(row, index)));
}

/** Rank-k truncation A V_k V_k^T, V_k the top-k eigenvectors of A^T A (Eckart-Young). */
function truncationByEigen(a: Rows, k: number): Rows {
  const vk = topEigenvectors(matMul64(transpose64(a), a), k);
  return matMul64(matMul64(a, vk), transpose64(vk));
}

function singularValues64(a: Rows): number[] {
  return new SVD(new Matrix(a), { autoTranspose: true, computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal;
}

function normal(shape: [number, number], seed: number): Rows {
  return tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).arraySync() as Rows);
}

/** A matrix with the given singular values: Q1 diag(s) Q2^T, Q from QR of seeded normals. */
function withSingularValues(rows: number, cols: number, values: number[], seed: number): Rows {
  const q1 = new SVD(new Matrix(normal([rows, rows], seed))).leftSingularVectors;
  const q2 = new SVD(new Matrix(normal([cols, cols], seed + 1))).leftSingularVectors;
  const out: Rows = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  values.forEach((s, c) => {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i][j] += q1.get(i, c) * s * q2.get(j, c);
  });
  return out;
}

function trainApply(layer: tf.layers.Layer, codes: Rows): Rows {
  return tf.tidy(() => (layer.apply(tf.tensor2d(codes), { training: true }) as tf.Tensor).arraySync() as Rows);
}

function inferApply(layer: tf.layers.Layer, codes: Rows): Rows {
  return tf.tidy(() => (layer.apply(tf.tensor2d(codes)) as tf.Tensor).arraySync() as Rows);
}

describe('RankReduction in training: the truncated SVD of the batch', () => {
  for (const [batch, width, k] of [[32, 16, 4], [6, 20, 3], [10, 10, 1]]) {
    it(`gives codes of rank <= ${k} equal to the Eckart-Young truncation ([${batch}, ${width}])`, () => {
      const codes = normal([batch, width], batch + width);
      const out = trainApply(rankReduction({ rank: k }), codes);
      const s = singularValues64(out);
      // float32 output: the dropped singular values are rounding, ~1e-7 of the largest.
      expect(s.slice(k).every((value) => value < 1e-5 * s[0])).toBe(true);
      expect(s[k - 1]).toBeGreaterThan(0.1 * s[0]);
      expectMatrixClose(out, truncationByEigen(codes, k), 1e-4);
    });
  }

  it('truncates the codes as given, not centred: a constant offset is kept', () => {
    // Every code is [1, 1] + small noise: the rank-1 truncation keeps the
    // mean direction (a centred SVD would drop it).
    const codes = [[1, 1.01], [1.02, 0.99], [0.98, 1]];
    const out = trainApply(rankReduction({ rank: 1 }), codes);
    expectMatrixClose(out, truncationByEigen(codes, 1), 1e-5);
    expect(out[0][0]).toBeGreaterThan(0.9);
  });

  it('returns its input when k >= the rank of the codes', () => {
    // A rank-3 batch [12, 8] from a [12, 3] x [3, 8] product.
    const codes = matMul64(normal([12, 3], 5), normal([3, 8], 6));
    for (const k of [3, 5, 8]) expectMatrixClose(trainApply(rankReduction({ rank: k }), codes), codes, 1e-4);
  });

  it('is the identity when k = min(batch, n)', () => {
    const codes = normal([4, 9], 8);
    expect(trainApply(rankReduction({ rank: 4 }), codes)).toEqual(codes);
  });

  it('passes a hand-computed case: diag(3, 1) at k = 1 keeps the 3', () => {
    expect(trainApply(rankReduction({ rank: 1 }), [[3, 0], [0, 1]])).toEqual([[3, 0], [0, 0]]);
  });

  it('gives NaN codes for non-finite input instead of running the SVD', () => {
    const out = trainApply(rankReduction({ rank: 1 }), [[1, NaN], [0, 1]]);
    expect(out.flat().every(Number.isNaN)).toBe(true);
  });
});

describe('RankReduction gradient', () => {
  // Loss sum(out * R) with a fixed random R. Central differences of the
  // Eckart-Young truncation computed through the EVD route, in float64, step 1e-6.
  function finiteDifferences(a: Rows, k: number, r: Rows): Rows {
    const loss = (m: Rows) => truncationByEigen(m, k).reduce((sum, row, i) => row.reduce((acc, v, j) => acc + v * r[i][j], sum), 0);
    const h = 1e-6;
    return a.map((row, i) =>
      row.map((_, j) => {
        const plus = a.map((rr) => rr.slice());
        const minus = a.map((rr) => rr.slice());
        plus[i][j] += h;
        minus[i][j] -= h;
        return (loss(plus) - loss(minus)) / (2 * h);
      }),
    );
  }

  function layerGradient(layer: tf.layers.Layer, a: Rows, r: Rows): Rows {
    return tf.tidy(() => {
      const weights = tf.tensor2d(r);
      const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, weights)));
      return grad(tf.tensor2d(a)).arraySync() as Rows;
    });
  }

  for (const [batch, width, k] of [[8, 5, 2], [4, 7, 2], [6, 6, 3]]) {
    it(`matches central differences ([${batch}, ${width}], k = ${k})`, () => {
      // Singular values spaced 1 apart, so the gaps s_i^2 - s_j^2 are >= 3.
      const r = Math.min(batch, width);
      const a = withSingularValues(batch, width, Array.from({ length: r }, (_, i) => r + 1 - i), batch * width);
      const weights = normal([batch, width], 99);
      const expected = finiteDifferences(a, k, weights);
      // float64 gradient of the layer's backward pass: to the differences' error.
      const exact = truncationGradient(thinSvd(a.flat(), batch, width), k, weights.flat());
      expectMatrixClose(Array.from({ length: batch }, (_, i) => Array.from(exact.subarray(i * width, (i + 1) * width))), expected, 1e-7);
      // Through the layer: float32 codes and output, so 1e-4.
      expectMatrixClose(layerGradient(rankReduction({ rank: k }), a, weights), expected, 1e-4);
    });
  }

  it('matches central differences on random codes at a small gap', () => {
    const a = normal([10, 6], 21);
    const weights = normal([10, 6], 22);
    const s = singularValues64(a);
    expect(s[1] - s[2]).toBeGreaterThan(0.05); // the gap the derivative divides by
    const expected = finiteDifferences(a, 2, weights);
    const exact = truncationGradient(thinSvd(a.flat(), 10, 6), 2, weights.flat());
    expectMatrixClose([Array.from(exact)], [expected.flat()], 1e-6);
  });

  it('is exact when kept singular values tie (the truncation is smooth there)', () => {
    // s = (3, 3, 1, 0.5), k = 2: U and V are not unique inside the tie, the truncation is.
    const a = withSingularValues(5, 4, [3, 3, 1, 0.5], 31);
    const weights = normal([5, 4], 32);
    const exact = truncationGradient(thinSvd(a.flat(), 5, 4), 2, weights.flat());
    expectMatrixClose([Array.from(exact)], [finiteDifferences(a, 2, weights).flat()], 1e-7);
  });

  it('is finite where a kept and a dropped singular value tie or k exceeds the rank', () => {
    const tie = withSingularValues(5, 4, [3, 2, 2, 1], 41);
    const lowRank = withSingularValues(5, 4, [3, 2, 0, 0], 42);
    const weights = normal([5, 4], 43);
    for (const [a, k] of [[tie, 2], [lowRank, 3]] as const) {
      const grad = truncationGradient(thinSvd(a.flat(), 5, 4), k, weights.flat());
      expect(Array.from(grad).every(Number.isFinite)).toBe(true);
      // The documented choice: the gradient of the projection on the kept
      // subspace held fixed, plus the gap terms of the non-tied pairs; its
      // size stays that of G (no 1 / gap blow-up).
      expect(Math.max(...Array.from(grad, Math.abs))).toBeLessThan(10 * Math.max(...weights.flat().map(Math.abs)));
    }
  });

  it('is the identity at k = min(batch, n)', () => {
    const a = normal([3, 5], 51);
    const weights = normal([3, 5], 52);
    expectMatrixClose(layerGradient(rankReduction({ rank: 3 }), a, weights), weights, 1e-6);
  });
});

describe('RankReduction at inference', () => {
  it('before fitBasis, truncates the batch at rank min(k, batch); one code passes unchanged', () => {
    const layer = rankReduction({ rank: 2 });
    const codes = normal([7, 5], 61);
    expect(layer.basisFitted).toBe(false);
    expectMatrixClose(inferApply(layer, codes), truncationByEigen(codes, 2), 1e-4);
    expect(inferApply(layer, [codes[0]])).toEqual([codes[0]]);
  });

  it("with inference 'batch', truncates even after fitBasis", () => {
    const layer = rankReduction({ rank: 2, inference: 'batch' });
    const codes = normal([7, 5], 62);
    layer.fitBasis(codes, { batchSize: 7 });
    expectMatrixClose(inferApply(layer, codes), truncationByEigen(codes, 2), 1e-4);
  });

  it('fitBasis stores the basis of the RRAEs library: top-k eigenvectors of the sum of the batch projectors', () => {
    // 23 codes of width 6 in batches of 8 (8, 8, 7), k = 3. Expected basis:
    // each batch's top-3 right singular vectors from the EVD of Z_b^T Z_b,
    // their projectors summed, top-3 eigenvectors of the sum.
    const codes = normal([23, 6], 63);
    const k = 3;
    const sum: Rows = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
    for (let start = 0; start < 23; start += 8) {
      const batch = codes.slice(start, start + 8);
      const vb = topEigenvectors(matMul64(transpose64(batch), batch), k);
      const projector = matMul64(vb, transpose64(vb));
      projector.forEach((row, i) => row.forEach((v, j) => (sum[i][j] += v)));
    }
    const expected = topEigenvectors(sum, k);
    const layer = rankReduction({ rank: k });
    layer.fitBasis(tf.tensor2d(codes), { batchSize: 8 });
    const basis = layer.basisVectors();
    expect(basis.shape).toEqual([6, k]);
    const b = basis.arraySync();
    basis.dispose();
    // Columns are defined up to sign (and rotation within ties): compare projectors.
    expectMatrixClose(matMul64(b, transpose64(b)), matMul64(expected, transpose64(expected)), 1e-5);
    expectMatrixClose(matMul64(transpose64(b), b), [[1, 0, 0], [0, 1, 0], [0, 0, 1]], 1e-5);
  });

  it('after fitBasis projects each code on the basis, one image as in a batch', () => {
    const layer = rankReduction({ rank: 2 });
    const train = normal([40, 5], 64);
    layer.fitBasis(train, { batchSize: 10 });
    const basis = layer.basisVectors();
    const b = basis.arraySync();
    basis.dispose();
    const codes = normal([6, 5], 65);
    const expected = matMul64(matMul64(codes, b), transpose64(b));
    const batchOut = inferApply(layer, codes);
    expectMatrixClose(batchOut, expected, 1e-5);
    expectMatrixClose(inferApply(layer, [codes[3]]), [expected[3]], 1e-5);
    expect(singularValues64(batchOut)[2]).toBeLessThan(1e-5);
  });

  it('passes the documented fitBasis example: codes along e1 give the basis e1', () => {
    const layer = rankReduction({ rank: 1 });
    layer.fitBasis([[2, 0], [1, 0], [-3, 0]], { batchSize: 2 });
    expectMatrixClose(inferApply(layer, [[5, 7]]), [[5, 0]], 1e-6);
  });

  it('with trainOnBasis, projects in training too, with gradient G B B^T', () => {
    const layer = rankReduction({ rank: 2 });
    layer.fitBasis(normal([30, 4], 66), { batchSize: 10 });
    layer.trainOnBasis = true;
    const basis = layer.basisVectors();
    const b = basis.arraySync();
    basis.dispose();
    const projector = matMul64(b, transpose64(b));
    const codes = normal([3, 4], 67);
    expectMatrixClose(trainApply(layer, codes), matMul64(codes, projector), 1e-5);
    const r = normal([3, 4], 68);
    const grad = tf.tidy(() => {
      const weights = tf.tensor2d(r);
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, weights)));
      return g(tf.tensor2d(codes)).arraySync() as Rows;
    });
    expectMatrixClose(grad, matMul64(r, projector), 1e-5);
  });

  it('setting rank clears the basis of the old k', () => {
    const layer = rankReduction({ rank: 2 });
    layer.fitBasis(normal([10, 4], 69), { batchSize: 5 });
    expect(layer.basisFitted).toBe(true);
    layer.rank = 1;
    expect(layer.rank).toBe(1);
    expect(layer.basisFitted).toBe(false);
    expect(layer.getWeights()[0].abs().max().dataSync()[0]).toBe(0);
    const codes = normal([5, 4], 70);
    const s = singularValues64(trainApply(layer, codes));
    expect(s[1]).toBeLessThan(1e-5 * s[0]);
  });
});

describe('RankReduction serialization', () => {
  function model(layer: RankReduction): tf.Sequential {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 6, inputShape: [10], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
    m.add(layer);
    m.add(tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
    return m;
  }

  it('is registered under its class name', () => {
    expect(tf.serialization.SerializationMap.getMap().classNameMap.RankReduction?.[0]).toBe(RankReduction);
  });

  it('round-trips config, basis and outputs through model.save and loadLayersModel', async () => {
    const layer = rankReduction({ rank: 3, name: 'rank_reduction' });
    const original = model(layer);
    const x = tf.tensor2d(normal([12, 10], 71));
    layer.fitBasis(tf.tidy(() => original.layers[0].apply(x) as tf.Tensor2D), { batchSize: 4 });
    const loaded = await roundTrip(original);
    const copy = loaded.getLayer('rank_reduction') as RankReduction;
    expect(copy).toBeInstanceOf(RankReduction);
    expect(copy.getConfig()).toEqual(layer.getConfig());
    expect(copy.getConfig()).toMatchObject({ rank: 3, inference: 'basis', trainOnBasis: false, basisFitted: true });
    expect(copy.basisFitted).toBe(true);
    const same = (a: tf.Tensor, b: tf.Tensor) => expectMatrixClose(a.arraySync() as Rows, b.arraySync() as Rows, 1e-6);
    tf.tidy(() => {
      same(loaded.predict(x) as tf.Tensor, original.predict(x) as tf.Tensor);
      same(loaded.apply(x, { training: true }) as tf.Tensor, original.apply(x, { training: true }) as tf.Tensor);
    });
    x.dispose();
  });

  it('round-trips a layer without a basis, which stays unfitted', async () => {
    const layer = rankReduction({ rank: 2, inference: 'batch', name: 'rr' });
    const loaded = await roundTrip(model(layer));
    const copy = loaded.getLayer('rr') as RankReduction;
    expect(copy.getConfig()).toMatchObject({ rank: 2, inference: 'batch', basisFitted: false });
    expect(copy.basisFitted).toBe(false);
  });

  it('counts a non-zero basis set through setWeights as fitted', () => {
    const layer = rankReduction({ rank: 1 });
    layer.apply(tf.zeros([1, 2]));
    layer.setWeights([tf.tensor2d([[0, 0], [1, 0]])]);
    expect(layer.basisFitted).toBe(true);
    expectMatrixClose(inferApply(layer, [[5, 7]]), [[0, 7]], 1e-6);
  });
});

describe('RankReduction memory', () => {
  it('leaks no tensors over training steps with an optimizer', () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 8, inputShape: [12] }));
    m.add(rankReduction({ rank: 3 }));
    m.add(tf.layers.dense({ units: 12 }));
    const optimizer = tf.train.sgd(0.01);
    const x = tf.tensor2d(normal([16, 12], 81));
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(x, m.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
        optimizer.applyGradients(grads);
        value.dataSync();
      });
    step(); // optimizer state and the model's weights exist from here on
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.tidy(() => {
      m.predict(x);
    });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('leaks no tensors in fitBasis, basisVectors and setting rank', () => {
    const layer = rankReduction({ rank: 2 });
    layer.apply(tf.zeros([1, 4])); // builds: the basis weight
    const before = tf.memory().numTensors;
    layer.fitBasis(normal([10, 4], 82), { batchSize: 5 });
    layer.basisVectors().dispose();
    layer.rank = 1;
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('RankReduction argument errors', () => {
  for (const [rank, shown] of [[0, '0'], [2.5, '2.5'], [-1, '-1'], ['3', '"3"'], [undefined, 'undefined'], [Number.NaN, 'NaN']] as const) {
    it(`rejects rank = ${shown}`, () => {
      expect(() => rankReduction({ rank: rank as number })).toThrow(new Error(`\`rank\` must be a positive integer, but got ${shown}`));
    });
  }

  it('rejects a missing argument object as a missing rank', () => {
    expect(() => new RankReduction(undefined as never)).toThrow(new Error('`rank` must be a positive integer, but got undefined'));
  });

  it('rejects k above the batch size in training, naming both', () => {
    expect(() => trainApply(rankReduction({ rank: 5 }), normal([4, 8], 91))).toThrow(
      new Error('`rank` must be at most the batch size in training, but got rank 5 for a batch of 4 codes (shape [4, 8])'),
    );
  });

  it('rejects k above the code width, at build and when set', () => {
    expect(() => trainApply(rankReduction({ rank: 9 }), normal([16, 8], 92))).toThrow(
      new Error('`rank` must be at most the code width n = 8, but got rank 9'),
    );
    expect(() => rankReduction({ rank: 9 }).apply(tf.input({ shape: [8] }))).toThrow(
      new Error('`rank` must be at most the code width n = 8, but got rank 9'),
    );
    const layer = rankReduction({ rank: 2 });
    layer.apply(tf.zeros([1, 8]));
    expect(() => {
      layer.rank = 12;
    }).toThrow(new Error('`rank` must be at most the code width n = 8, but got rank 12'));
    expect(() => {
      layer.rank = 0;
    }).toThrow(new Error('`rank` must be a positive integer, but got 0'));
  });

  it('rejects codes not of rank 2', () => {
    expect(() => rankReduction({ rank: 1 }).apply(tf.zeros([2, 3, 4]))).toThrow(
      new Error('RankReduction expected codes of rank 2 ([batch, n]), but got rank 3 with shape [2, 3, 4]'),
    );
    expect(() => rankReduction({ rank: 1 }).apply(tf.input({ shape: [4, 4] }))).toThrow(
      new Error('RankReduction expected codes of rank 2 ([batch, n]), but got rank 3 with shape [null, 4, 4]'),
    );
  });

  it('rejects bad inference, trainOnBasis, and training on a basis before fitBasis', () => {
    expect(() => rankReduction({ rank: 1, inference: 'mean' as 'basis' })).toThrow(
      new Error("`inference` must be one of 'basis', 'batch', but got \"mean\""),
    );
    expect(() => rankReduction({ rank: 1, trainOnBasis: 1 as unknown as boolean })).toThrow(
      new Error('`trainOnBasis` must be a boolean, but got 1'),
    );
    expect(() => trainApply(rankReduction({ rank: 1, trainOnBasis: true }), [[1, 2]])).toThrow(
      new Error('`trainOnBasis` needs a fitted basis: call fitBasis(codes, { batchSize }) first, but no basis is fitted'),
    );
  });

  it('rejects bad fitBasis arguments, naming them', () => {
    const layer = rankReduction({ rank: 3 });
    expect(() => layer.fitBasis([[1, 2, 3, 4]], { batchSize: 0 })).toThrow(new Error('`batchSize` must be a positive integer, but got 0'));
    expect(() => layer.fitBasis([[1, 2, 3, 4], [1, 2, 3, 5]], { batchSize: 2 })).toThrow(
      new Error('`codes` must hold at least rank = 3 codes, but got 2'),
    );
    expect(() => layer.fitBasis([[1, 2, 3, 4], [1, NaN, 3, 5], [0, 0, 0, 1]], { batchSize: 2 })).toThrow(
      new Error('`codes` must contain only finite values, but row 1, column 1 is NaN'),
    );
    expect(() => layer.fitBasis([[1, 2, 3], [4, 5, 6], [7, 8, 9]], { batchSize: 2 })).toThrow(
      new Error('`codes` must be [N, 4] (the layer\'s code width), but got [3, 3]'),
    );
    expect(() => layer.fitBasis([1, 2, 3] as unknown as number[][], { batchSize: 2 })).toThrow(
      new Error('`codes` must be [N, n]: a 2-D tensor or an array of equal-length rows, but got [1,2,3]'),
    );
  });
});

describe('RankReduction JSDoc examples', () => {
  it('rankReduction: between an encoder and a decoder in tf.sequential', () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 128, inputShape: [784] })); // encoder
    model.add(rankReduction({ rank: 8 }));
    model.add(tf.layers.dense({ units: 784 })); // decoder
    expect(model.outputs[0].shape).toEqual([null, 784]);
  });

  it('the class example: diag(3, 1) at rank 1', () => {
    const layer = rankReduction({ rank: 1 });
    const codes = tf.tensor2d([[3, 0], [0, 1]]);
    expect((layer.apply(codes, { training: true }) as tf.Tensor).arraySync()).toEqual([[3, 0], [0, 0]]);
  });

  it('thinSvd / truncate agree with the EVD route on a wide matrix', () => {
    const a = normal([3, 7], 101);
    const t = truncate(thinSvd(a.flat(), 3, 7), 2);
    expectMatrixClose(Array.from({ length: 3 }, (_, i) => Array.from(t.subarray(i * 7, (i + 1) * 7))), truncationByEigen(a, 2), 1e-10);
  });
});
