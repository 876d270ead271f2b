import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// File-system checkpoints come with the Node entry.
import '../../src/node';
import { checkpointCallback } from '../../src/checkpoints';
import { trainAutoencoder } from '../../src/training';
import { tinyAutoencoder, tinyData, weightValues } from './tiny_autoencoder';

let scratch: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'irmae-damaged-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const options = { progress: 'none' as const, batchSize: 4, learningRate: 0.01, seed: 3 };

/** Trains `epochs` epochs into `dir`, keeping `keep` checkpoints. */
async function checkpointed(dir: string, epochs: number, keep: number): Promise<void> {
  const data = tinyData(16);
  await trainAutoencoder(tinyAutoencoder({ seed: 5 }), data, { ...options, epochs, checkpointDir: dir, keepCheckpoints: keep });
  data.dispose();
}

/** Resumes in `dir` up to `epochs` on a fresh model, collecting the log lines. */
async function resume(dir: string, epochs: number): Promise<{ model: tf.LayersModel; lines: string[]; epochsRun: number[] }> {
  const data = tinyData(16);
  const lines: string[] = [];
  const epochsRun: number[] = [];
  const model = tinyAutoencoder({ seed: 99 });
  try {
    await trainAutoencoder(model, data, {
      ...options,
      epochs,
      checkpointDir: dir,
      keepCheckpoints: 2,
      resume: true,
      log: (line) => void lines.push(line),
      callbacks: { onEpochBegin: (epoch) => void epochsRun.push(epoch) },
    });
  } finally {
    data.dispose();
  }
  return { model, lines, epochsRun };
}

describe('resuming from a damaged checkpoint', () => {
  let straight: number[][];
  beforeAll(async () => {
    const data = tinyData(16);
    const model = tinyAutoencoder({ seed: 5 });
    await trainAutoencoder(model, data, { ...options, epochs: 4 });
    straight = weightValues(model);
    data.dispose();
  });

  it('falls back to the checkpoint before a truncated weights file, saying so, and ends as an unbroken run', async () => {
    const dir = join(scratch, 'truncated');
    await checkpointed(dir, 3, 2);
    const bytes = (await stat(join(dir, 'epoch-0002', 'weights.bin'))).size; // an intact checkpoint's size
    await truncate(join(dir, 'epoch-0003', 'weights.bin'), 250);
    const { model, lines, epochsRun } = await resume(dir, 4);
    expect(lines).toEqual([
      `Checkpoint ${join(dir, 'epoch-0003')} is damaged: its weight data holds 250 bytes, but its weight specs describe ${bytes}; ` +
        `resuming from ${join(dir, 'epoch-0002')} instead.`,
    ]);
    expect(epochsRun).toEqual([2, 3]);
    expect(weightValues(model)).toEqual(straight);
  });

  it('falls back past a corrupt training.json and a corrupt model.json', async () => {
    const dir = join(scratch, 'corrupt');
    await checkpointed(dir, 3, 3);
    await writeFile(join(dir, 'epoch-0003', 'training.json'), '{"epochsDone": 3, "hist');
    const modelJson = join(dir, 'epoch-0002', 'model.json');
    await writeFile(modelJson, (await readFile(modelJson, 'utf8')).slice(0, 40));
    const { model, lines, epochsRun } = await resume(dir, 4);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^Checkpoint ${escape(join(dir, 'epoch-0003'))} is damaged: its training state is not JSON \\(.+\\); resuming from ${escape(join(dir, 'epoch-0002'))} instead\\.$`),
    );
    expect(lines[1]).toMatch(
      new RegExp(`^Cannot read a tfjs model from ${escape(modelJson)}: .+; resuming from ${escape(join(dir, 'epoch-0001'))} instead\\.$`),
    );
    expect(epochsRun).toEqual([1, 2, 3]);
    expect(weightValues(model)).toEqual(straight);
  });

  it('names the checkpoint and what to delete when the only one is damaged, changing nothing', async () => {
    const dir = join(scratch, 'only');
    await checkpointed(dir, 2, 1);
    const bytes = (await stat(join(dir, 'epoch-0002', 'weights.bin'))).size;
    await truncate(join(dir, 'epoch-0002', 'weights.bin'), bytes - 4);
    const data = tinyData(16);
    const model = tinyAutoencoder({ seed: 99 });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const before = weightValues(model);
    const tensors = tf.memory().numTensors;
    await expect(trainAutoencoder(model, data, { ...options, epochs: 3, checkpointDir: dir, resume: true, log: false })).rejects.toThrow(
      `Checkpoint ${join(dir, 'epoch-0002')} is damaged: its weight data holds ${bytes - 4} bytes, but its weight specs describe ${bytes}. ` +
        `No checkpoint in ${dir} can be restored: delete ${join(dir, 'epoch-0002')} to train from the start.`,
    );
    expect(weightValues(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    data.dispose();
  });

  it('falls back in checkpointCallback.resume too', async () => {
    const dir = join(scratch, 'callback');
    await checkpointed(dir, 2, 2);
    await truncate(join(dir, 'epoch-0002', 'weights.bin'), 0);
    const model = tinyAutoencoder({ seed: 99 });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const lines: string[] = [];
    expect(await checkpointCallback(dir).resume(model, (line) => void lines.push(line))).toBe(1);
    expect(lines).toEqual([expect.stringContaining(`resuming from ${join(dir, 'epoch-0001')} instead.`)]);
  });

  it('checks the log option', async () => {
    const data = tinyData(4);
    await expect(trainAutoencoder(tinyAutoencoder(), data, { ...options, log: 'loud' as unknown as false })).rejects.toThrow(
      '`log` must be a function of one line or false, but got "loud"',
    );
    data.dispose();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
