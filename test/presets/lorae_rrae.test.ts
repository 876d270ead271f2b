import * as tf from '@tensorflow/tfjs';
import { Matrix, SVD } from 'ml-matrix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useWasmTraining } from '../../src/backends';
import { loadMnist } from '../../src/node';
import { createLorae, createRrae, DEFAULT_LORAE_LAMBDA } from '../../src/presets';
import { trainAutoencoder } from '../../src/training';
import { roundTrip } from '../round_trip';

// Training steps of these 2-million-parameter models take minutes on tfjs's
// 'cpu' backend; the library's wasm training kernels take seconds.
beforeAll(async () => {
  await useWasmTraining();
});

/** PyTorch's parameter count of Conv2d / ConvTranspose2d(cin, cout, k): weight + bias. */
const conv = (cin: number, cout: number, k: number) => cin * cout * k * k + cout;
/** PyTorch's parameter count of Linear(fin, fout). */
const linear = (fin: number, fout: number) => fin * fout + fout;

// The modules of LoRAE's model.py (the IRMAE reference's networks), counted by hand.
const mnistAe = (n: number) =>
  conv(1, 32, 4) + conv(32, 64, 4) + conv(64, 128, 4) + conv(128, 256, 4) + linear(1024, n) +
  linear(n, 8 * 8 * 128) + conv(128, 64, 4) + conv(64, 32, 4) + conv(32, 1, 1);
const shapeAe = (n: number) =>
  conv(3, 32, 4) + conv(32, 64, 4) + conv(64, 128, 4) + conv(128, 256, 4) + conv(256, n, 2) +
  conv(n, 256, 2) + conv(256, 128, 4) + conv(128, 64, 4) + conv(64, 32, 4) + conv(32, 3, 4);

/** Singular values of a row-major `[rows, cols]` matrix, in float64 (ml-matrix), largest first. */
function singularValues(values: ArrayLike<number>, rows: number, cols: number): number[] {
  const matrix = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) matrix.set(i, j, values[i * cols + j]);
  return [...new SVD(matrix, { autoTranspose: true, computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal].sort((a, b) => b - a);
}

/** The numerical rank: singular values above 1e-4 of the largest (float32 codes). */
function rankOf(codes: tf.Tensor2D): number {
  const s = singularValues(codes.dataSync(), codes.shape[0], codes.shape[1]);
  return s.filter((value) => value > 1e-4 * s[0]).length;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

const quiet = { progress: 'none' as const, shuffle: false };

let digits: tf.Tensor4D;
beforeAll(async () => {
  const mnist = await loadMnist('test', { count: 40 });
  digits = tf.tensor4d(mnist.images, mnist.shape);
});
afterAll(() => digits.dispose());

const firstDigits = (count: number) => digits.slice([0, 0, 0, 0], [count, 32, 32, 1]) as tf.Tensor4D;

describe('createLorae', () => {
  it('has the PyTorch parameter counts: the autoencoder plus one bias-free n x n Linear', () => {
    // test/presets/torch_lorae_params.py, building LoRAE_WACV24's model.py
    // modules (AE with MLP(n, 1)), printed lorae_mnist_128 2057441 and
    // lorae_shapes_32 1446883.
    expect(mnistAe(128) + 128 * 128).toBe(2_057_441);
    expect(shapeAe(32) + 32 * 32).toBe(1_446_883);
    const mnist = createLorae({ seed: 1 });
    expect(mnist.model.countParams()).toBe(2_057_441);
    expect(mnist.irm.countParams()).toBe(128 * 128);
    const shapes = createLorae({ data: 'shapes', seed: 1 });
    expect(shapes.model.countParams()).toBe(1_446_883);
    // Other n: the same formula (the script's lorae_mnist_16: 1009009).
    const small = createLorae({ latentDim: 16, seed: 1 });
    expect(small.model.countParams()).toBe(mnistAe(16) + 16 * 16);
    expect(small.model.countParams()).toBe(1_009_009);
    [mnist, shapes, small].forEach(({ model }) => model.dispose());
  });

  it("defaults to the reference's lambda 1e-5 and layers [input, encoder, irm, decoder]", () => {
    // train.py: --nuc-lambda 9 in [0.001, 0.01, 0.1, 1, 5, 0.005, 0.003, 0.0001, 0.0005, 0.00001].
    const lorae = createLorae({ latentDim: 8, seed: 2 });
    expect(DEFAULT_LORAE_LAMBDA).toBe(0.00001);
    expect(lorae.regularizer.lambda).toBe(0.00001);
    expect(lorae.model.layers.map((layer) => layer.getClassName())).toEqual(['InputLayer', 'Sequential', 'ImplicitRankMinimizer', 'Sequential']);
    expect(lorae.irm.n).toBe(1);
    expect(lorae.irm.useBias).toBe(false);
    // PyTorch's nn.Linear init: uniform in ±1/sqrt(n).
    const kernel = lorae.irm.getWeights()[0].dataSync();
    expect(Math.max(...kernel.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(8));
    lorae.model.dispose();
  });

  it("the linear layer's losses hold lambda * ||W||_* of the linear kernel (float64 SVD), and trainAutoencoder's loss adds it to the MSE", async () => {
    const lambda = 0.02;
    const lorae = createLorae({ latentDim: 16, lambda, seed: 3 });
    const kernel = lorae.irm.getWeights()[0];
    expect(kernel.shape).toEqual([16, 16]);
    const penalty = lambda * singularValues(kernel.dataSync(), 16, 16).reduce((a, b) => a + b, 0);
    // The layer's losses, and the model's sum of its layers' losses that training adds.
    expect(lorae.irm.losses).toHaveLength(1);
    const value = tf.tidy(() => (lorae.irm.losses[0] as () => tf.Scalar)().dataSync()[0]);
    expect(Math.abs(value - penalty) / penalty).toBeLessThan(1e-6);
    const modelLosses = tf.tidy(() => lorae.model.calculateLosses().map((loss) => loss.dataSync()[0]));
    expect(modelLosses).toHaveLength(1);
    expect(Math.abs(modelLosses[0] - penalty) / penalty).toBeLessThan(1e-6);

    // One batch of 4: trainAutoencoder's loss is computed before the update,
    // MSE (mean over all values) plus the penalty, here in float64.
    const x = firstDigits(4);
    const reconstruction = tf.tidy(() => lorae.model.predict(x) as tf.Tensor);
    const r = reconstruction.dataSync();
    const y = x.dataSync();
    let mse = 0;
    for (let i = 0; i < y.length; i++) mse += (r[i] - y[i]) ** 2;
    mse /= y.length;
    const history = await trainAutoencoder(lorae.model, x, { ...quiet, epochs: 1, batchSize: 4 });
    expect(penalty / (mse + penalty)).toBeGreaterThan(0.05); // the penalty shows in the comparison
    expect(Math.abs(history.loss[0] - (mse + penalty)) / (mse + penalty)).toBeLessThan(1e-5);
    tf.dispose([x, reconstruction]);
    lorae.model.dispose();
  });

  it('trains a few steps without leaking tensors; encode is W e(x)', async () => {
    const xs = firstDigits(8);
    const lorae = createLorae({ latentDim: 16, seed: 4, lambda: 1e-3 });
    const options = { ...quiet, batchSize: 8, learningRate: 1e-3 };
    const first = await trainAutoencoder(lorae.model, xs, { ...options, epochs: 1 });
    const held = tf.memory().numTensors;
    const history = await trainAutoencoder(lorae.model, xs, { ...options, epochs: 3 });
    expect(tf.memory().numTensors).toBe(held);
    expect(history.loss[2]).toBeLessThan(first.loss[0]);

    const codes = lorae.encode(xs);
    expect(tf.memory().numTensors).toBe(held + 1);
    const expected = tf.tidy(() => tf.matMul(lorae.encoder.predict(xs) as tf.Tensor2D, lorae.irm.getWeights()[0] as tf.Tensor2D));
    expect(codes.shape).toEqual([8, 16]);
    expect(maxAbsDifference(codes.dataSync(), expected.dataSync())).toBeLessThan(1e-4);
    tf.dispose([codes, expected]);
    expect(tf.memory().numTensors).toBe(held);
    xs.dispose();
    lorae.model.dispose();
  });

  it('round-trips through model.save / tf.loadLayersModel with its penalty', async () => {
    const x = firstDigits(3);
    const lorae = createLorae({ data: 'mnist', latentDim: 8, lambda: 0.25, seed: 5 });
    const loaded = await roundTrip(lorae.model);
    const irm = loaded.layers.find((layer) => layer.getClassName() === 'ImplicitRankMinimizer')!;
    expect(irm.getConfig().kernelRegularizer).toMatchObject({ className: 'NuclearNormRegularizer', config: { lambda: 0.25 } });
    expect(irm.losses).toHaveLength(1);
    const original = lorae.model.predict(x) as tf.Tensor;
    const restored = loaded.predict(x) as tf.Tensor;
    expect(restored.shape).toEqual(original.shape);
    expect([...restored.dataSync()]).toEqual([...original.dataSync()]);
    tf.dispose([x, original, restored]);
    lorae.model.dispose();
    loaded.dispose();
  });
});

describe('createRrae', () => {
  it("has the autoencoder's PyTorch count as trainable parameters, plus the n x n basis", () => {
    // test/presets/torch_lorae_params.py: rrae_mnist_128 2041057, rrae_shapes_32 1445859
    // (the SVD has no parameters).
    expect(mnistAe(128)).toBe(2_041_057);
    expect(shapeAe(32)).toBe(1_445_859);
    const trainable = (model: tf.LayersModel) => model.trainableWeights.reduce((sum, w) => sum + tf.util.sizeFromShape(w.shape as number[]), 0);
    const mnist = createRrae({ rank: 8, seed: 1 });
    expect(trainable(mnist.model)).toBe(2_041_057);
    expect(mnist.model.countParams()).toBe(2_041_057 + 128 * 128);
    const shapes = createRrae({ data: 'shapes', rank: 4, seed: 1 });
    expect(trainable(shapes.model)).toBe(1_445_859);
    expect(shapes.model.countParams()).toBe(1_445_859 + 32 * 32);
    expect(mnist.model.layers.map((layer) => layer.getClassName())).toEqual([
      'InputLayer',
      'Sequential',
      'RankReduction',
      'ImplicitRankMinimizer',
      'Sequential',
    ]);
    expect(mnist.rankReduction.rank).toBe(8);
    [mnist, shapes].forEach(({ model }) => model.dispose());
  });

  it('in training, gives the decoder the rank-k truncated SVD of the batch of codes', () => {
    const k = 3;
    const rrae = createRrae({ latentDim: 16, rank: k, seed: 6 });
    const x = firstDigits(8);
    const view = tf.model({ inputs: rrae.model.inputs, outputs: rrae.rankReduction.output as tf.SymbolicTensor });
    const codes = tf.tidy(() => view.apply(x, { training: true }) as tf.Tensor2D);
    expect(codes.shape).toEqual([8, 16]);
    expect(rankOf(codes)).toBe(k);
    // The same truncation in float64 from the encoder's codes (ml-matrix SVD).
    const features = tf.tidy(() => rrae.encoder.predict(x) as tf.Tensor2D);
    const svd = new SVD(new Matrix(features.arraySync()), { autoTranspose: true });
    const { leftSingularVectors: u, rightSingularVectors: v, diagonal: s } = svd;
    const truncated = new Matrix(8, 16);
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 16; j++) {
        let sum = 0;
        for (let c = 0; c < k; c++) sum += u.get(i, c) * s[c] * v.get(j, c);
        truncated.set(i, j, sum);
      }
    }
    expect(maxAbsDifference(codes.dataSync(), truncated.to1DArray())).toBeLessThan(1e-4 * Math.max(...s));
    tf.dispose([x, codes, features]);
    rrae.model.dispose();
  });

  it('trains a few steps without leaking tensors', async () => {
    const xs = firstDigits(8);
    const rrae = createRrae({ latentDim: 16, rank: 4, seed: 7 });
    const options = { ...quiet, batchSize: 8, learningRate: 1e-3 };
    const first = await trainAutoencoder(rrae.model, xs, { ...options, epochs: 1 });
    const held = tf.memory().numTensors;
    const history = await trainAutoencoder(rrae.model, xs, { ...options, epochs: 3 });
    expect(tf.memory().numTensors).toBe(held);
    expect(history.loss[2]).toBeLessThan(first.loss[0]);
    xs.dispose();
    rrae.model.dispose();
  });

  it('after fitBasis, encode projects every code on the fitted k-dimensional basis', () => {
    const k = 4;
    const rrae = createRrae({ latentDim: 16, rank: k, seed: 8 });
    const x = firstDigits(40);
    const before = tf.memory().numTensors;
    rrae.fitBasis(x, { batchSize: 8 });
    expect(tf.memory().numTensors).toBe(before);
    expect(rrae.rankReduction.basisFitted).toBe(true);

    const codes = rrae.encode(x);
    expect(codes.shape).toEqual([40, 16]);
    expect(rankOf(codes)).toBeLessThanOrEqual(k);
    // z B B^T with B [16, k] orthonormal, in float64.
    const basis = new Matrix(rrae.rankReduction.basisVectors().arraySync());
    expect(basis.transpose().mmul(basis).sub(Matrix.eye(k)).abs().max()).toBeLessThan(1e-5);
    const features = tf.tidy(() => rrae.encoder.predict(x) as tf.Tensor2D);
    const projected = new Matrix(features.arraySync()).mmul(basis).mmul(basis.transpose());
    expect(maxAbsDifference(codes.dataSync(), projected.to1DArray())).toBeLessThan(1e-4 * projected.clone().abs().max());
    // One image is projected alone as in the batch: the basis is fixed.
    const one = rrae.encode(x.slice([5, 0, 0, 0], [1, 32, 32, 1]));
    expect(maxAbsDifference(one.dataSync(), codes.dataSync().slice(5 * 16, 6 * 16))).toBeLessThan(1e-5);
    tf.dispose([x, codes, features, one]);
    rrae.model.dispose();
  });

  it('round-trips through model.save / tf.loadLayersModel, with its fitted basis', async () => {
    const x = firstDigits(12);
    const rrae = createRrae({ data: 'mnist', latentDim: 8, rank: 2, seed: 9 });
    rrae.fitBasis(x, { batchSize: 4 });
    const loaded = await roundTrip(rrae.model);
    const layer = loaded.layers.find((l) => l.getClassName() === 'RankReduction')!;
    expect(layer.getConfig()).toMatchObject({ rank: 2, basisFitted: true });
    const original = rrae.model.predict(x) as tf.Tensor;
    const restored = loaded.predict(x) as tf.Tensor;
    expect(restored.shape).toEqual(original.shape);
    expect([...restored.dataSync()]).toEqual([...original.dataSync()]);
    tf.dispose([x, original, restored]);
    rrae.model.dispose();
    loaded.dispose();
  });
});
