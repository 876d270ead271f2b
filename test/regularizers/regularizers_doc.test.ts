import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { implicitRankMinimizer, rankReduction } from '../../src/layers';
import { nuclearNorm, singularValues } from '../../src/metrics';
import { docSnippets, readDoc, runSnippet } from '../doc_snippets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const DOC = 'regularizers.md';
const [irmaeSnippet, loraeSnippet, rraeSnippet] = docSnippets(DOC);
/** The doc's prose with its line breaks as spaces, so a sentence matches wherever it wraps. */
const prose = readDoc(DOC).replace(/\s+/g, ' ');

/** The two counts an example's last comment states: "// 9 in one run; 28 with l = 0". */
function statedCounts(snippet: string): [number, number] {
  const match = /\/\/ (\d+) in one run; (\d+) with/.exec(snippet);
  if (match === null) throw new Error(`no stated counts in:\n${snippet}`);
  return [Number(match[1]), Number(match[2])];
}

/** Checks that the prose says `text`, naming it (not the whole doc) when it does not. */
function expectSays(text: string): void {
  expect(prose.includes(text), `${DOC} should say "${text}"`).toBe(true);
}

/** A number the prose states, found by the words around it. */
function stated(pattern: RegExp): number {
  const match = pattern.exec(prose);
  if (match === null) throw new Error(`${DOC} does not say ${pattern}`);
  return Number(match[1]);
}

describe('docs/regularizers.md', () => {
  it('holds one short example per regularizer: IRMAE, LoRAE, RRAE', () => {
    expect(docSnippets(DOC)).toHaveLength(3);
    expect(irmaeSnippet).toContain('implicitRankMinimizer(4, dim)');
    expect(loraeSnippet).toContain('nuclearNormRegularizer({ lambda: 3e-2 })');
    expect(rraeSnippet).toContain('rankReduction({ rank: 8 })');
    for (const snippet of [irmaeSnippet, loraeSnippet, rraeSnippet]) expect(snippet.trim().split('\n').length).toBeLessThanOrEqual(16);
  });

  it('IRMAE: runs as written, with the counts its comment states, fewer directions than the plain AE', async () => {
    const [irmae, plain] = statedCounts(irmaeSnippet);
    const withoutMaps = irmaeSnippet.replace('implicitRankMinimizer(4, dim)', 'implicitRankMinimizer(0, dim)');
    expect(withoutMaps).not.toBe(irmaeSnippet);
    // 64 features of rank 8 through a ReLU encoder: the plain AE's codes
    // spread over most of the 32 dimensions, IRMAE's near the data's 8.
    expect(await runSnippet(irmaeSnippet)).toEqual([irmae]);
    expect(await runSnippet(withoutMaps)).toEqual([plain]);
    expect(irmae).toBeGreaterThanOrEqual(8);
    expect(irmae).toBeLessThan(plain - 10);
    expectSays(`spread over ${plain} of 32`);
  }, 120_000);

  it("LoRAE: runs as written, fewer directions than lambda 0, and W's small singular values stay at Adam's step size", async () => {
    const [lorae, plain] = statedCounts(loraeSnippet);
    // After the example: W's singular values, and the encoder's output
    // variance along its first direction.
    const probe = [
      'console.log(Array.from(irmae.singularValues(irm.productMatrix())));',
      "console.log(latentSpectrum(tf.model({ inputs: model.inputs, outputs: model.layers[1].output }).predict(xs), { normalize: 'none' })[0]);",
    ].join('\n');
    const withoutPenalty = loraeSnippet.replace('lambda: 3e-2', 'lambda: 0');
    expect(withoutPenalty).not.toBe(loraeSnippet);
    const [rank, values, encoderVariance] = (await runSnippet(`${loraeSnippet}\n${probe}`)) as [number, number[], number];
    const [plainRank, plainValues, plainEncoderVariance] = (await runSnippet(`${withoutPenalty}\n${probe}`)) as [number, number[], number];
    expect([rank, plainRank]).toEqual([lorae, plain]);
    expect(lorae).toBeLessThan(plain - 5);
    expectSays(`from ${plain} directions above 1e-3 to ${lorae}`);

    // The 9 kept directions are of order 0.1; the other 23 singular values
    // of W hover between 1e-5 and 2e-3, the size of Adam's step (1e-3): far
    // above float32 rounding of W (~1e-8), never at 0.
    expect(values).toHaveLength(32);
    expect(Math.min(...values.slice(0, 9))).toBeGreaterThan(0.1);
    const tail = values.slice(9);
    expect(Math.min(...tail)).toBeGreaterThan(1e-5);
    expect(Math.max(...tail)).toBeLessThan(2e-3);
    expectSays(`between ${Math.min(...tail).toExponential(1)} and ${Math.max(...tail).toExponential(1)}, the size of Adam's step`);

    // The penalty shrinks W while the encoder's output grows.
    const before = stated(/`\|\|W\|\|_\*` fell from ([\d.]+) \(lambda = 0\)/);
    const after = stated(/\(lambda = 0\) to ([\d.]+) while/);
    expect(nuclearNorm(plainValues)).toBeCloseTo(before, 1);
    expect(nuclearNorm(values)).toBeCloseTo(after, 1);
    expect(Math.round(encoderVariance / plainEncoderVariance)).toBe(stated(/first direction grew (\d+)x/));
  }, 120_000);

  it('RRAE: runs as written, its codes after fitBasis spanning exactly k directions', async () => {
    const k = Number(/rankReduction\(\{ rank: (\d+) \}\)/.exec(rraeSnippet)![1]);
    expect(rraeSnippet).toContain(`// ${k}: k`);
    // Every code is projected on the fitted basis of k orthonormal vectors:
    // the covariance has k non-zero eigenvalues, each far above 1e-3 of the largest.
    expect(await runSnippet(rraeSnippet)).toEqual([k]);
  }, 120_000);

  it('quotes the error a training batch smaller than k gives', () => {
    const quoted = /"(`rank` must be at most the batch size in training[^"]*)"/.exec(prose)![1];
    const before = tf.memory().numTensors;
    const layer = rankReduction({ rank: 8 });
    const codes = tf.zeros([4, 32]);
    expect(() => layer.apply(codes, { training: true })).toThrow(quoted);
    codes.dispose();
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("states a fresh map's nuclear norm as measured, near the Marchenko-Pastur value 8n / (3π sqrt(3))", () => {
    const before = tf.memory().numTensors;
    const measured = [128, 32].map((n) => {
      const layer = implicitRankMinimizer(1, n, { seed: 1 });
      const kernel = layer.productMatrix();
      const norm = nuclearNorm(singularValues(kernel));
      kernel.dispose();
      layer.dispose();
      // Entries uniform in ±1/sqrt(n), variance 1/(3n): the singular values of
      // a square matrix follow the quarter-circle law, mean 8 / (3π) sqrt(n / (3n)).
      const law = (8 * n) / (3 * Math.PI * Math.sqrt(3));
      expect(Math.abs(norm - law) / law).toBeLessThan(0.03);
      return { norm: norm.toFixed(1), law: law.toFixed(1) };
    });
    expectSays(`(${measured[0].norm} at n = 128 and ${measured[1].norm} at n = 32 for seed 1;`);
    expectSays(`≈ 0.49 n, ${measured[0].law} and ${measured[1].law})`);
    expect(tf.memory().numTensors).toBe(before);
  });
});
