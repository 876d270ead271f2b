import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { effectiveRank, latentSpectrum, thresholdRank } from '../../src/metrics';
import { rankMonitor, trainAutoencoder } from '../../src/training';
import { denseAutoencoder, lowRankData } from './low_rank_problem';
import { tinyAutoencoder, tinyData } from './tiny_autoencoder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The spectrum of the codes after the model's maps, computed directly. */
function spectrumOf(model: tf.LayersModel, layer: tf.layers.Layer, data: tf.Tensor): Float64Array {
  const codes = tf.tidy(() => tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor }).predict(data) as tf.Tensor2D);
  const spectrum = latentSpectrum(codes);
  codes.dispose();
  return spectrum;
}

describe('rankMonitor', () => {
  it('records the held-out spectrum every N epochs of model.fit, into History and a progress line', async () => {
    const train = lowRankData(64, 1);
    const heldOut = lowRankData(40, 2);
    const { model, irm } = denseAutoencoder(2);
    const lines: string[] = [];
    // Batch size 16 for the encoding pass: the spectrum comes from 3 streamed batches.
    const monitor = rankMonitor({ data: heldOut, every: 2, batchSize: 16, log: (line) => void lines.push(line) });
    const before = tf.memory().numTensors;
    const history = await model.fit(train, train, { epochs: 4, batchSize: 16, shuffle: false, verbose: 0, callbacks: [monitor] });
    // The monitor's own tensors are freed (Adam's moments are the only new ones).
    const adamMoments = 2 * model.trainableWeights.length;
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + adamMoments + 1);

    expect(monitor.records.map((record) => record.epoch)).toEqual([1, 3]);
    const last = monitor.records[1];
    const direct = spectrumOf(model, irm, heldOut);
    expect(Array.from(last.spectrum).map((v) => Number(v.toFixed(9)))).toEqual(Array.from(direct).map((v) => Number(v.toFixed(9))));
    expect(last.effectiveRank).toBeCloseTo(effectiveRank(direct), 9);
    expect(last.rankAboveThreshold).toBe(thresholdRank(direct, 1e-2));
    // Epoch logs of the measured epochs carry the values; History keeps them.
    expect(history.history.effectiveRank).toEqual(monitor.records.map((record) => record.effectiveRank));
    expect(history.history.rankAboveThreshold).toEqual(monitor.records.map((record) => record.rankAboveThreshold));
    expect(lines).toEqual(
      monitor.records.map(
        (r) => `epoch ${r.epoch + 1}: effective rank ${r.effectiveRank.toFixed(2)}, ${r.rankAboveThreshold} of 8 singular values above 0.01`,
      ),
    );
    tf.dispose([train, heldOut]);
    model.optimizer.dispose();
    model.dispose();
  });

  it('counts batches with unit "batch", measures a named layer, and works in trainAutoencoder', async () => {
    const model = tinyAutoencoder();
    const data = tinyData(16);
    const code = model.layers[1];
    const monitor = rankMonitor({ data, every: 3, unit: 'batch', layer: code.name, log: false });
    await trainAutoencoder(model, data, { epochs: 3, batchSize: 4, progress: 'none', callbacks: monitor });
    // 12 batches in all: measured after batches 3, 6, 9 and 12 overall, i.e.
    // (epoch, batch) (0, 2), (1, 1), (2, 0) and (2, 3), the last after the final update.
    expect(monitor.records.map(({ epoch, batch }) => [epoch, batch])).toEqual([[0, 2], [1, 1], [2, 0], [2, 3]]);
    expect(monitor.records[3].spectrum).toHaveLength(2);
    expect(monitor.records[3].effectiveRank).toBeCloseTo(effectiveRank(spectrumOf(model, code, data)), 9);
    data.dispose();
  });

  it('leaves no tensor behind across fits and lets go of its view of the model after each', async () => {
    const train = lowRankData(32, 3);
    const heldOut = lowRankData(24, 4);
    const { model, irm } = denseAutoencoder(2);
    const monitor = rankMonitor({ data: heldOut, batchSize: 10, log: false });
    const fit = () => model.fit(train, train, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0, callbacks: [monitor] });
    await fit(); // creates Adam's moments
    const afterFirst = tf.memory().numTensors;
    await fit();
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(monitor.records).toHaveLength(4);
    expect((monitor as unknown as { codeModel: unknown }).codeModel).toBeUndefined();
    // The view shared the model's weights; they are intact after it is let go.
    expect(monitor.records[3].effectiveRank).toBeCloseTo(effectiveRank(spectrumOf(model, irm, heldOut)), 9);
    tf.dispose([train, heldOut]);
    model.optimizer.dispose();
    model.dispose();
  });

  it('names what is wrong: the options, and a model without one ImplicitRankMinimizer', async () => {
    const data = tinyData(4);
    expect(() => rankMonitor({ data: tf.zeros([1, 4]) })).toThrow('`data` must be a tensor of at least 2 samples, [n, ...], but got a tensor of shape [1,4]');
    expect(() => rankMonitor({ data, every: 0 })).toThrow('`every` must be a positive integer, but got 0');
    expect(() => rankMonitor({ data, unit: 'step' as 'batch' })).toThrow('`unit` must be \'epoch\' or \'batch\', but got "step"');
    expect(() => rankMonitor({ data, threshold: -1 })).toThrow('`threshold` must be a finite number >= 0, but got -1');
    const model = tinyAutoencoder();
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await expect(model.fit(data, data, { epochs: 1, verbose: 0, callbacks: [rankMonitor({ data, log: false })] })).rejects.toThrow(
      "rankMonitor needs `layer` (the code layer's name) when the model does not have exactly one ImplicitRankMinimizer, but it has 0",
    );
    data.dispose();
  });
});
