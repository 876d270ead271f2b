import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError, parseReproductionArgs } from '../../examples/lib/args';
import { generationTable } from '../../examples/lib/generation-results';
import { runGeneration } from '../../examples/lib/generation-run';
import { reproduce } from '../../examples/lib/reproduction';

const root = mkdtempSync(join(tmpdir(), 'irmae-generation-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const silent = { write: () => true, isTTY: false };
const flags = ['--models', 'ae,irmae-l2', '--train-size', '16', '--eval-size', '40', '--epochs', '1', '--batch-size', '8',
  '--pairs', '2', '--seed', '3', '--workers', '0'];

describe('the generation example', () => {
  const out = join(root, 'run');

  it('refuses models that were not trained, naming the command to run', async () => {
    const options = parseReproductionArgs([...flags, '--out', out]);
    await expect(runGeneration(options, 'npm run reproduce -- X')).rejects.toThrow(UsageError);
    await expect(runGeneration(options, 'npm run reproduce -- X')).rejects.toThrow(
      `model ae was not trained in ${join(out, 'models', 'ae')}: run \`npm run reproduce -- X\` first (same flags)`,
    );
  });

  it('loads the trained models without training and writes pictures and distances', async () => {
    await reproduce(parseReproductionArgs([...flags, '--out', out]), { figure2: true, figure3: false }, silent);
    const summary = await runGeneration(parseReproductionArgs([...flags, '--out', out]), 'unused');
    // The loaded weights are the trained ones: the same reconstruction error as figure2.json.
    const figure2 = JSON.parse(readFileSync(join(out, 'figure2.json'), 'utf8'));
    expect(summary.models.map((m) => m.evalMse)).toEqual(figure2.models.map((m: { evalMse: number }) => m.evalMse));
    for (const model of ['ae', 'irmae-l2']) {
      for (const name of ['reconstructions', 'mvg', 'gmm', 'pca']) {
        expect(existsSync(join(out, 'generation', model, `${name}.png`)), `${model} ${name}`).toBe(true);
      }
      // 7 x 7 traversal cells of 64 pixels with 2-pixel gaps and a 4-pixel margin.
      const pca = decode(readFileSync(join(out, 'generation', model, 'pca.png')));
      expect([pca.width, pca.height]).toEqual([7 * 64 + 6 * 2 + 8, 7 * 64 + 6 * 2 + 8]);
    }
    const json = JSON.parse(readFileSync(join(out, 'generation', 'distances.json'), 'utf8'));
    expect(json.run).toMatchObject({ trainSize: 16, evalSize: 40, epochs: 1, seed: 3, samples: 256 });
    const ae = json.models[0];
    expect([ae.mvg.count, ae.gmm.count, ae.pca.count, ae.reconstruction.count, ae.interpolationEnds.count]).toEqual([256, 256, 49, 40, 4]);
    expect(ae.interpolation.map((s: { t: number; count: number }) => [s.t, s.count])[10]).toEqual([1, 2]);
    for (const value of [ae.mvg.mean, ae.interpolationInterior.mean, ae.reconstruction.max]) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThan(1);
    }
    // 2 models x (4 sets + 11 interpolation steps) rows and a header.
    expect(readFileSync(join(out, 'generation', 'distances.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(31);
    expect(generationTable(summary.models)).toContain('IRMAE l=2');
  }, 120_000);
});
