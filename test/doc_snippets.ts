import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { vi } from 'vitest';

import * as irmae from '../src';

/** The ```ts blocks of a doc under docs/, in order. */
export function docSnippets(name: string): string[] {
  const doc = readDoc(name);
  return [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
}

/** The text of a doc under docs/. */
export function readDoc(name: string): string {
  return readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');
}

/**
 * Runs a doc's snippet as written, with its two imports bound to tfjs and
 * this package, and returns what it passed to `console.log`. Unseeded tfjs
 * random ops and initializers draw their seeds from Math.random: a fixed
 * Lehmer generator makes the run reproducible.
 */
export async function runSnippet(source: string): Promise<unknown[]> {
  const body = source
    .replace("import * as tf from '@tensorflow/tfjs';", '')
    .replace(/import \{([^}]*)\} from 'irmae';/, 'const {$1} = irmae;');
  const js = ts.transpileModule(body, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>;
  const logged: unknown[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((value: unknown) => void logged.push(value));
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
