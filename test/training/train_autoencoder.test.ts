import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// File-system checkpoints come with the Node entry.
import '../../src/node';
import { fileSystemHandler } from '../../src/io';
import { codePenalty } from '../../src/layers';
import { NonFiniteLossError, trainAutoencoder, type EpochLogs } from '../../src/training';
import { maxDifference, tinyAutoencoder, tinyData, weightValues } from './tiny_autoencoder';

let scratch: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'irmae-train-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const quiet = { progress: 'none' as const };

/** Callbacks that call `stop` after batch `batch` of epoch `epoch`. */
function stopAt(stop: () => void, epoch: number, batch: number): tf.CustomCallbackArgs {
  let current = -1;
  return {
    onEpochBegin: (e) => void (current = e),
    onBatchEnd: (b) => void (current === epoch && b === batch && stop()),
  };
}

describe('trainAutoencoder: the objective and the updates', () => {
  // y = x W with W 2x2, no bias; the code penalty sits on y. Loss per batch:
  // mean((XW - X)^2) + mean_b(l1 * sum|XW| + l2 * sum (XW)^2).
  const X = [
    [1, 0.5],
    [-0.5, 2],
    [0.3, -1],
    [2, 1],
  ];
  const W0 = [
    [0.5, -0.2],
    [0.1, 0.3],
  ];
  const l1 = 0.05;
  const l2 = 0.02;
  const learningRate = 0.01;

  /** Loss and gradient in float64, from the formulas above. */
  function lossAndGradient(W: number[][]): { loss: number; grad: number[][] } {
    const B = X.length;
    let loss = 0;
    const grad = [
      [0, 0],
      [0, 0],
    ];
    for (const x of X) {
      const y = [x[0] * W[0][0] + x[1] * W[1][0], x[0] * W[0][1] + x[1] * W[1][1]];
      for (let j = 0; j < 2; j++) {
        loss += (y[j] - x[j]) ** 2 / (2 * B) + (l1 * Math.abs(y[j]) + l2 * y[j] ** 2) / B;
        const dy = (2 * (y[j] - x[j])) / (2 * B) + (l1 * Math.sign(y[j]) + 2 * l2 * y[j]) / B;
        for (let i = 0; i < 2; i++) grad[i][j] += x[i] * dy;
      }
    }
    return { loss, grad };
  }

  /** Adam as Kingma and Ba write it, with tfjs's defaults (beta1 0.9, beta2 0.999, epsilon 1e-7). */
  function adam(steps: number): { W: number[][]; losses: number[] } {
    const W = W0.map((row) => [...row]);
    const m = [
      [0, 0],
      [0, 0],
    ];
    const v = [
      [0, 0],
      [0, 0],
    ];
    const losses: number[] = [];
    for (let t = 1; t <= steps; t++) {
      const { loss, grad } = lossAndGradient(W);
      losses.push(loss);
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 2; j++) {
          m[i][j] = 0.9 * m[i][j] + 0.1 * grad[i][j];
          v[i][j] = 0.999 * v[i][j] + 0.001 * grad[i][j] ** 2;
          const mHat = m[i][j] / (1 - 0.9 ** t);
          const vHat = v[i][j] / (1 - 0.999 ** t);
          W[i][j] -= (learningRate * mHat) / (Math.sqrt(vHat) + 1e-7);
        }
      }
    }
    return { W, losses };
  }

  it('minimizes MSE plus the code penalty with Adam, step by step as the closed form', async () => {
    const input = tf.input({ shape: [2] });
    const dense = tf.layers.dense({ units: 2, useBias: false });
    const output = codePenalty({ l1, l2 }).apply(dense.apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    dense.setWeights([tf.tensor2d(W0)]);

    const history = await trainAutoencoder(model, tf.tensor2d(X), {
      ...quiet,
      epochs: 3,
      batchSize: 4,
      learningRate,
    });
    const expected = adam(3);
    history.loss.forEach((loss, i) => expect(loss).toBeCloseTo(expected.losses[i], 6));
    expect(maxDifference(weightValues(model), [expected.W.flat()])).toBeLessThan(1e-6);
    // The reconstruction part alone, at W0: mean((X W0 - X)^2) by hand = 0.9578 / 8.
    expect(history.reconstructionLoss[0]).toBeCloseTo(
      X.reduce((s, x) => {
        const y = [x[0] * W0[0][0] + x[1] * W0[1][0], x[0] * W0[0][1] + x[1] * W0[1][1]];
        return s + (y[0] - x[0]) ** 2 + (y[1] - x[1]) ** 2;
      }, 0) / 8,
      6,
    );
  });

  it('reports batch and epoch logs, and the validation objective', async () => {
    const model = tinyAutoencoder({ l2: 1e-3 });
    const data = tinyData(16);
    const validation = tinyData(24).slice(16, 8);
    const batches: number[] = [];
    const epochs: Array<[number, EpochLogs]> = [];
    let current = -1;
    const history = await trainAutoencoder(model, data, {
      ...quiet,
      epochs: 4,
      batchSize: 5,
      learningRate: 0.02,
      validationData: validation,
      callbacks: {
        onEpochBegin: (epoch) => void (current = epoch),
        onBatchEnd: (batch, logs) => {
          expect(logs?.batch).toBe(batch);
          expect(logs?.size).toBe(batch < 3 ? 5 : 1);
          batches.push(current * 10 + batch);
        },
        onEpochEnd: async (epoch, logs) => {
          await Promise.resolve();
          epochs.push([epoch, logs as unknown as EpochLogs]);
        },
      },
    });
    // 16 samples in batches of 5: 4 batches per epoch, the last of 1.
    expect(batches).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33]);
    expect(epochs.map(([epoch]) => epoch)).toEqual([0, 1, 2, 3]);
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(history.loss[3]).toBeLessThan(history.loss[0]);
    expect(history.val_loss).toEqual(epochs.map(([, logs]) => logs.val_loss));
    expect(history.loss).toEqual(epochs.map(([, logs]) => logs.loss));
    // val_loss after the last epoch, recomputed from the final weights:
    // MSE of the reconstruction plus 1e-3 * mean sum(code^2).
    const expectedValLoss = tf.tidy(() => {
      const reconstruction = model.predict(validation) as tf.Tensor;
      const encoder = tf.model({ inputs: model.inputs, outputs: model.layers[2].output as tf.SymbolicTensor });
      const code = encoder.predict(validation) as tf.Tensor;
      return tf.losses.meanSquaredError(validation, reconstruction).add(code.square().sum().mul(1e-3 / 8)).dataSync()[0];
    });
    expect(history.val_loss![3]).toBeCloseTo(expectedValLoss, 6);
    expect(history.stopReason).toBe('completed');
  });

  it('trains on { xs, ys } targets other than the inputs, and on datasets', async () => {
    const xs = tinyData(8);
    const ys = xs.mul(0.5);
    const model = tinyAutoencoder();
    const history = await trainAutoencoder(model, { xs, ys }, { ...quiet, epochs: 30, batchSize: 8, learningRate: 0.05 });
    expect(history.loss[29]).toBeLessThan(0.5 * history.loss[0]);

    const dataset = tf.data.array(tf.unstack(xs)).batch(4);
    const fromDataset = await trainAutoencoder(tinyAutoencoder(), dataset, { ...quiet, epochs: 2 });
    expect(fromDataset.loss).toHaveLength(2);
  });

  it('keeps tf.memory().numTensors flat across epochs and runs', async () => {
    const model = tinyAutoencoder({ l1: 1e-3 });
    const data = tinyData(16);
    const counts: number[] = [];
    const options = {
      ...quiet,
      epochs: 5,
      batchSize: 4,
      validationData: data,
      checkpointDir: join(scratch, 'leaks'),
      callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
    };
    await trainAutoencoder(model, data, options);
    // The first epoch creates Adam's moments; from then on nothing accumulates.
    expect(new Set(counts.slice(1)).size).toBe(1);
    const before = tf.memory().numTensors;
    await trainAutoencoder(model, data, options);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('trainAutoencoder: checkpoints and resume', () => {
  const data = tinyData(16);
  const options = { ...quiet, epochs: 4, batchSize: 4, learningRate: 0.01, seed: 3 };

  it('writes one checkpoint directory per epoch, atomically, keeping the newest', async () => {
    const dir = join(scratch, 'keep');
    await trainAutoencoder(tinyAutoencoder(), data, { ...options, checkpointDir: dir, keepCheckpoints: 2 });
    expect((await readdir(dir)).sort()).toEqual(['epoch-0003', 'epoch-0004']);
    expect((await readdir(join(dir, 'epoch-0004'))).sort()).toEqual(['model.json', 'training.json', 'weights.bin']);
    // The checkpoint is a regular tfjs model with its optimizer: 4 epochs x 4 batches.
    const loaded = await tf.loadLayersModel(fileSystemHandler(join(dir, 'epoch-0004')));
    expect(loaded.optimizer).toBeDefined();
    const [iterations] = await loaded.optimizer.getWeights();
    expect(iterations.tensor.dataSync()[0]).toBe(16);
  });

  it('an interrupted run that resumes ends with the weights of one that never stopped', async () => {
    const straight = tinyAutoencoder({ seed: 5, l1: 1e-3 });
    await trainAutoencoder(straight, data, options);

    const dir = join(scratch, 'resume');
    const controller = new AbortController();
    const interrupted = tinyAutoencoder({ seed: 5, l1: 1e-3 });
    const partial = await trainAutoencoder(interrupted, data, {
      ...options,
      checkpointDir: dir,
      signal: controller.signal,
      callbacks: stopAt(() => controller.abort(), 2, 1),
    });
    expect(partial.stopReason).toBe('aborted');
    expect(partial.epoch).toEqual([0, 1]);
    expect(await readdir(dir)).toEqual(['epoch-0002']);

    // A fresh process would build a fresh model: different initial weights on purpose.
    const resumed = tinyAutoencoder({ seed: 99, l1: 1e-3 });
    const before = tf.memory().numTensors;
    const history = await trainAutoencoder(resumed, data, { ...options, checkpointDir: dir, resume: true });
    // What stays is Adam's state only: accBeta1, accBeta2 and two moments for
    // each of the 4 weights (2 kernels, 2 biases); the checkpoint's decoded
    // tensors are released.
    expect(tf.memory().numTensors - before).toBe(2 + 2 * 4);
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(maxDifference(weightValues(resumed), weightValues(straight))).toBe(0);
    const [iterations] = await resumed.optimizer.getWeights();
    expect(iterations.tensor.dataSync()[0]).toBe(16);
  });

  it("needs Adam's moments for that: the same weights with a fresh optimizer diverge", async () => {
    const inOrder = { ...options, shuffle: false };
    const straight = tinyAutoencoder({ seed: 5 });
    await trainAutoencoder(straight, data, inOrder);
    const firstHalf = tinyAutoencoder({ seed: 5 });
    await trainAutoencoder(firstHalf, data, { ...inOrder, epochs: 2 });
    const fresh = tinyAutoencoder({ seed: 5 });
    fresh.setWeights(firstHalf.getWeights());
    await trainAutoencoder(fresh, data, { ...inOrder, epochs: 2 });
    expect(maxDifference(weightValues(fresh), weightValues(straight))).toBeGreaterThan(1e-4);
    // Continuing with the model's own optimizer matches exactly.
    await trainAutoencoder(firstHalf, data, { ...inOrder, epochs: 2 });
    expect(maxDifference(weightValues(firstHalf), weightValues(straight))).toBe(0);
  });

  it('starts from scratch when asked to resume from an empty directory', async () => {
    const history = await trainAutoencoder(tinyAutoencoder(), data, {
      ...options,
      epochs: 1,
      checkpointDir: join(scratch, 'empty'),
      resume: true,
    });
    expect(history.epoch).toEqual([0]);
  });
});

describe('trainAutoencoder: stopping', () => {
  it('stops on a NaN loss naming epoch and batch, without applying it, keeping the last checkpoint', async () => {
    const dir = join(scratch, 'nan');
    const clean = tinyData(8);
    const poisoned = clean.add(tf.tensor2d([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, Number.NaN, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]));
    const model = tinyAutoencoder();
    let lastGood: number[][] = [];
    // Epochs 0 and 1 see clean data; epoch 2 has a NaN in its second batch (samples 2-3).
    const byEpoch = (epoch: number) => tf.data.array(tf.unstack(epoch < 2 ? clean : poisoned)).batch(2);
    const run = trainAutoencoder(model, byEpoch, {
      ...quiet,
      epochs: 4,
      checkpointDir: dir,
      callbacks: { onBatchEnd: () => void (lastGood = weightValues(model)) },
    });
    await expect(run).rejects.toThrow(
      `Training stopped: the loss became NaN in epoch 3, batch 2 (0-based epoch 2, batch 1); the weights are those from before this batch, and the last good checkpoint is kept at ${join(dir, 'epoch-0002')}.`,
    );
    await expect(run).rejects.toBeInstanceOf(NonFiniteLossError);
    expect(maxDifference(weightValues(model), lastGood)).toBe(0);
    expect(await readdir(dir)).toEqual(['epoch-0002']);
  });

  it('stops on an infinite loss from a huge learning rate', async () => {
    const error = await trainAutoencoder(tinyAutoencoder(), tinyData(16), {
      ...quiet,
      epochs: 5,
      batchSize: 4,
      learningRate: 1e30,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    // Adam moves each weight by about the learning rate on step 1, so the
    // loss of batch 2 is about (1e30)^2 * ... : beyond float32, Infinity or NaN.
    expect((error as NonFiniteLossError).epoch).toBe(0);
    expect((error as NonFiniteLossError).batch).toBe(1);
    expect((error as Error).message).toMatch(/^Training stopped: the loss became (Infinity|NaN) in epoch 1, batch 2 /);
  });

  it('stops after the current batch when the signal aborts, returning the history so far', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    let current = -1;
    const log: tf.CustomCallbackArgs = {
      onEpochBegin: (epoch) => void (current = epoch),
      onBatchEnd: (batch) => void seen.push(`${current}.${batch}`),
    };
    const history = await trainAutoencoder(tinyAutoencoder(), tinyData(16), {
      ...quiet,
      epochs: 3,
      batchSize: 4,
      signal: controller.signal,
      callbacks: [log, stopAt(() => controller.abort(), 1, 2)],
    });
    expect(seen).toEqual(['0.0', '0.1', '0.2', '0.3', '1.0', '1.1', '1.2']);
    expect(history.stopReason).toBe('aborted');
    expect(history.epoch).toEqual([0]);
    const again = await trainAutoencoder(tinyAutoencoder(), tinyData(4), { ...quiet, signal: controller.signal });
    expect(again).toMatchObject({ epoch: [], stopReason: 'aborted' });
  });
});

describe('trainAutoencoder: tfjs callbacks', () => {
  it('is stopped by tf.callbacks.earlyStopping on the validation loss, as model.fit is', async () => {
    const model = tinyAutoencoder();
    const data = tinyData(16);
    // minDelta 10: no epoch improves val_loss by 10, so after the first
    // (which improves on Infinity) patience 1 runs out at the second.
    const history = await trainAutoencoder(model, data, {
      ...quiet,
      epochs: 6,
      batchSize: 4,
      validationData: data,
      callbacks: tf.callbacks.earlyStopping({ minDelta: 10, patience: 1 }),
    });
    expect(history.epoch).toEqual([0, 1]);
    expect(history.stopReason).toBe('stopped');
    // The same callback, monitoring the training loss, in an array with others.
    const again = await trainAutoencoder(tinyAutoencoder(), data, {
      ...quiet,
      epochs: 6,
      callbacks: [{ onEpochEnd: () => undefined }, tf.callbacks.earlyStopping({ monitor: 'loss', minDelta: 10, patience: 2 })],
    });
    expect(again.epoch).toEqual([0, 1, 2]);
  });

  it('binds tf.Callback subclasses to the model and calls every hook in model.fit order', async () => {
    const events: string[] = [];
    class Recorder extends tf.Callback {
      override async onTrainBegin() {
        events.push(`train-begin ${this.model.name === model.name} ${this.params.epochs}`);
      }
      override async onEpochBegin(epoch: number) {
        events.push(`epoch-begin ${epoch}`);
      }
      override async onBatchBegin(batch: number) {
        events.push(`batch-begin ${batch}`);
      }
      override async onBatchEnd(batch: number) {
        events.push(`batch-end ${batch}`);
      }
      override async onEpochEnd(epoch: number) {
        events.push(`epoch-end ${epoch}`);
      }
      override async onTrainEnd() {
        events.push('train-end');
      }
    }
    const model = tinyAutoencoder();
    await trainAutoencoder(model, tinyData(8), { ...quiet, epochs: 2, batchSize: 4, callbacks: [new Recorder()] });
    const epoch = (e: number) => [`epoch-begin ${e}`, 'batch-begin 0', 'batch-end 0', 'batch-begin 1', 'batch-end 1', `epoch-end ${e}`];
    expect(events).toEqual(['train-begin true 2', ...epoch(0), ...epoch(1), 'train-end']);
  });

  it('calls onTrainEnd on every way out: NaN stop, a throwing callback, an abort', async () => {
    const ends: string[] = [];
    const ending = (name: string): tf.CustomCallbackArgs => ({ onTrainEnd: () => void ends.push(name) });

    const nan = trainAutoencoder(tinyAutoencoder(), tinyData(8), {
      ...quiet, epochs: 2, batchSize: 4, learningRate: 1e30, callbacks: ending('nan'),
    });
    await expect(nan).rejects.toBeInstanceOf(NonFiniteLossError);

    const failing = trainAutoencoder(tinyAutoencoder(), tinyData(8), {
      ...quiet, epochs: 2, batchSize: 4, callbacks: [ending('throw'), { onEpochEnd: () => Promise.reject(new Error('disk full')) }],
    });
    await expect(failing).rejects.toThrow('disk full');

    const controller = new AbortController();
    const aborted = await trainAutoencoder(tinyAutoencoder(), tinyData(8), {
      ...quiet, epochs: 3, batchSize: 4, signal: controller.signal,
      callbacks: [ending('abort'), { onBatchEnd: () => controller.abort() }],
    });
    expect(aborted.stopReason).toBe('aborted');
    expect(ends).toEqual(['nan', 'throw', 'abort']);
  });

  it('reports the training error, not a failure of onTrainEnd after it', async () => {
    const run = trainAutoencoder(tinyAutoencoder(), tinyData(8), {
      ...quiet, epochs: 2, batchSize: 4,
      callbacks: {
        onBatchEnd: () => Promise.reject(new Error('callback failed')),
        onTrainEnd: () => Promise.reject(new Error('cleanup failed')),
      },
    });
    await expect(run).rejects.toThrow('callback failed');
  });

  it('takes any tfjs callback object as it is, tf.History included', async () => {
    const history = new tf.History();
    await trainAutoencoder(tinyAutoencoder(), tinyData(8), { ...quiet, epochs: 3, batchSize: 4, callbacks: [history] });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.history.loss).toHaveLength(3);
    expect(history.history.reconstructionLoss).toHaveLength(3);
  });

  it('stops after the current batch when a batch callback sets model.stopTraining, recording no partial epoch', async () => {
    const model = tinyAutoencoder();
    const history = await trainAutoencoder(model, tinyData(16), {
      ...quiet,
      epochs: 3,
      batchSize: 4,
      callbacks: [stopAt(() => (model.stopTraining = true), 1, 1)],
    });
    expect(history).toMatchObject({ epoch: [0], stopReason: 'stopped' });
  });
});

describe('trainAutoencoder: progress and arguments', () => {
  function recorder(isTTY: boolean) {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, write: (text: string) => void chunks.push(text) } };
  }

  it("prints one line per epoch when not a TTY ('auto' and 'lines')", async () => {
    for (const progress of ['auto', 'lines'] as const) {
      const { chunks, stream } = recorder(false);
      await trainAutoencoder(tinyAutoencoder(), tinyData(8), { epochs: 2, batchSize: 4, progress, progressStream: stream });
      expect(chunks).toHaveLength(2);
      expect(chunks[0]).toMatch(/^epoch 1\/2 loss \d\.\d{4}\d* \(\d+\.\d s\)\n$/);
      expect(chunks[1]).toMatch(/^epoch 2\/2 loss /);
    }
  });

  it("draws a bar in place on a TTY ('auto' and 'bar'), and nothing with 'none'", async () => {
    for (const progress of ['auto', 'bar'] as const) {
      const { chunks, stream } = recorder(true);
      await trainAutoencoder(tinyAutoencoder(), tinyData(8), { epochs: 1, batchSize: 4, progress, progressStream: stream });
      expect(chunks.every((chunk) => chunk.startsWith('\r'))).toBe(true);
      expect(chunks.some((chunk) => /\[=+ *\] 2\/2 loss/.test(chunk))).toBe(true);
      expect(chunks[chunks.length - 1]).toMatch(/^\repoch 1\/1 loss .*\n$/);
    }
    const { chunks, stream } = recorder(true);
    await trainAutoencoder(tinyAutoencoder(), tinyData(8), { progress: 'none', progressStream: stream });
    expect(chunks).toEqual([]);
  });

  it('rejects bad options, naming them', async () => {
    const model = tinyAutoencoder();
    const data = tinyData(4);
    await expect(trainAutoencoder(model, data, { epochs: 0 })).rejects.toThrow('`epochs` must be a positive integer, but got 0');
    await expect(trainAutoencoder(model, data, { batchSize: 2.5 })).rejects.toThrow(
      '`batchSize` must be a positive integer, but got 2.5',
    );
    await expect(trainAutoencoder(model, data, { learningRate: -1 })).rejects.toThrow(
      '`learningRate` must be a finite number > 0, but got -1',
    );
    await expect(trainAutoencoder(model, data, { resume: true })).rejects.toThrow(
      '`resume` needs `checkpointDir`, the directory to resume from, but got none',
    );
    await expect(trainAutoencoder(model, data, { progress: 'fancy' as never })).rejects.toThrow(
      "`progress` must be 'auto', 'bar', 'lines' or 'none', but got \"fancy\"",
    );
  });

  it('rejects a code penalty hidden in a sub-model, where it would not count', async () => {
    const inner = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] }), codePenalty({ l1: 1 })] });
    const outer = tf.sequential({ layers: [inner, tf.layers.dense({ units: 4 })] });
    await expect(trainAutoencoder(outer, tinyData(4), quiet)).rejects.toThrow(
      `A CodePenalty layer is nested inside the sub-model "${inner.name}"; put it directly in the model passed to trainAutoencoder so that its penalty counts`,
    );
  });
});
