/**
 * The names renamed in 0.2 keep working under their 0.1 spelling until 0.3;
 * this file goes with the aliases then.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import '../../src/node';
import {
  CONV_INITIALISATIONS,
  CONV_INITIALIZATIONS,
  type ConvInitialisation,
  type ConvInitialization,
  checkpointCallback,
  createFigureModel,
  createShapeAutoencoder,
  NonFiniteLossStop,
  shapeDecoder,
  shapeEncoder,
  StopOnNonFiniteLoss,
  stopOnNonFiniteLoss,
  trainAutoencoder,
} from '../../src';
import { tinyAutoencoder, tinyData } from '../training/tiny_autoencoder';

let scratch: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'irmae-deprecated-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function weights(model: tf.LayersModel): number[][] {
  return model.getWeights().map((weight) => Array.from(weight.dataSync()));
}

const SMALL = { width: 4, seed: 7 } as const;

describe('initialization, formerly initialisation', () => {
  it('keeps the old constant and type names', () => {
    expect(CONV_INITIALIZATIONS).toEqual(['pytorch', 'he']);
    expect(CONV_INITIALISATIONS).toBe(CONV_INITIALIZATIONS);
    const kind: ConvInitialisation = 'he';
    const same: ConvInitialization = kind;
    expect(same).toBe('he');
  });

  it('builds the same networks under either name, unlike the default', () => {
    const build = [
      (options: object) => shapeEncoder(8, { ...SMALL, ...options }),
      (options: object) => shapeDecoder(8, { ...SMALL, ...options }),
      (options: object) => createShapeAutoencoder({ latentDim: 8, ...SMALL, ...options }).model,
      (options: object) => createFigureModel('irmae-l2', { latentDim: 8, ...SMALL, ...options }).model,
    ];
    for (const network of build) {
      const renamed = weights(network({ initialization: 'he' }));
      expect(weights(network({ initialisation: 'he' }))).toEqual(renamed);
      expect(weights(network({ initialization: 'he', initialisation: 'he' }))).toEqual(renamed);
      // He's bias is 0, PyTorch's is not: the alias is read, not ignored.
      expect(weights(network({}))).not.toEqual(renamed);
    }
  });

  it('rejects both names with different values, naming both', () => {
    const message =
      '`initialisation` is the deprecated name of `initialization`; give only `initialization`, but got `initialization` "he" and `initialisation` "pytorch"';
    expect(() => shapeEncoder(8, { initialization: 'he', initialisation: 'pytorch' })).toThrow(message);
    expect(() => shapeDecoder(8, { initialization: 'he', initialisation: 'pytorch' })).toThrow(message);
    expect(() => createShapeAutoencoder({ initialization: 'he', initialisation: 'pytorch' })).toThrow(message);
    expect(() => createFigureModel('ae', { initialization: 'he', initialisation: 'pytorch' })).toThrow(message);
  });

  it('checks an old-named value as the new option', () => {
    expect(() => shapeEncoder(8, { initialisation: 'glorot' as 'he' })).toThrow(
      '`initialization` must be one of \'pytorch\', \'he\', but got "glorot"',
    );
  });
});

describe('checkpointCallback keepCheckpoints, formerly keep', () => {
  it('reads the old option and the old property', () => {
    const old = checkpointCallback(scratch, { keep: 3 });
    expect(old.keepCheckpoints).toBe(3);
    expect(old.keep).toBe(3);
    expect(checkpointCallback(scratch, { keepCheckpoints: 2, keep: 2 }).keepCheckpoints).toBe(2);
    expect(checkpointCallback(scratch).keepCheckpoints).toBe(1);
  });

  it('rejects both names with different values, and a bad old value by the new name', () => {
    expect(() => checkpointCallback(scratch, { keepCheckpoints: 2, keep: 3 })).toThrow(
      '`keep` is the deprecated name of `keepCheckpoints`; give only `keepCheckpoints`, but got `keepCheckpoints` 2 and `keep` 3',
    );
    expect(() => checkpointCallback(scratch, { keep: 0 })).toThrow('`keepCheckpoints` must be a positive integer, but got 0');
  });

  it('keeps the newest checkpoints as many as the old option says', async () => {
    const dir = join(scratch, 'keep');
    const model = tinyAutoencoder();
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const data = tinyData(8);
    await model.fit(data, data, { epochs: 3, batchSize: 4, verbose: 0, callbacks: [checkpointCallback(dir, { keep: 2 })] });
    expect((await readdir(dir)).sort()).toEqual(['epoch-0002', 'epoch-0003']);
    tf.dispose(data);
  });
});

describe('StopOnNonFiniteLoss, formerly NonFiniteLossStop', () => {
  it('is the same class under both names', () => {
    expect(NonFiniteLossStop).toBe(StopOnNonFiniteLoss);
    const callback: NonFiniteLossStop = stopOnNonFiniteLoss();
    expect(callback).toBeInstanceOf(StopOnNonFiniteLoss);
    expect(callback).toBeInstanceOf(NonFiniteLossStop);
  });
});

describe('TrainingHistory val_loss, formerly valLoss', () => {
  const options = { progress: 'none' as const, epochs: 2, batchSize: 4, seed: 3, learningRate: 0.01 };

  it('gives the same array under the old name, out of the JSON', async () => {
    const data = tinyData(8);
    const history = await trainAutoencoder(tinyAutoencoder(), data, { ...options, validationData: data });
    expect(history.val_loss).toHaveLength(2);
    expect(history.valLoss).toBe(history.val_loss);
    expect(Object.keys(JSON.parse(JSON.stringify(history)))).toEqual(['epoch', 'loss', 'reconstructionLoss', 'val_loss', 'stopReason']);
    tf.dispose(data);
  });

  it('resumes from a checkpoint whose history says valLoss, as 0.1 wrote it', async () => {
    const data = tinyData(8);
    const run = { ...options, validationData: data, checkpointDir: join(scratch, 'old-history') };
    const straight = await trainAutoencoder(tinyAutoencoder(), data, { ...options, epochs: 3, validationData: data });

    await trainAutoencoder(tinyAutoencoder(), data, run);
    const saved = join(run.checkpointDir, 'epoch-0002', 'training.json');
    const state = JSON.parse(await readFile(saved, 'utf8'));
    const { val_loss: valLoss, ...history } = state.history;
    await writeFile(saved, JSON.stringify({ ...state, history: { ...history, valLoss } }));

    const resumed = await trainAutoencoder(tinyAutoencoder(), data, { ...run, epochs: 3, resume: true });
    expect(resumed.val_loss).toEqual(straight.val_loss);
    expect(resumed.val_loss).toHaveLength(3);
    tf.dispose(data);
  });
});
