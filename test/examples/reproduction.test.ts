import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseReproductionArgs } from '../../examples/lib/args';
import { runCli } from '../../examples/lib/cli';
import { figure3Layout, interpolationWeights } from '../../examples/lib/figure3-grid';
import { reproduce } from '../../examples/lib/reproduction';

const root = mkdtempSync(join(tmpdir(), 'irmae-reproduce-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const silent = { write: () => true, isTTY: false };
const tinyRun = (out: string) =>
  parseReproductionArgs([
    '--models', 'ae,irmae-l2', '--train-size', '16', '--eval-size', '40', '--epochs', '1', '--batch-size', '8',
    '--pairs', '2', '--seed', '3', '--workers', '0', '--out', out,
  ]);

describe('reproduce on a tiny budget', () => {
  const out = join(root, 'run');
  let first: Awaited<ReturnType<typeof reproduce>>;

  it('trains two models and writes every output', async () => {
    first = await reproduce(tinyRun(out), { figure2: true, figure3: true }, silent);
    for (const name of ['figure2.png', 'figure2.svg', 'figure2.json', 'figure2.csv', 'figure3.png']) {
      expect(existsSync(join(out, name)), name).toBe(true);
    }
    const json = JSON.parse(readFileSync(join(out, 'figure2.json'), 'utf8'));
    expect(json.run).toMatchObject({ trainSize: 16, evalSize: 40, epochs: 1, batchSize: 8, latentDim: 32, seed: 3 });
    expect(json.models.map((m: { model: string }) => m.model)).toEqual(['ae', 'irmae-l2']);
    for (const model of json.models) {
      expect(model.spectrum).toHaveLength(32);
      expect(model.spectrum[0]).toBe(1);
      expect(model.effectiveRank).toBeGreaterThanOrEqual(1);
      expect(model.effectiveRank).toBeLessThanOrEqual(32);
    }
    expect(readFileSync(join(out, 'figure2.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(3);
    // Figure 3: 2 pairs x 2 models, 13 columns, at the layout's size.
    const png = decode(readFileSync(join(out, 'figure3.png')));
    const rows = [0, 1].map(() => ({ label: '', images: [] }));
    const layout = figure3Layout(
      [0, 1].map(() => ({ first: new Float32Array(), last: new Float32Array(), indices: [0, 1] as const, rows })),
      { ts: interpolationWeights(11), imageHeight: 32, imageWidth: 32 },
    );
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    expect(existsSync(join(out, 'models', 'irmae-l2', 'budget.json'))).toBe(true);
  });

  it('reuses the finished checkpoints on a rerun and gives the same numbers', async () => {
    const second = await reproduce(tinyRun(out), { figure2: true, figure3: false }, silent);
    expect(first.spectra.map((s) => s.training?.origin)).toEqual(['trained', 'trained']);
    expect(second.spectra.map((s) => s.training?.origin)).toEqual(['reused', 'reused']);
    const measures = (spectra: typeof first.spectra) => spectra.map(({ training: _, ...measured }) => measured);
    expect(measures(second.spectra)).toEqual(measures(first.spectra));
    expect(second.spectra[1].training?.finalLoss).toBe(first.spectra[1].training?.finalLoss);
  });

  it('resumes from the checkpoint when more epochs are asked for', async () => {
    const longer = { ...tinyRun(out), epochs: 2 };
    const resumed = await reproduce(longer, { figure2: true, figure3: false }, silent);
    expect(resumed.spectra.map((s) => s.training?.origin)).toEqual(['resumed', 'resumed']);
    const json = JSON.parse(readFileSync(join(out, 'figure2.json'), 'utf8'));
    expect(json.run.epochs).toBe(2);
  });

  it('gives the same numbers from scratch with the same seed', async () => {
    const again = await reproduce(tinyRun(join(root, 'again')), { figure2: true, figure3: false }, silent);
    expect(again.spectra.map(({ training: _, ...measured }) => measured)).toEqual(
      first.spectra.map(({ training: _, ...measured }) => measured),
    );
  });
});

describe('runCli', () => {
  it('exits 2 before training on bad flags and an unwritable --out', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runCli(['--models', 'vae'], { script: 'x', purpose: '', figures: { figure2: true, figure3: true } })).toBe(2);
      const file = join(root, 'plain-file');
      writeFileSync(file, '');
      expect(await runCli(['--out', join(file, 'out')], { script: 'x', purpose: '', figures: { figure2: true, figure3: true } })).toBe(2);
      const messages = stderr.mock.calls.map((call) => String(call[0])).join('');
      expect(messages).toContain('x: --models accepts ae, ae-l1, ae-l2, irmae-l2, irmae-l4, lorae, rrae, but got unknown "vae"');
      expect(messages).toContain('--out must be a writable directory');
      expect(messages).toContain('Run it with --help for the options.');
    } finally {
      stderr.mockRestore();
    }
  });

  it('prints the usage with --help and exits 0', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runCli(['--help'], { script: 'npm run reproduce --', purpose: 'P.', figures: { figure2: true, figure3: true } })).toBe(0);
      expect(String(stdout.mock.calls[0][0])).toMatch(/^Usage: npm run reproduce -- \[options\]\n\nP\./);
    } finally {
      stdout.mockRestore();
    }
  });
});
