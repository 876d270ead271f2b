import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError, parseReproductionArgs } from '../../examples/lib/args';
import { MNIST_PAPER_BUDGET, MNIST_PROFILE, MNIST_STANDARD_BUDGET } from '../../examples/lib/mnist/mnist-args';
import { greyToRgb, panelsPng } from '../../examples/lib/mnist/mnist-pictures';
import { checkMnistSizes, mnistPairs, reproduceMnist, stageLine } from '../../examples/lib/mnist/mnist-reproduction';
import type { MnistMeasures } from '../../examples/lib/mnist/mnist-measures';
import { MNIST_FEATURES_SHA256 } from '../../src/presets';
import { loadMnist } from '../../src/io/load_mnist';

const root = mkdtempSync(join(tmpdir(), 'irmae-mnist-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const silent = { write: () => true, isTTY: false };

/** Every measure at its smallest: sets of 40 digits, one seed of 10 labels. */
const TINY_MEASURES: MnistMeasures = {
  fidSamples: 40,
  frozen: [{ labelCount: 10, seeds: [3], epochs: 2 }],
  supervised: [{ labelCount: 10, seeds: [3], epochs: 1 }],
};
const parse = (argv: string[]) => parseReproductionArgs(argv, MNIST_PROFILE);

describe('the MNIST command line', () => {
  it('takes the reference setting with --paper and the MNIST models by name', () => {
    expect(parse(['--paper'])).toMatchObject({ ...MNIST_PAPER_BUDGET, models: ['ae', 'irmae', 'lorae', 'rrae', 'vae'], out: 'out/mnist' });
    // The quick default trains the reference code's three; the standard budget the whole family.
    expect(parse([]).models).toEqual(['ae', 'irmae', 'vae']);
    expect(parse(['--standard']).models).toEqual(['ae', 'irmae', 'lorae', 'rrae', 'vae']);
    // The reference code: 60,000 training digits, 100 epochs, batch 32, Adam 1e-4, n = 128.
    expect(MNIST_PAPER_BUDGET).toMatchObject({ trainSize: 60000, evalSize: 10000, epochs: 100, batchSize: 32, learningRate: 1e-4, latentDim: 128 });
    expect(parse(['--standard'])).toMatchObject(MNIST_STANDARD_BUDGET);
    expect(parse(['--models', 'vae,ae']).models).toEqual(['ae', 'vae']);
    expect(() => parse(['--models', 'irmae-l2'])).toThrow(new UsageError('--models accepts ae, irmae, lorae, rrae, vae, but got unknown "irmae-l2"'));
    expect(parse(['--recompute-baseline']).recomputeBaseline).toBe(true);
    expect(() => parseReproductionArgs(['--recompute-baseline'])).toThrow(
      new UsageError('--recompute-baseline applies to a reproduction with a stored baseline (npm run reproduce:mnist), not to this one'),
    );
  });

  it('refuses sizes beyond the MNIST files before any work', () => {
    expect(() => checkMnistSizes(parse(['--train-size', '60001']))).toThrow(
      new UsageError('--train-size must be at most 60000, the MNIST training digits, but got 60001'),
    );
    expect(() => checkMnistSizes(parse(['--eval-size', '10001']))).toThrow(
      new UsageError('--eval-size must be at most 10000, the MNIST test digits, but got 10001'),
    );
  });
});

describe('stageLine', () => {
  it('prints each stage in order, then the whole run', () => {
    const stageSeconds = { baseline: 0, features: 12.4, training: 423, measures: 61.6, writing: 2.5 };
    expect(stageLine({ stageSeconds, wallTimeSeconds: 499.5 })).toBe('Stages: baseline 0s, features 12s, training 7m03s, measures 1m02s, writing 3s; all 8m20s\n');
  });
});

describe('mnistPairs', () => {
  it('keeps the reference pairs 2i, 2i + 1 that hold different digits', () => {
    // Pairs (0, 1) and (4, 5) hold the same digit twice.
    expect(mnistPairs([7, 7, 2, 1, 0, 0, 4, 9], 2)).toEqual([
      [2, 3],
      [6, 7],
    ]);
    expect(() => mnistPairs([7, 7, 2, 1, 0, 0], 2)).toThrow(
      new UsageError('--pairs asks for 2 pairs of different digits, but the first 6 test digits hold 1'),
    );
  });
});

describe('the MNIST pictures', () => {
  it('paints grey digits as RGB', () => {
    expect(Array.from(greyToRgb(new Float32Array([0.5, 1])))).toEqual([0.5, 0.5, 0.5, 1, 1, 1]);
  });

  it('lays panels side by side: 2 panels of 3 columns, 2 rows at 2x with 2-pixel gaps', () => {
    const image = (value: number) => new Float32Array(32 * 32).fill(value);
    const png = decode(panelsPng([{ title: 'A', images: [1, 1, 1, 1].map(image) }, { title: 'B', images: [image(0)] }], 3));
    // Width: 6 margin, 3 x 64 + 2 x 2 gaps, a 2 + 16 gap between panels, 3 x 64 + 2 x 2, 6 margin.
    // Height: 22 for the titles, 2 x 64 + 2, 6 margin.
    expect([png.width, png.height]).toEqual([6 + 196 + 18 + 196 + 6, 22 + 130 + 6]);
    // The first cell of panel A is white, the first of panel B black.
    const pixel = (x: number, y: number) => png.data[(y * png.width + x) * png.channels];
    expect(pixel(6 + 10, 22 + 10)).toBe(255);
    expect(pixel(6 + 196 + 18 + 10, 22 + 10)).toBe(0);
  });
});

describe('reproduceMnist on a tiny budget', () => {
  it('trains AE, IRMAE l=8, LoRAE, RRAE and VAE and writes every picture and results.json', async () => {
    const out = join(root, 'run');
    // 64 digits in batches of 16: every batch holds at least RRAE's rank 13.
    const options = parse(['--models', 'ae,irmae,lorae,rrae,vae', '--train-size', '64', '--eval-size', '40', '--epochs', '1', '--batch-size', '16', '--pairs', '2', '--workers', '0', '--out', out]);
    const baselineStore = join(root, 'supervised-baseline.json');
    const summary = await reproduceMnist(options, silent, TINY_MEASURES, { baselineStore });
    for (const name of ['interpolation.png', 'reconstructions.png', 'pca.png', 'mvg.png', 'gmm.png', 'spectrum.png', 'spectrum.svg', 'results.json']) {
      expect(existsSync(join(out, name)), name).toBe(true);
    }
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    // The first test digits are 7, 2, 1, 0, ...: pairs (0, 1) and (2, 3) hold different digits.
    expect(results.run).toMatchObject({ trainSize: 64, testSize: 40, epochs: 1, batchSize: 16, latentDim: 128, pairs: [[0, 1], [2, 3]] });
    // PyTorch's counts for the reference modules, worked out in test/presets: AE, plus 8 x 128^2 for IRMAE, 128^2 for
    // LoRAE's one linear layer and for RRAE's basis (a fixed weight), and the VAE's 2n head.
    expect(results.models.map((m: { parameterCount: number }) => m.parameterCount)).toEqual([
      2041057,
      2041057 + 8 * 128 * 128,
      2041057 + 128 * 128,
      2041057 + 128 * 128,
      2041057 + 1024 * 128 + 128,
    ]);
    // RRAE's codes lie on its basis of rank 13: no more than 13 values of its spectrum stand above rounding.
    const rrae = results.models.find((m: { model: string }) => m.model === 'rrae');
    expect(rrae.spectrum.filter((value: number) => value > 1e-6)).toHaveLength(13);
    for (const model of results.models) {
      expect(model.spectrum).toHaveLength(128);
      expect(model.spectrum[0]).toBe(1);
      expect(model.testMse).toBeGreaterThan(0);
      expect(model.testMse).toBeLessThan(1);
    }
    expect(summary.models.map((m) => m.training.origin)).toEqual(['trained', 'trained', 'trained', 'trained', 'trained']);

    // Every set's size, worked out from the first 40 test digits: 20 pairs (2i, 2i + 1), of which
    // those of different digits give the midpoints; the interior points come from the first 40 / 8 = 5 pairs.
    const test = await loadMnist('test', { count: 40 });
    const differentPairs = Array.from({ length: 20 }, (_, i) => i).filter((i) => test.labels[2 * i] !== test.labels[2 * i + 1]).length;
    const sizes = { reconstructions: 40, midpoints: differentPairs, interior: 40, mvg: 40, gmm: 40, pca: 100 };
    for (const model of results.models) {
      for (const [set, digits] of Object.entries(sizes)) {
        expect(model.frechetDistances[set].digits, set).toBe(digits);
        expect(model.frechetDistances[set].distance, set).toBeGreaterThan(0);
      }
      expect(model.fewLabel).toHaveLength(1);
      expect(model.fewLabel[0]).toMatchObject({ labelCount: 10, seeds: [3], epochs: 2, steps: 2 });
    }
    // The floor: the first training digits against the test digits, at each size the sets have, at most the 40 it holds.
    expect(results.frechetFloor.map((m: { digits: number }) => m.digits)).toEqual([...new Set([differentPairs, 40])].sort((a, b) => a - b));
    expect(results.supervised).toMatchObject([{ labelCount: 10, seeds: [3], epochs: 1, steps: 1 }]);
    // The distances are in the pinned network's features, named by its hash.
    expect(results.featureNetwork).toMatchObject({ sha256: MNIST_FEATURES_SHA256, featureLayer: 'features' });
    expect(results.featureNetwork.testAccuracy).toBeGreaterThan(0.99);

    // Each stage's wall time is kept, and they add up to the run's.
    const stages = results.run.stageSeconds;
    expect(Object.keys(stages)).toEqual(['baseline', 'features', 'training', 'measures', 'writing']);
    const total = Object.values(stages as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0.9 * results.run.wallTimeSeconds);
    expect(total).toBeLessThanOrEqual(results.run.wallTimeSeconds + 0.01);
    for (const model of results.models) expect(Object.keys(model.measureSeconds)).toEqual(['pictures', 'frechet', 'fewLabel']);

    // The baseline went into the store with its recipe: the pool, the test digits, the code size and the initialization.
    const store = JSON.parse(readFileSync(baselineStore, 'utf8'));
    expect(store).toHaveLength(1);
    expect(store[0].recipe).toEqual({ runs: TINY_MEASURES.supervised[0], poolSize: 64, testSize: 40, latentDim: 128, initialization: 'he' });
    expect(store[0].result).toEqual(results.supervised[0]);
  }, 420_000);

  it('reuses the stored baseline and the trained models in a second run, and recomputes the baseline when asked', async () => {
    const out = join(root, 'run');
    const baselineStore = join(root, 'supervised-baseline.json');
    const argv = ['--train-size', '64', '--eval-size', '40', '--epochs', '1', '--batch-size', '16', '--pairs', '2', '--workers', '0', '--out', out];
    const stored = readFileSync(baselineStore, 'utf8');
    // A stored result the run must take as it is: a second run that recomputed would give 0.5, not 0.25.
    const marked = JSON.parse(stored);
    marked[0].result.accuracies = [0.25];
    writeFileSync(baselineStore, JSON.stringify(marked));
    const again = await reproduceMnist(parse(argv), silent, TINY_MEASURES, { baselineStore });
    expect(again.supervised[0].accuracies).toEqual([0.25]);
    expect(again.models.map((m) => m.training.origin)).toEqual(['reused', 'reused', 'reused']);
    expect(again.stageSeconds.training).toBeLessThan(again.stageSeconds.measures);

    const recomputed = await reproduceMnist(parse([...argv, '--recompute-baseline']), silent, TINY_MEASURES, { baselineStore });
    expect(recomputed.supervised[0].accuracies).toEqual(JSON.parse(stored)[0].result.accuracies);
    expect(JSON.parse(readFileSync(baselineStore, 'utf8'))).toEqual(JSON.parse(stored));
  }, 420_000);
});
