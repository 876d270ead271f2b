import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateShapes } from '../../src/datasets';
import { ImplicitRankMinimizer } from '../../src/layers';
import { fileSystemHandler } from '../../src/io';
import { createShapeAutoencoder } from '../../src/presets';
import { CodePenalty } from '../../src/layers';

let scratch: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'irmae-presets-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A few shape images, NHWC [count, 32, 32, 3]. */
function shapes(count: number): tf.Tensor4D {
  const { images, shape } = generateShapes({ count, seed: 7 });
  return tf.tensor4d(images, shape as [number, number, number, number]);
}

/** Row-vector products z W1 ... Wn in float64. */
function multiply(rows: number[][], kernels: number[][][]): number[][] {
  return kernels.reduce(
    (z, w) => z.map((row) => w[0].map((_, j) => row.reduce((s, v, i) => s + v * w[i][j], 0))),
    rows,
  );
}

describe('createShapeAutoencoder', () => {
  it('chains input, encoder, penalty, linear layers and decoder in one model', () => {
    const plain = createShapeAutoencoder({ seed: 1 });
    expect(plain.model.layers.map((layer) => layer.getClassName())).toEqual([
      'InputLayer',
      'Sequential',
      'ImplicitRankMinimizer',
      'Sequential',
    ]);
    const full = createShapeAutoencoder({ irmLayers: 4, codeRegularizer: { l1: 0.5 }, seed: 1 });
    expect(full.model.layers.map((layer) => layer.getClassName())).toEqual([
      'InputLayer',
      'Sequential',
      'CodePenalty',
      'ImplicitRankMinimizer',
      'Sequential',
    ]);
    expect((full.model.layers[2] as CodePenalty).l1).toBe(0.5);
    expect(full.irm).toBeInstanceOf(ImplicitRankMinimizer);
    expect(full.model.inputs[0].shape).toEqual([null, 32, 32, 3]);
    expect(full.model.outputs[0].shape).toEqual([null, 32, 32, 3]);
  });

  it('counts 722,944 + 722,915 + irmLayers * 32 * 32 parameters, as PyTorch', () => {
    // PyTorch nn.Linear(32, 32, bias=False) has 1,024 parameters (torch_reference.json).
    expect(createShapeAutoencoder({ seed: 1 }).model.countParams()).toBe(1_445_859);
    expect(createShapeAutoencoder({ irmLayers: 2, seed: 1 }).model.countParams()).toBe(1_445_859 + 2 * 1024);
    expect(createShapeAutoencoder({ irmLayers: 4, seed: 1 }).model.countParams()).toBe(1_445_859 + 4 * 1024);
    expect(createShapeAutoencoder({ latentDim: 8, irmLayers: 2, width: 4 }).model.countParams()).toBe(
      // encoder 196 + 520 + 2064 + 8224 + (32*8*4 + 8); decoder (8*32*4 + 32) + 32*16*16+16
      // + 16*8*16+8 + 8*4*16+4 + 4*3*16+3; linear 2 * 8 * 8.
      196 + 520 + 2064 + 8224 + 1032 + (1056 + 8208 + 2056 + 516 + 195) + 128,
    );
  });

  it('encode gives the code after the linear layers, decode the images, model both in one', () => {
    const ae = createShapeAutoencoder({ irmLayers: 2, width: 4, seed: 2 });
    const x = shapes(3);
    const before = tf.memory().numTensors;
    const code = ae.encode(x);
    expect(code.shape).toEqual([3, 32]);
    const e = tf.tidy(() => (ae.encoder.predict(x) as tf.Tensor2D).arraySync());
    const kernels = ae.irm.getWeights().map((w) => w.arraySync() as number[][]);
    expect(kernels).toHaveLength(2);
    const expected = multiply(e, kernels).flat();
    const actual = Array.from(code.dataSync());
    expect(Math.max(...actual.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-5);
    // The linear layers change the code: W1 W2 is not the identity.
    expect(Math.max(...actual.map((v, i) => Math.abs(v - e.flat()[i])))).toBeGreaterThan(1e-2);

    const images = ae.decode(code);
    expect(images.shape).toEqual([3, 32, 32, 3]);
    const direct = ae.model.predict(x) as tf.Tensor;
    expect(tf.tidy(() => tf.max(tf.abs(direct.sub(images))).dataSync()[0])).toBeLessThan(1e-6);
    tf.dispose([code, images, direct]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('encodes and decodes more images than one call takes (256) as it does each image alone', () => {
    const ae = createShapeAutoencoder({ irmLayers: 2, width: 4, seed: 3 });
    const x = shapes(260);
    const before = tf.memory().numTensors;
    const codes = ae.encode(x);
    const images = ae.decode(codes);
    expect(codes.shape).toEqual([260, 32]);
    expect(images.shape).toEqual([260, 32, 32, 3]);
    for (const i of [0, 255, 256, 259]) {
      const gap = tf.tidy(() => {
        const code = ae.encode(x.slice(i, 1));
        const codeGap = tf.max(tf.abs(code.sub(codes.slice(i, 1))));
        const imageGap = tf.max(tf.abs(ae.decode(codes.slice(i, 1)).sub(images.slice(i, 1))));
        return [codeGap.dataSync()[0], imageGap.dataSync()[0]];
      });
      expect(gap[0], `code ${i}`).toBeLessThan(1e-6);
      expect(gap[1], `image ${i}`).toBeLessThan(1e-6);
    }
    tf.dispose([codes, images]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('with irmLayers = 0, encode equals the encoder', () => {
    const ae = createShapeAutoencoder({ width: 4, seed: 2 });
    const x = shapes(2);
    const a = ae.encode(x).dataSync();
    const b = (ae.encoder.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('is reproducible from a seed, with distinct streams for its parts', () => {
    const weights = (seed: number) =>
      createShapeAutoencoder({ irmLayers: 2, width: 4, seed }).model.getWeights().map((w) => Array.from(w.dataSync()));
    const a = weights(5);
    expect(weights(5)).toEqual(a);
    expect(weights(6)[0]).not.toEqual(a[0]);
    // Linear kernels 1 and 2 differ from each other.
    const irm = createShapeAutoencoder({ irmLayers: 2, width: 4, seed: 5 }).irm.getWeights();
    expect(Array.from(irm[0].dataSync())).not.toEqual(Array.from(irm[1].dataSync()));
  });

  it('round-trips through the file system handler with identical outputs', async () => {
    const ae = createShapeAutoencoder({ irmLayers: 2, codeRegularizer: { l2: 1e-3 }, width: 4, seed: 3 });
    const dir = join(scratch, 'shape-ae');
    await ae.model.save(fileSystemHandler(dir));
    const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
    const x = shapes(2);
    const expected = (ae.model.predict(x) as tf.Tensor).dataSync();
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from(expected));
    expect((loaded.layers[2] as CodePenalty).l2).toBe(1e-3);
  });

  it('rejects bad options, naming them', () => {
    expect(() => createShapeAutoencoder({ irmLayers: -1 })).toThrow('`irmLayers` must be a non-negative integer, but got -1');
    expect(() => createShapeAutoencoder({ latentDim: 0 })).toThrow('`latentDim` must be a positive integer, but got 0');
    expect(() => createShapeAutoencoder({ codeRegularizer: { l1: -2 } })).toThrow(
      '`l1` must be a finite number >= 0, but got -2',
    );
  });
});
