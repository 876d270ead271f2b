import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { createMnistAutoencoder, mnistDecoder, mnistEncoder } from '../../src/presets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** PyTorch's parameter count of Conv2d / ConvTranspose2d(cin, cout, k): weight + bias. */
const conv = (cin: number, cout: number, k: number) => cin * cout * k * k + cout;
/** PyTorch's parameter count of Linear(fin, fout). */
const linear = (fin: number, fout: number) => fin * fout + fout;

// The reference model.py's MNIST modules, counted by hand.
const encoderConvs = conv(1, 32, 4) + conv(32, 64, 4) + conv(64, 128, 4) + conv(128, 256, 4);
const encoderParams = (dim: number) => encoderConvs + linear(256 * 2 * 2, dim);
const decoderParams = (n: number) => linear(n, 8 * 8 * 128) + conv(128, 64, 4) + conv(64, 32, 4) + conv(32, 1, 1);

describe('MNIST networks', () => {
  it('go through the reference feature-map sizes', () => {
    const encoder = mnistEncoder(128, { seed: 1 });
    const decoder = mnistDecoder(128, { seed: 1 });
    expect(encoder.layers.map((layer) => layer.outputShape)).toEqual([
      [null, 16, 16, 32],
      [null, 8, 8, 64],
      [null, 4, 4, 128],
      [null, 2, 2, 256],
      [null, 1024],
      [null, 128],
    ]);
    expect(decoder.layers.map((layer) => layer.outputShape)).toEqual([
      [null, 8192],
      [null, 8, 8, 128],
      [null, 8, 8, 128],
      [null, 16, 16, 64],
      [null, 32, 32, 32],
      [null, 32, 32, 1],
    ]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const codes = encoder.predict(tf.ones([2, 32, 32, 1])) as tf.Tensor;
      expect(codes.shape).toEqual([2, 128]);
      const images = decoder.predict(codes) as tf.Tensor;
      expect(images.shape).toEqual([2, 32, 32, 1]);
      // tanh output
      expect(Math.max(...images.abs().dataSync())).toBeLessThanOrEqual(1);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('have the PyTorch parameter counts', () => {
    // 544 + 32,832 + 131,200 + 524,544 + 131,200 = 820,320
    expect(encoderParams(128)).toBe(820_320);
    // 1,056,768 + 131,136 + 32,800 + 33 = 1,220,737
    expect(decoderParams(128)).toBe(1_220_737);
    expect(mnistEncoder(128).countParams()).toBe(encoderParams(128));
    expect(mnistDecoder(128).countParams()).toBe(decoderParams(128));
    expect(mnistEncoder(256).countParams()).toBe(encoderParams(256));
    expect(mnistDecoder(7).countParams()).toBe(decoderParams(7));
  });

  it('AE and IRMAE l = 8 at n = 128 have the PyTorch parameter counts', () => {
    expect(encoderParams(128) + decoderParams(128)).toBe(2_041_057);
    expect(createMnistAutoencoder({ seed: 1 }).model.countParams()).toBe(2_041_057);
    // Eight bias-free Linear(128, 128): 8 * 128 * 128 = 131,072 more.
    const irmae = createMnistAutoencoder({ irmLayers: 8, seed: 1 });
    expect(irmae.model.countParams()).toBe(2_041_057 + 8 * 128 * 128);
    expect(irmae.irm.countParams()).toBe(131_072);
  });

  it("start from PyTorch's default initialization: every weight uniform in ±1/sqrt(fanIn)", () => {
    const encoder = mnistEncoder(128, { seed: 3 });
    const decoder = mnistDecoder(128, { seed: 3 });
    // fanIn: in * k * k for Conv2d and Linear, out * k * k for ConvTranspose2d (PyTorch's weight.size(1)).
    const bounds = [
      ...[1 * 16, 32 * 16, 64 * 16, 128 * 16, 1024].map((fanIn) => 1 / Math.sqrt(fanIn)),
      ...[128, 64 * 16, 32 * 16, 1].map((fanIn) => 1 / Math.sqrt(fanIn)),
    ];
    const weighted = [...encoder.layers, ...decoder.layers].filter((layer) => layer.getWeights().length === 2);
    expect(weighted.length).toBe(bounds.length);
    weighted.forEach((layer, i) => {
      for (const weight of layer.getWeights()) {
        const values = weight.dataSync();
        const extreme = Array.from(values).reduce((max, v) => Math.max(max, Math.abs(v)), 0);
        expect(extreme).toBeLessThanOrEqual(bounds[i]);
        // Enough draws reach near the bound (the last bias is one draw).
        if (values.length > 100) expect(extreme).toBeGreaterThan(0.95 * bounds[i]);
      }
    });
  });

  it("'he' draws kernels in ±sqrt(6 / fanIn) with zero biases", () => {
    const encoder = mnistEncoder(16, { seed: 3, initialization: 'he' });
    const [kernel, bias] = encoder.layers[5].getWeights();
    const extreme = Array.from(kernel.dataSync()).reduce((max, v) => Math.max(max, Math.abs(v)), 0);
    expect(extreme).toBeLessThanOrEqual(Math.sqrt(6 / 1024));
    expect(extreme).toBeGreaterThan(0.95 * Math.sqrt(6 / 1024));
    expect([...bias.dataSync()].every((v) => v === 0)).toBe(true);
  });

  it('are reproducible from a seed, every weight from its own stream', () => {
    const a = mnistEncoder(8, { seed: 5 }).getWeights().map((w) => [...w.dataSync()]);
    const b = mnistEncoder(8, { seed: 5 }).getWeights().map((w) => [...w.dataSync()]);
    const c = mnistEncoder(8, { seed: 6 }).getWeights().map((w) => [...w.dataSync()]);
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
    const firsts = a.filter((_, i) => i % 2 === 0).map((w) => w[0]);
    expect(new Set(firsts).size).toBe(firsts.length);
  });

  it('name the bad argument', () => {
    expect(() => mnistEncoder(0)).toThrow('`dim` must be a positive integer');
    expect(() => mnistDecoder(2.5)).toThrow('`latentDim` must be a positive integer');
    expect(() => mnistEncoder(8, { initialization: 'glorot' as never })).toThrow(
      "`initialization` must be one of 'pytorch', 'he', but got \"glorot\"",
    );
    expect(() => mnistDecoder(8, { outputActivation: 'relu' as never })).toThrow(
      "`outputActivation` must be 'tanh' or 'sigmoid', but got \"relu\"",
    );
    expect(() => createMnistAutoencoder({ irmLayers: -1 })).toThrow('`irmLayers` must be a non-negative integer');
  });
});
