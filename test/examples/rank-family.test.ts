import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SHAPE_EVAL_SEED, generateShapes } from 'irmae';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReproductionArgs } from '../../examples/lib/args';
import { earlierSpectra, inModelOrder } from '../../examples/lib/earlier-spectra';
import { rankMeasures, type RunDescription } from '../../examples/lib/figure2-results';
import { SHAPE_RRAE_RANK } from '../../examples/lib/model-names';
import { reproduce } from '../../examples/lib/reproduction';
import { finishedCheckpoint, loadTrainedModel, trainingBudget } from '../../examples/lib/trained-model';

const root = mkdtempSync(join(tmpdir(), 'irmae-rank-family-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const silent = { write: () => true, isTTY: false };
const EVAL_SIZE = 60;
const tinyRun = (out: string, models: string, seed = 3) =>
  parseReproductionArgs([
    '--models', models, '--train-size', '16', '--eval-size', String(EVAL_SIZE), '--epochs', '1', '--batch-size', '8',
    '--pairs', '1', '--seed', String(seed), '--workers', '0', '--out', out,
  ]);
const readJson = (out: string) => JSON.parse(readFileSync(join(out, 'figure2.json'), 'utf8'));

describe('LoRAE and RRAE in the shape reproduction', () => {
  const out = join(root, 'run');

  it('adds their measures to an earlier run of the same budget and draws them in their own chart', async () => {
    await reproduce(tinyRun(out, 'ae'), { figure2: true, figure3: false }, silent);
    const aeEntry = readJson(out).models[0];
    // Vega numbers its clip paths per process: the second drawing's ids run on.
    const figure2Svg = () => readFileSync(join(out, 'figure2.svg'), 'utf8').replace(/clip\d+/g, 'clip');
    const before = figure2Svg();

    await reproduce(tinyRun(out, 'rrae,lorae'), { figure2: true, figure3: true }, silent);
    const json = readJson(out);
    expect(json.models.map((m: { model: string }) => m.model)).toEqual(['ae', 'lorae', 'rrae']);
    expect(json.models[0]).toEqual(aeEntry);
    expect(json.models.map((m: { label: string }) => m.label)).toEqual(['AE', 'LoRAE', `RRAE k=${SHAPE_RRAE_RANK}`]);
    // Figure 2 stays the paper's models: the same chart as before LoRAE and RRAE came.
    expect(figure2Svg() === before).toBe(true);
    const family = readFileSync(join(out, 'rank-family.svg'), 'utf8');
    for (const label of ['AE (eff. rank', 'LoRAE (eff. rank', `RRAE k=${SHAPE_RRAE_RANK} (eff. rank`]) expect(family).toContain(label);
    expect(existsSync(join(out, 'rank-family.png'))).toBe(true);
    expect(readFileSync(join(out, 'figure2.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(4);
  });

  it("projects RRAE's codes on its fitted rank-k basis, the same after loading its checkpoint", async () => {
    const rrae = readJson(out).models.find((m: { model: string }) => m.model === 'rrae');
    // k = 7 directions: the covariance has at most 7 values above float32 rounding.
    expect(rrae.numericalRank).toBeLessThanOrEqual(SHAPE_RRAE_RANK);
    expect(rrae.thresholdRank1e3).toBeGreaterThanOrEqual(1);

    const budget = trainingBudget(tinyRun(out, 'rrae'));
    const loaded = await loadTrainedModel(await finishedCheckpoint(out, 'rrae', budget, 'reproduce'), 'rrae', budget);
    try {
      const { images, shape } = generateShapes({ count: EVAL_SIZE, seed: SHAPE_EVAL_SEED });
      const codes = tf.tidy(() => loaded.encode(tf.tensor4d(images, shape)).dataSync() as Float32Array);
      expect(rankMeasures(codes, 32).spectrum).toEqual(rrae.spectrum);
    } finally {
      loaded.model.dispose();
    }
  });

  it('refuses to load RRAE without the budget that fits its basis', async () => {
    const budget = trainingBudget(tinyRun(out, 'rrae'));
    const checkpoint = await finishedCheckpoint(out, 'rrae', budget, 'reproduce');
    await expect(loadTrainedModel(checkpoint, 'rrae', { latentDim: 32, seed: 3 })).rejects.toThrow(/needs trainSize and batchSize/);
  });

  it('starts over when the budget changes, leaving no Figure 2 of other models behind', async () => {
    await reproduce(tinyRun(out, 'rrae', 4), { figure2: true, figure3: false }, silent);
    expect(readJson(out).models.map((m: { model: string }) => m.model)).toEqual(['rrae']);
    expect(existsSync(join(out, 'figure2.svg'))).toBe(false);
    expect(existsSync(join(out, 'rank-family.svg'))).toBe(true);
  });
});

describe('earlierSpectra', () => {
  const run: RunDescription = {
    trainSize: 100, evalSize: 50, epochs: 2, learningRate: 1e-4, schedule: 'constant', warmup: 0, batchSize: 32,
    latentDim: 32, seed: 1, initialisation: 'he', backend: 'wasm', wallTimeSeconds: 12,
  };
  const entry = (model: string) => ({ model, label: model, spectrum: [1] });
  const dirWith = (name: string, saved: object) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'figure2.json'), JSON.stringify({ figure: 2, run: saved, models: [entry('ae'), entry('irmae-l2')] }));
    return dir;
  };

  it('keeps the entries of models this run does not measure, whatever the backend and time', () => {
    const dir = dirWith('same', { ...run, backend: 'tensorflow', wallTimeSeconds: 99 });
    expect(earlierSpectra(dir, run, ['irmae-l2', 'rrae'])).toEqual([entry('ae')]);
  });

  it('keeps nothing from another budget or a missing file', () => {
    for (const field of ['epochs', 'learningRate', 'seed', 'initialisation'] as const) {
      const changed = { ...run, [field]: field === 'initialisation' ? 'pytorch' : (run[field] as number) + 1 };
      expect(earlierSpectra(dirWith(`other-${field}`, changed), run, []), field).toEqual([]);
    }
    expect(earlierSpectra(dirWith('other-variant', { ...run, variant: 'half-squares' }), run, [])).toEqual([]);
    expect(earlierSpectra(join(root, 'none'), run, [])).toEqual([]);
  });

  it('orders entries as the names list them', () => {
    expect(inModelOrder([entry('rrae'), entry('ae'), entry('lorae')], ['ae', 'irmae-l2', 'lorae', 'rrae'])).toEqual([
      entry('ae'),
      entry('lorae'),
      entry('rrae'),
    ]);
  });
});
