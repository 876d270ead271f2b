import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { rankReduction, type RankReduction } from '../../src/layers';
import { streamSeed } from '../../src/random';
import { adaptiveRank, trainAutoencoder } from '../../src/training';
import { lowRankData } from './low_rank_problem';
// From the RRAEs library's own RRAE_gen_Tracker, run by
// `/usr/bin/python3 test/training/rrae_gen_tracker_reference.py RRAEs/trackers/trackers.py`.
import reference from './rrae_gen_tracker_reference.json';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 16 -> 32 (relu) -> 12 -> RankReduction -> 32 (relu) -> 16, seeded, Adam 3e-3. */
function rraeModel(rank: number, seed = 1): { model: tf.Sequential; layer: RankReduction } {
  const init = (purpose: string) => tf.initializers.glorotUniform({ seed: streamSeed(seed, purpose) });
  const layer = rankReduction({ rank, name: 'bottleneck' });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [16], units: 32, activation: 'relu', kernelInitializer: init('encoder-1') }),
      tf.layers.dense({ units: 12, kernelInitializer: init('encoder-2') }),
      layer,
      tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: init('decoder-1') }),
      tf.layers.dense({ units: 16, kernelInitializer: init('decoder-2') }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(3e-3), loss: 'meanSquaredError' });
  return { model, layer };
}

describe('adaptiveRank follows the RRAEs library', () => {
  it("replays RRAE_gen_Tracker's decisions on a fixed loss sequence, restoring the weights of the last drop", async () => {
    const p = reference.params;
    const { model, layer } = rraeModel(p.k_init);
    const schedule = adaptiveRank({
      patienceInit: p.patience_init,
      patienceConv: p.patience_conv,
      patienceNotRight: p.patience_not_right,
      perfLoss: p.perf_loss,
      eps0: p.eps_0,
      epsPerc: p.eps_perc,
      kMin: p.k_min,
      window: reference.stagnWindow,
      log: false,
    });
    schedule.setModel(model);
    await schedule.onTrainBegin();
    const kernel = model.layers[0].getWeights()[0];
    const marked: number[] = []; // the mark (kernel value) the model held after each step
    let lastDropMark: number | undefined;
    for (const [step, loss] of reference.losses.slice(0, reference.steps.length).entries()) {
      // Mark the weights as a training step would change them.
      model.layers[0].setWeights([tf.fill(kernel.shape, step), model.layers[0].getWeights()[1]]);
      await schedule.onBatchEnd(step, { loss });
      const expected = reference.steps[step];
      expect({ step, k: layer.rank, stop: model.stopTraining === true }).toEqual({ step, k: expected.k, stop: expected.stop });
      const mark = model.layers[0].getWeights()[0].dataSync()[0];
      if (expected.save && !expected.stop) lastDropMark = step;
      // The library reloads the checkpoint saved at the last drop of k.
      expect(mark).toBe(expected.load ? lastDropMark : step);
      marked.push(mark);
    }
    const events = schedule.changes.map(({ step, rank, event }) => `${step}:${event}:${rank}`);
    const expectedEvents = reference.steps.flatMap((s, step) => {
      if (s.stop) return [`${step}:stop:${s.k}`];
      if (s.load) return [`${step}:raise:${s.k}`];
      if (s.save) return [`${step}:lower:${s.k}`];
      return [];
    });
    expect(events.filter((e) => !e.includes(':ideal:'))).toEqual(expectedEvents);
    expect(schedule.idealLoss).toBeCloseTo(reference.idealLoss, 12);
    expect(events.filter((e) => e.includes(':ideal:'))).toHaveLength(1);
    await schedule.onTrainEnd();
    model.dispose();
  });

  it('lowers k during a real trainAutoencoder run and frees its saved weights', async () => {
    const xs = lowRankData(64);
    const { model, layer } = rraeModel(8, 2);
    const schedule = adaptiveRank({ patienceInit: 3, patienceNotRight: 20, window: 4, epsPerc: 50, log: false });
    // One epoch first, without the schedule: Adam's state exists from then on.
    await trainAutoencoder(model, xs, { epochs: 1, batchSize: 16, progress: 'none', seed: 3 });
    const before = tf.memory().numTensors;
    const history = await trainAutoencoder(model, xs, { epochs: 6, batchSize: 16, progress: 'none', seed: 3, callbacks: [schedule] });
    expect(tf.memory().numTensors).toBe(before);
    expect(schedule.changes[0].event).toBe('ideal');
    expect(schedule.changes.some((c) => c.event === 'lower')).toBe(true);
    expect(layer.rank).toBe(schedule.changes.at(-1)!.rank);
    expect(layer.rank).toBeLessThan(8);
    expect(history.loss.every(Number.isFinite)).toBe(true);
    xs.dispose();
    model.dispose();
  });

  it('never lowers k below kMin', async () => {
    const { model, layer } = rraeModel(3);
    const schedule = adaptiveRank({ patienceInit: 1, kMin: 2, window: 1, log: false });
    schedule.setModel(model);
    await schedule.onTrainBegin();
    // Steps 0-1: no running mean yet; 2: flat, ends the initial phase; then always below the ideal loss.
    for (const [step, loss] of [1, 1, 1, 0.5, 0.4, 0.3, 0.2].entries()) await schedule.onBatchEnd(step, { loss });
    expect(layer.rank).toBe(2);
    await schedule.onTrainEnd();
    model.dispose();
  });
});

describe('adaptiveRank errors', () => {
  it('rejects bad options, naming them', () => {
    expect(() => adaptiveRank({ patienceInit: 0 })).toThrow(new Error('`patienceInit` must be a positive integer, but got 0'));
    expect(() => adaptiveRank({ kMin: 0 })).toThrow(new Error('`kMin` must be a positive integer, but got 0'));
    expect(() => adaptiveRank({ eps0: -1 })).toThrow(new Error('`eps0` must be a finite non-negative number, but got -1'));
    expect(() => adaptiveRank({ convergedSteps: 2.5 })).toThrow(new Error('`convergedSteps` must be a positive integer, but got 2.5'));
    expect(() => adaptiveRank({ log: 'yes' as never })).toThrow(new Error('`log` must be a function or false, but got "yes"'));
  });

  it('finds the one RankReduction, or says why it cannot', async () => {
    const { model } = rraeModel(2);
    const named = adaptiveRank({ layer: 'nope', log: false });
    named.setModel(model);
    await expect(named.onTrainBegin()).rejects.toThrow(
      new Error('`layer` must be a RankReduction of the trained model, but "nope" is not one of its layers'),
    );
    const dense = adaptiveRank({ layer: model.layers[0].name, log: false });
    dense.setModel(model);
    await expect(dense.onTrainBegin()).rejects.toThrow(
      new Error(`\`layer\` must be a RankReduction of the trained model, but "${model.layers[0].name}" is a Dense`),
    );
    const plain = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 })] });
    const none = adaptiveRank({ log: false });
    none.setModel(plain);
    await expect(none.onTrainBegin()).rejects.toThrow(
      new Error('adaptiveRank needs `layer` when the model does not have exactly one RankReduction, but it has 0'),
    );
    model.dispose();
    plain.dispose();
  });
});
