import * as tf from '@tensorflow/tfjs';
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

import { docSnippets, readDoc, runSnippet } from '../doc_snippets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const doc = readDoc('custom-autoencoder.md');
const snippets = docSnippets('custom-autoencoder.md');
const snippet = snippets[0];
const monitorSnippet = snippets.find((code) => code.includes('rankMonitor('))!;
/** The output the doc shows for the rank-monitor snippet: the text block after it. */
const monitorOutput = /```ts\n[\s\S]*?rankMonitor\([\s\S]*?```[\s\S]*?```text\n([\s\S]*?)```/.exec(doc)![1];

describe('docs/custom-autoencoder.md', () => {
  it('shows the layer in a custom autoencoder in under 15 lines', () => {
    expect(snippet.trim().split('\n').length).toBeLessThan(15);
  });

  it('runs as written, with a lower code rank than the same model without the maps', async () => {
    const [irmaeRank] = await runSnippet(snippet);
    const plain = snippet.replace('implicitRankMinimizer(2, dim)', 'implicitRankMinimizer(0, dim)');
    expect(plain).not.toBe(snippet);
    const [plainRank] = await runSnippet(plain);
    // Measured with this seeding: about 7.6 (n = 2) against 9.6 (n = 0), the
    // effective rank (exp of the spectral entropy) of 32-dim codes.
    expect(irmaeRank as number).toBeGreaterThan(1);
    expect(irmaeRank as number).toBeLessThan((plainRank as number) - 1);
  });

  it('shows the rank monitor in a 15-line model.fit example, and the output it prints', async () => {
    expect(monitorSnippet.trim().split('\n').length).toBeLessThanOrEqual(15);
    const logged = await runSnippet(monitorSnippet);
    const printed = logged.map((value) => (typeof value === 'string' ? value : inspect(value))).join('\n');
    expect(printed).toBe(monitorOutput.trim());
  });
});
