import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { useWasmTraining } from '../../src/backends';
import { generateShapes } from '../../src/datasets';
import {
  createFigureModel,
  DEFAULT_L1_LAMBDA,
  DEFAULT_L2_LAMBDA,
  FIGURE_MODEL_NAMES,
  type FigureModelName,
} from '../../src/presets';
import { CodePenalty } from '../../src/layers';
import { trainAutoencoder } from '../../src/training';

// The full-size models train on the wasm backend with this library's
// training kernels (tested in test/backends); the cpu backend's
// Conv2DBackpropFilter would take seconds per batch.
beforeAll(async () => {
  await useWasmTraining();
});

function shapes(count: number, seed: number): tf.Tensor4D {
  const { images, shape } = generateShapes({ count, seed });
  return tf.tensor4d(images, shape as [number, number, number, number]);
}

describe('createFigureModel', () => {
  it('builds the five models of Figures 2 and 3', () => {
    expect(FIGURE_MODEL_NAMES).toEqual(['ae', 'ae-l1', 'ae-l2', 'irmae-l2', 'irmae-l4']);
    const summary = (name: FigureModelName) => {
      const { model, irm } = createFigureModel(name, { seed: 1 });
      const penalty = model.layers.find((layer) => layer instanceof CodePenalty) as CodePenalty | undefined;
      return { params: model.countParams(), n: irm.getConfig().n, l1: penalty?.l1 ?? 0, l2: penalty?.l2 ?? 0 };
    };
    expect(FIGURE_MODEL_NAMES.map(summary)).toEqual([
      { params: 1_445_859, n: 0, l1: 0, l2: 0 },
      { params: 1_445_859, n: 0, l1: DEFAULT_L1_LAMBDA, l2: 0 },
      { params: 1_445_859, n: 0, l1: 0, l2: DEFAULT_L2_LAMBDA },
      { params: 1_445_859 + 2 * 1024, n: 2, l1: 0, l2: 0 },
      { params: 1_445_859 + 4 * 1024, n: 4, l1: 0, l2: 0 },
    ]);
    expect((createFigureModel('ae-l2', { lambda: 0.5 }).model.layers[2] as CodePenalty).l2).toBe(0.5);
  });

  it('gives the five models the same encoder and decoder from the same seed', () => {
    const first = (name: FigureModelName) => Array.from(createFigureModel(name, { seed: 4 }).encoder.getWeights()[0].dataSync());
    const ae = first('ae');
    for (const name of FIGURE_MODEL_NAMES.slice(1)) expect(first(name)).toEqual(ae);
  });

  it('rejects an unknown name, listing the five', () => {
    expect(() => createFigureModel('vae' as FigureModelName)).toThrow(
      "`name` must be one of 'ae', 'ae-l1', 'ae-l2', 'irmae-l2', 'irmae-l4', but got \"vae\"",
    );
  });

  it.each(FIGURE_MODEL_NAMES)('%s trains on 8 shape images, batch 4, with the paper defaults, and its loss decreases', async (name) => {
    const xs = shapes(8, 3);
    const { model } = createFigureModel(name, { seed: 2 });
    const counts: number[] = [];
    const history = await trainAutoencoder(model, xs, {
      epochs: 4,
      batchSize: 4,
      progress: 'none',
      callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
    });
    // Adam's moments appear in epoch 0; after that nothing accumulates.
    expect(new Set(counts.slice(1)).size).toBe(1);
    // Initial reconstructions are near 0 and the images mostly black with one
    // coloured shape: MSE starts near the mean squared pixel value.
    expect(history.loss[0]).toBeGreaterThan(0.01);
    for (let epoch = 1; epoch < 4; epoch++) expect(history.loss[epoch]).toBeLessThan(history.loss[epoch - 1]);
    model.dispose();
    xs.dispose();
  });
});

describe('L1 / L2 code penalties against the plain AE', () => {
  it('shrink the code e(x) from the same initial weights and data', async () => {
    const xs = shapes(32, 5);
    const magnitudes = async (name: FigureModelName) => {
      const { model, encoder } = createFigureModel(name, { seed: 8 });
      await trainAutoencoder(model, xs, { epochs: 6, batchSize: 8, progress: 'none' });
      const stats = tf.tidy(() => {
        const e = encoder.predict(xs) as tf.Tensor2D;
        return { sumAbs: e.abs().sum(1).mean().dataSync()[0], sumSq: e.square().sum(1).mean().dataSync()[0] };
      });
      model.dispose();
      return stats;
    };
    const ae = await magnitudes('ae');
    const l1 = await magnitudes('ae-l1');
    const l2 = await magnitudes('ae-l2');
    // Measured on the wasm backend after these 24 Adam steps at 1e-4, mean
    // per-image sum|e| and sum e^2: AE 0.721 and 0.0216; AE+L1 (1e-5) 0.110
    // and 0.00074; AE+L2 (1e-4) 0.365 and 0.0058.
    expect(l1.sumAbs).toBeLessThan(0.3 * ae.sumAbs);
    expect(l2.sumSq).toBeLessThan(0.5 * ae.sumSq);
    xs.dispose();
  });
});
