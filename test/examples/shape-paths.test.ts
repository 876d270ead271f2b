import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError, parseReproductionArgs } from '../../examples/lib/args';
import { choosePairs } from '../../examples/lib/pairs';
import { reproduce } from '../../examples/lib/reproduction';
import { runShapePaths, shapePathsTable, summarizePaths } from '../../examples/lib/shape-paths';

const root = mkdtempSync(join(tmpdir(), 'irmae-shape-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const silent = { write: () => true, isTTY: false };
const flags = ['--models', 'ae', '--train-size', '8', '--eval-size', '12', '--epochs', '1', '--batch-size', '8',
  '--pairs', '3', '--seed', '4', '--workers', '0'];

/** A path's centre travel: `straight` pixels end to end, `steps` the step lengths. */
function centre(straight: number, steps: number[]) {
  const path = steps.reduce((sum, step) => sum + step, 0);
  return { path, straight, pathRatio: straight > 0 ? path / straight : null, maxJump: straight > 0 ? Math.max(...steps) / straight : null };
}

describe('summarizePaths', () => {
  it('averages the dip over all paths and the travel over paths that move at least 4 pixels', () => {
    const summary = summarizePaths([
      { dip: 0.5, centre: centre(10, [0, 0, 0, 0, 10, 0, 0, 0, 0, 0]) }, // a replacement: one jump of 1
      { dip: 0, centre: centre(10, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]) }, // an even move: 0.1 per step
      { dip: 0.1, centre: centre(5, [1, 1, 2, 1, 1, 0, 0, 0, 0, 0]) }, // a detour: path 6 over 5, largest step 0.4
      { dip: 0.2, centre: centre(2, [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]) }, // too short to judge
      { dip: 0.4, centre: centre(0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }, // in place
    ]);
    expect(summary.paths).toBe(5);
    expect(summary.meanDip).toBeCloseTo(1.2 / 5, 12);
    expect(summary.travelling).toBe(3);
    expect(summary.jumpShare).toBeCloseTo(1 / 3, 12);
    expect(summary.meanMaxJump).toBeCloseTo((1 + 0.1 + 0.4) / 3, 12);
    expect(summary.meanCentrePathRatio).toBeCloseTo((1 + 1 + 6 / 5) / 3, 12);
  });

  it('leaves the travel numbers empty when no path travels', () => {
    expect(summarizePaths([{ dip: 0.3, centre: centre(0, [0, 0]) }])).toEqual({
      paths: 1, meanDip: 0.3, travelling: 0, jumpShare: null, meanMaxJump: null, meanCentrePathRatio: null,
    });
  });
});

describe('the shape-paths example', () => {
  const out = join(root, 'run');

  it('refuses models that were not trained, naming the command to run', async () => {
    const options = parseReproductionArgs([...flags, '--out', out]);
    await expect(runShapePaths(options, 'npm run reproduce -- X')).rejects.toThrow(UsageError);
    await expect(runShapePaths(options, 'npm run reproduce -- X')).rejects.toThrow(
      `model ae was not trained in ${join(out, 'models', 'ae')}: run \`npm run reproduce -- X\` first (same flags)`,
    );
  });

  it("measures the trained models' paths between Figure 3's pairs and writes them", async () => {
    await reproduce(parseReproductionArgs([...flags, '--out', out]), { figure2: false, figure3: false }, silent);
    const { file, models } = await runShapePaths(parseReproductionArgs([...flags, '--out', out]), 'unused');
    expect(file).toBe(join(out, 'shape-paths.json'));
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.run).toMatchObject({ trainSize: 8, evalSize: 12, epochs: 1, seed: 4, pairs: choosePairs(12, 3, 4) });
    expect(json.models.map((m: { model: string }) => m.model)).toEqual(['ae']);
    const [ae] = json.models;
    expect(ae.paths.map((p: { pair: number[] }) => p.pair)).toEqual(choosePairs(12, 3, 4));
    expect(ae.paths[0].frames.map((f: { t: number }) => f.t)).toEqual(Array.from({ length: 11 }, (_, i) => i / 10));
    expect(ae.summary).toEqual(summarizePaths(ae.paths));
    for (const path of ae.paths) {
      expect(path.dip).toBeGreaterThanOrEqual(0);
      expect(path.dip).toBeLessThanOrEqual(1);
    }
    expect(shapePathsTable(models)).toContain('AE');
  }, 120_000);

  it('trains on the half-squares and fits their small squares along the paths', async () => {
    const half = [...flags, '--variant', 'half-squares', '--out', join(root, 'half')];
    await reproduce(parseReproductionArgs(half), { figure2: true, figure3: false }, silent);
    expect(JSON.parse(readFileSync(join(root, 'half', 'figure2.json'), 'utf8')).run.variant).toBe('half-squares');
    expect(JSON.parse(readFileSync(join(root, 'half', 'models', 'ae', 'budget.json'), 'utf8')).variant).toBe('half-squares');
    const { file } = await runShapePaths(parseReproductionArgs(half), 'unused');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.run.variant).toBe('half-squares');
    const frames = json.models[0].paths.flatMap((p: { frames: Array<{ kind: string; extent: number }> }) => p.frames);
    // Half-squares are 2 to 5 pixels wide (sizes 1 to 4; the paper's 4 to 9), circles 7 to 17 as in the paper.
    for (const frame of frames) {
      const [low, high] = frame.kind === 'square' ? [2, 5] : [7, 17];
      expect(frame.extent).toBeGreaterThanOrEqual(low);
      expect(frame.extent).toBeLessThanOrEqual(high);
    }
  }, 120_000);
});
