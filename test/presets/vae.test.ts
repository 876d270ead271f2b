import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { useWasmTraining } from '../../src/backends';
import { gaussianSampler } from '../../src/layers';
import { loadMnist } from '../../src/node';
import { createVae } from '../../src/presets';
import { CounterStream, streamSeed } from '../../src/random';
import { fitOutputs, trainAutoencoder } from '../../src/training';

// Training steps of these 2-million-parameter models take minutes on tfjs's
// 'cpu' backend; the library's wasm training kernels (checked against 'cpu'
// in test/backends) take seconds.
beforeAll(async () => {
  await useWasmTraining();
});

const conv = (cin: number, cout: number, k: number) => cin * cout * k * k + cout;
const linear = (fin: number, fout: number) => fin * fout + fout;

/** Standard normal draws of sampling call `call` of seed `seed`, in float64: Box-Muller on the stream's pairs. */
function eps(seed: number, call: number, count: number): number[] {
  const stream = new CounterStream(streamSeed(seed, 'vae-noise', call));
  return Array.from({ length: count }, (_, i) => {
    const radius = Math.sqrt(-2 * Math.log(1 - stream.unit(2 * i)));
    return radius * Math.cos(2 * Math.PI * stream.unit(2 * i + 1));
  });
}

/**
 * The reference VAE loss in float64 for images x, given the encoder's
 * statistics and a decoder, with the noise of sampling call `call`:
 * BCE (mean over all values) - beta * mean(1 + logvar - mu^2 - exp(logvar)).
 */
function handLoss(
  vae: ReturnType<typeof createVae>,
  x: tf.Tensor4D,
  seed: number,
  call: number,
  beta: number,
): { total: number; bce: number; kl: number } {
  const stats = tf.tidy(() => vae.encoder.predict(x) as tf.Tensor2D);
  const [batch, width] = stats.shape;
  const n = width / 2;
  const s = stats.arraySync();
  stats.dispose();
  const noise = eps(seed, call, batch * n);
  const z = s.map((row, b) => row.slice(0, n).map((mu, j) => mu + Math.exp(row[n + j] / 2) * noise[b * n + j]));
  const p = tf.tidy(() => (vae.decoder.predict(tf.tensor2d(z)) as tf.Tensor).dataSync());
  const y = x.dataSync();
  let bce = 0;
  for (let i = 0; i < y.length; i++) bce -= y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i]);
  bce /= y.length;
  let kl = 0;
  for (const row of s) for (let j = 0; j < n; j++) kl += 1 + row[n + j] - row[j] ** 2 - Math.exp(row[n + j]);
  kl = (-beta * kl) / (batch * n);
  return { total: bce + kl, bce, kl };
}

let digits: tf.Tensor4D;
beforeAll(async () => {
  const mnist = await loadMnist('test', { count: 8 });
  digits = tf.tensor4d(mnist.images, mnist.shape);
});

describe('createVae', () => {
  it('has the PyTorch parameter counts (MNIST n = 128, shapes n = 32)', () => {
    const mnistEncoder = conv(1, 32, 4) + conv(32, 64, 4) + conv(64, 128, 4) + conv(128, 256, 4) + linear(1024, 256);
    const mnistDecoder = linear(128, 8 * 8 * 128) + conv(128, 64, 4) + conv(64, 32, 4) + conv(32, 1, 1);
    expect(mnistEncoder + mnistDecoder).toBe(2_172_257);
    expect(createVae({ seed: 1 }).model.countParams()).toBe(2_172_257);
    // The shape encoder's last conv emits 2n = 64 channels: Conv2d(256, 64, 2).
    const shapeEncoder = conv(3, 32, 4) + conv(32, 64, 4) + conv(64, 128, 4) + conv(128, 256, 4) + conv(256, 64, 2);
    const shapeDecoder = conv(32, 256, 2) + conv(256, 128, 4) + conv(128, 64, 4) + conv(64, 32, 4) + conv(32, 3, 4);
    expect(shapeEncoder + shapeDecoder).toBe(1_478_659);
    expect(createVae({ data: 'shapes', seed: 1 }).model.countParams()).toBe(1_478_659);
  });

  it('decodes through a sigmoid, to (0, 1)', () => {
    const vae = createVae({ data: 'shapes', latentDim: 4, seed: 2 });
    const images = vae.decode(tf.randomNormal([3, 4], 0, 3, 'float32', 1) as tf.Tensor2D);
    expect(images.shape).toEqual([3, 32, 32, 3]);
    const values = images.dataSync();
    expect(values.every((v) => v > 0 && v < 1)).toBe(true);
    images.dispose();
  });

  it('trainAutoencoder and fitOutputs minimise BCE + KL as computed by hand in float64', async () => {
    const seed = 11;
    const beta = 0.1;
    const vae = createVae({ latentDim: 4, seed, beta });
    const x = digits.slice([0, 0, 0, 0], [4, 32, 32, 1]) as tf.Tensor4D;
    // trainAutoencoder's first batch loss is computed before its update, with noise call 0.
    const first = handLoss(vae, x, seed, 0, beta);
    expect(first.kl).toBeGreaterThan(0);
    const history = await trainAutoencoder(vae.model, x, { epochs: 1, batchSize: 4, shuffle: false, progress: 'none' });
    expect(Math.abs(history.loss[0] - first.total) / first.total).toBeLessThan(1e-5);
    expect(vae.sampler.draws).toBe(1);

    // model.fit's outputs [reconstruction, statistics] and per-sample losses
    // [BCE, KL], batch-averaged as tfjs does, with noise call 1 (predict samples by default).
    const fit = fitOutputs(vae.model);
    const second = handLoss(vae, x, seed, 1, beta);
    const targets = fit.targets(x);
    const outputs = fit.model.predict(x) as tf.Tensor[];
    const [bce, kl] = fit.loss.map((loss, i) => tf.tidy(() => loss(targets[i], outputs[i]).mean().dataSync()[0]));
    expect(Math.abs(bce - second.bce) / second.bce).toBeLessThan(1e-5);
    expect(Math.abs(kl - second.kl) / second.kl).toBeLessThan(1e-4);
    tf.dispose([x, ...targets, ...outputs]);
  });

  it('samples from the seed: same seed same codes, another seed or call other codes; encodeMean is mu', () => {
    const x = digits.slice([0, 0, 0, 0], [3, 32, 32, 1]) as tf.Tensor4D;
    const a = createVae({ latentDim: 8, seed: 5 });
    const b = createVae({ latentDim: 8, seed: 5 });
    const c = createVae({ latentDim: 8, seed: 6 });
    const before = tf.memory().numTensors;
    const codes = [a.encode(x), b.encode(x), c.encode(x), a.encode(x)].map((code) => {
      const values = [...code.dataSync()];
      code.dispose();
      return values;
    });
    expect(codes[0]).toEqual(codes[1]);
    expect(codes[0]).not.toEqual(codes[2]);
    expect(codes[0]).not.toEqual(codes[3]); // the next call draws new noise
    // The sample is mu + exp(logvar / 2) * eps of call 0.
    const stats = tf.tidy(() => (a.encoder.predict(x) as tf.Tensor2D).arraySync());
    const noise = eps(5, 0, 3 * 8);
    stats.forEach((row, i) => {
      for (let j = 0; j < 8; j++) {
        expect(codes[0][i * 8 + j]).toBeCloseTo(row[j] + Math.exp(row[8 + j] / 2) * noise[i * 8 + j], 5);
      }
    });
    const mean = a.encodeMean(x);
    expect(mean.shape).toEqual([3, 8]);
    expect([...mean.dataSync()]).toEqual(stats.flatMap((row) => row.slice(0, 8)).map(Math.fround));
    mean.dispose();
    // encode and encodeMean keep nothing but their results, all disposed here.
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it("with inference: 'mean', encode and predict give mu", () => {
    const x = digits.slice([0, 0, 0, 0], [2, 32, 32, 1]) as tf.Tensor4D;
    const vae = createVae({ latentDim: 8, seed: 5, inference: 'mean' });
    const code = vae.encode(x);
    const mean = vae.encodeMean(x);
    expect([...code.dataSync()]).toEqual([...mean.dataSync()]);
    expect(vae.sampler.draws).toBe(0);
    tf.dispose([x, code, mean]);
  });

  it('trains: a few steps with trainAutoencoder and with model.fit lower the loss, leaking no tensor', async () => {
    const xs = digits.slice([0, 0, 0, 0], [8, 32, 32, 1]);
    const vae = createVae({ latentDim: 16, seed: 3 });
    const options = { batchSize: 4, learningRate: 1e-3, shuffle: false, progress: 'none' as const };
    const first = await trainAutoencoder(vae.model, xs, { ...options, epochs: 1 });
    const held = tf.memory().numTensors; // weights and optimizer state from here on
    const history = await trainAutoencoder(vae.model, xs, { ...options, epochs: 3 });
    expect(tf.memory().numTensors).toBe(held);
    expect(history.loss[2]).toBeLessThan(0.9 * first.loss[0]);

    const other = createVae({ latentDim: 16, seed: 3 });
    const fit = fitOutputs(other.model);
    fit.model.compile({ optimizer: tf.train.adam(1e-3), loss: fit.loss });
    const targets = fit.targets(xs);
    const fitted = await fit.model.fit(xs, targets, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
    const losses = fitted.history.loss as number[];
    expect(losses[2]).toBeLessThan(0.9 * losses[0]);
    tf.dispose([xs, ...targets]);
  });

  it('round-trips through model.save / tf.loadLayersModel', async () => {
    const x = digits.slice([0, 0, 0, 0], [2, 32, 32, 1]) as tf.Tensor4D;
    const vae = createVae({ data: 'mnist', latentDim: 8, seed: 9, beta: 0.5 });
    let saved: tf.io.ModelArtifacts | undefined;
    await vae.model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const sampler = loaded.layers.find((layer) => layer.getClassName() === 'GaussianSampler')!;
    expect(sampler.getConfig()).toMatchObject({ seed: 9, beta: 0.5, inference: 'sample' });
    // Both at noise call 0: the same samples, hence the same outputs.
    const original = vae.model.predict(x) as tf.Tensor;
    const restored = loaded.predict(x) as tf.Tensor;
    expect(restored.shape).toEqual(original.shape);
    expect([...restored.dataSync()]).toEqual([...original.dataSync()]);
    tf.dispose([x, original, restored]);
  });

  it('names bad arguments', () => {
    expect(() => createVae({ data: 'celeba' as never })).toThrow("`data` must be 'mnist' or 'shapes', but got \"celeba\"");
    expect(() => createVae({ latentDim: 0 })).toThrow('`latentDim` must be a positive integer');
    expect(() => createVae({ beta: -1 })).toThrow('`beta` must be a finite number >= 0, but got -1');
    expect(() => gaussianSampler({ inference: 'mode' as never })).toThrow(
      "`inference` must be 'sample' or 'mean', but got \"mode\"",
    );
    expect(() => gaussianSampler().apply(tf.input({ shape: [5] }))).toThrow(
      "GaussianSampler's input must be [batch, 2n] (means, then log-variances), but got [null, 5]",
    );
  });
});
