import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Bundles an entry as a web app would, tfjs and all, and returns esbuild's messages and output. */
async function bundleForBrowser(entry: string) {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  }).catch((failure: { errors: unknown[]; warnings: unknown[] }) => ({ ...failure, outputFiles: [] }));
  return { errors: result.errors, warnings: result.warnings, code: result.outputFiles[0]?.text ?? '' };
}

describe('the main entry in a browser bundle', () => {
  it('bundles with no error and no warning, and names no Node module', async () => {
    const { errors, warnings, code } = await bundleForBrowser('src/index.ts');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(code).not.toMatch(/["'](node:)?(fs|fs\/promises|path|os|worker_threads|child_process)["']/);
  });

  it('leaves the file system to irmae/node, which a browser bundle cannot take', async () => {
    const { errors } = await bundleForBrowser('src/node.ts');
    const texts = errors.map((error) => (error as { text: string }).text);
    expect(texts).toContain('Could not resolve "node:fs/promises"');
  });
});
