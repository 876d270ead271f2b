import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The `.wasm` binaries of tfjs-backend-wasm, served at `/wasm/`. */
export const WASM_DIR = join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');

/**
 * Bundles a page script for the browser, as a web app bundles `irmae`: one
 * ES module with tfjs, tfjs-backend-wasm and the library (its main entry,
 * from the sources), next to an `index.html` that loads it.
 *
 * @param entry The page script, relative to the repository root.
 * @param outDir Directory to write `index.html` and `page.js` into.
 * @throws When esbuild reports an error or a warning.
 */
export async function bundlePage(entry: string, outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    outfile: join(outDir, 'page.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    alias: { irmae: join(ROOT, 'src/index.ts') },
    logLevel: 'silent',
  });
  if (result.warnings.length > 0) {
    throw new Error(`esbuild warned: ${result.warnings.map((warning) => warning.text).join('; ')}`);
  }
  writeFileSync(
    join(outDir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>irmae</title><link rel="icon" href="data:,">' +
      '<script type="module" src="page.js"></script>\n',
  );
}
