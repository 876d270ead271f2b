import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import ts from 'typescript';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import * as irmae from '../../src';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const doc = readFileSync(new URL('../../docs/custom-autoencoder.md', import.meta.url), 'utf8');
const snippets = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
const snippet = snippets[0];
const monitorSnippet = snippets.find((code) => code.includes('rankMonitor('))!;
/** The output the doc shows for the rank-monitor snippet: the text block after it. */
const monitorOutput = /```ts\n[\s\S]*?rankMonitor\([\s\S]*?```[\s\S]*?```text\n([\s\S]*?)```/.exec(doc)![1];

/** Runs the snippet as written, with its two imports bound to tfjs and this package. */
async function runSnippet(source: string): Promise<unknown[]> {
  const body = source
    .replace("import * as tf from '@tensorflow/tfjs';", '')
    .replace(/import \{([^}]*)\} from 'irmae';/, 'const {$1} = irmae;');
  const js = ts.transpileModule(body, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>;
  const logged: unknown[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((value: unknown) => void logged.push(value));
  // Unseeded tfjs random ops and initializers draw their seeds from
  // Math.random: a fixed Lehmer generator makes the run reproducible.
  let state = 12345;
  const random = vi.spyOn(Math, 'random').mockImplementation(() => (state = (state * 16807) % 2147483647) / 2147483647);
  try {
    await new AsyncFunction('tf', 'irmae', js)(tf, irmae);
  } finally {
    log.mockRestore();
    random.mockRestore();
  }
  return logged;
}

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
