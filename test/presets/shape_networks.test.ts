import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { shapeDecoder, shapeEncoder } from '../../src/presets';
// Numbers from `/usr/bin/python3 test/presets/torch_reference.py` (PyTorch
// 1.13): the reference code's modules with hashed weights and inputs.
import reference from './torch_reference.json';
import { referenceInput, setTorchParameters } from './torch_weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function expectClose(actual: ArrayLike<number>, expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThan(tolerance);
}

describe('shapeEncoder / shapeDecoder architecture', () => {
  it('maps [2, 32, 32, 3] to [2, 32] and back through the reference feature-map sizes', () => {
    const encoder = shapeEncoder(32);
    const decoder = shapeDecoder(32);
    expect(encoder.layers.map((layer) => layer.outputShape)).toEqual([
      [null, 16, 16, 32],
      [null, 8, 8, 64],
      [null, 4, 4, 128],
      [null, 2, 2, 256],
      [null, 1, 1, 32],
      [null, 32],
    ]);
    expect(decoder.layers.map((layer) => layer.outputShape)).toEqual([
      [null, 1, 1, 32],
      [null, 2, 2, 256],
      [null, 4, 4, 128],
      [null, 8, 8, 64],
      [null, 16, 16, 32],
      [null, 32, 32, 3],
    ]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const codes = encoder.predict(tf.zeros([2, 32, 32, 3])) as tf.Tensor;
      expect(codes.shape).toEqual([2, 32]);
      expect((decoder.predict(codes) as tf.Tensor).shape).toEqual([2, 32, 32, 3]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has the PyTorch parameter counts', () => {
    // By hand, weights + biases: encoder 3*32*16+32 + 32*64*16+64 + 64*128*16+128
    // + 128*256*16+256 + 256*32*4+32 = 722,944; decoder 32*256*4+256 + 256*128*16+128
    // + 128*64*16+64 + 64*32*16+32 + 32*3*16+3 = 722,915. PyTorch's
    // sum(p.numel()) gives the same (torch_reference.json).
    expect(shapeEncoder(32).countParams()).toBe(722_944);
    expect(shapeDecoder(32).countParams()).toBe(722_915);
    expect(reference.encoder_params).toBe(722_944);
    expect(reference.decoder_params).toBe(722_915);
    // latentDim 16 changes only the last conv and first transposed conv:
    // 256*16*4 + 16 = 16,400 and 16*256*4 + 256 = 16,640.
    expect(shapeEncoder(16).countParams()).toBe(722_944 - 32_800 + 16_400);
    expect(shapeDecoder(16).countParams()).toBe(722_915 - 33_024 + 16_640);
  });

  it('uses PyTorch default initialisation: uniform in ±1/sqrt(fan_in)', () => {
    const encoder = shapeEncoder(32, { seed: 3 });
    const decoder = shapeDecoder(32, { seed: 3 });
    // Conv2d(3, 32, 4): fan_in = 3*4*4 = 48. ConvTranspose2d(32, 3, 4): PyTorch's
    // fan_in is weight.size(1) * 16 = out_channels * 16 = 48 as well;
    // ConvTranspose2d(256, 128, 4): fan_in = 128 * 16 = 2048.
    const cases: [tf.layers.Layer, number][] = [
      [encoder.layers[0], 48],
      [decoder.layers[5], 48],
      [decoder.layers[2], 2048],
    ];
    for (const [layer, fanIn] of cases) {
      const bound = 1 / Math.sqrt(fanIn);
      for (const weight of layer.getWeights()) {
        const values = Array.from(weight.dataSync() as Float32Array);
        const max = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        expect(max).toBeLessThanOrEqual(bound);
        if (values.length > 1000) {
          // A uniform on [-b, b] has standard deviation b / sqrt(3).
          const rms = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
          expect(rms / (bound / Math.sqrt(3))).toBeCloseTo(1, 1);
          expect(max).toBeGreaterThan(0.99 * bound);
        }
      }
    }
  });

  it("initializes as He et al. with initialization 'he': kernel uniform in ±sqrt(6 / fan_in), bias 0", () => {
    const encoder = shapeEncoder(32, { seed: 3, initialization: 'he' });
    const decoder = shapeDecoder(32, { seed: 3, initialization: 'he' });
    // Conv2d(3, 32, 4): fan_in = 3*4*4 = 48. Transposed, the inputs that reach
    // one output pixel: ConvT(32, 256, k2, s1) 32 * (2/1)^2 = 128;
    // ConvT(256, 128, k4, s2) 256 * (4/2)^2 = 1024; ConvT(32, 3, k4, s2) 128.
    const cases: [tf.layers.Layer, number][] = [
      [encoder.layers[0], 48],
      [decoder.layers[1], 128],
      [decoder.layers[2], 1024],
      [decoder.layers[5], 128],
    ];
    for (const [layer, fanIn] of cases) {
      const bound = Math.sqrt(6 / fanIn);
      const [kernel, bias] = layer.getWeights().map((weight) => Array.from(weight.dataSync() as Float32Array));
      const max = kernel.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const rms = Math.sqrt(kernel.reduce((s, v) => s + v * v, 0) / kernel.length);
      expect(max).toBeLessThanOrEqual(bound);
      expect(max).toBeGreaterThan(0.99 * bound);
      expect(rms / (bound / Math.sqrt(3))).toBeCloseTo(1, 1);
      expect(bias.every((v) => v === 0)).toBe(true);
    }
  });

  it('is reproducible from a seed', () => {
    const a = shapeEncoder(8, { seed: 11, width: 4 }).getWeights();
    const b = shapeEncoder(8, { seed: 11, width: 4 }).getWeights();
    const c = shapeEncoder(8, { seed: 12, width: 4 }).getWeights();
    expect(a.map((w) => Array.from(w.dataSync()))).toEqual(b.map((w) => Array.from(w.dataSync())));
    expect(Array.from(a[0].dataSync())).not.toEqual(Array.from(c[0].dataSync()));
  });

  it('scales channels with width', () => {
    const encoder = shapeEncoder(8, { width: 4 });
    expect(encoder.layers.map((layer) => (layer.outputShape as number[])[3])).toEqual([4, 8, 16, 32, 8, undefined]);
    // 3*4*16+4 + 4*8*16+8 + 8*16*16+16 + 16*32*16+32 + 32*8*4+8
    expect(encoder.countParams()).toBe(196 + 520 + 2064 + 8224 + 1032);
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => shapeEncoder(0)).toThrow('`latentDim` must be a positive integer, but got 0');
    expect(() => shapeDecoder(2.5)).toThrow('`latentDim` must be a positive integer, but got 2.5');
    expect(() => shapeEncoder(32, { width: -1 })).toThrow('`width` must be a positive integer, but got -1');
    expect(() => shapeDecoder(32, { seed: Number.NaN })).toThrow('`seed` must be an integer in [0, 2^32 - 1], but got NaN');
    expect(() => shapeEncoder(32, { initialization: 'glorot' as 'he' })).toThrow(
      '`initialization` must be one of \'pytorch\', \'he\', but got "glorot"',
    );
  });
});

describe('numerical agreement with PyTorch (same weights, same input)', () => {
  it("conv2d k4 s2 'same' equals Conv2d(k4, s2, p1) on an even input", () => {
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 4, strides: 2, padding: 'same', inputShape: [6, 6, 3] });
    tf.sequential({ layers: [conv] });
    setTorchParameters(conv, 0, false);
    const out = tf.tidy(() => (conv.apply(referenceInput(2, 3, 6, 6)) as tf.Tensor).dataSync());
    expectClose(out, reference.conv_k4s2p1, 1e-4);
  });

  it("conv2dTranspose k4 s2 'same' equals ConvTranspose2d(k4, s2, p1)", () => {
    const convt = tf.layers.conv2dTranspose({
      filters: 3,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      inputShape: [3, 3, 2],
    });
    tf.sequential({ layers: [convt] });
    setTorchParameters(convt, 0, true);
    const out = tf.tidy(() => (convt.apply(referenceInput(2, 2, 3, 3)) as tf.Tensor).dataSync());
    expectClose(out, reference.convt_k4s2p1, 1e-4);
  });

  it('the whole encoder and decoder give the reference codes and images', () => {
    const encoder = shapeEncoder(32);
    const decoder = shapeDecoder(32);
    // PyTorch parameter k: encoder conv i -> 2i, 2i + 1 (Flatten has none);
    // decoder transposed conv i -> 2i, 2i + 1 (after tfjs's Reshape).
    encoder.layers.slice(0, 5).forEach((layer, i) => setTorchParameters(layer, 2 * i, false));
    decoder.layers.slice(1).forEach((layer, i) => setTorchParameters(layer, 2 * i, true));
    const { code, recon, sum, sumSq } = tf.tidy(() => {
      const z = encoder.predict(referenceInput(2, 3, 32, 32)) as tf.Tensor;
      const y = decoder.predict(z) as tf.Tensor4D;
      return {
        code: z.dataSync(),
        recon: y.slice([0, 0, 0, 0], [1, 1, 32, 3]).dataSync(),
        sum: y.sum().dataSync()[0],
        sumSq: y.square().sum().dataSync()[0],
      };
    });
    expectClose(code, reference.code, 1e-4);
    expectClose(recon, reference.recon_first_row, 1e-4);
    // Sums over 6,144 float32 values: relative 1e-5.
    expect(Math.abs(sum - reference.recon_sum)).toBeLessThan(1e-5 * 6144);
    expect(sumSq).toBeCloseTo(reference.recon_sum_sq, 3);
  });
});
