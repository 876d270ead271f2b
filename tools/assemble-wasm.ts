/**
 * Assembles the library's WebAssembly text sources into the TypeScript
 * modules that carry their bytes, so that the library needs no assembler at
 * build or run time:
 *
 *   npm run build:wasm
 *
 * test/backends/wasm_binaries.test.ts checks that the committed bytes are
 * what this gives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assembleWat } from './wat';

const SOURCES = [
  { wat: 'src/backends/adam_step.wat', module: 'src/backends/adam_step_binary.ts', name: 'ADAM_STEP_WASM' },
  { wat: 'src/backends/col2im.wat', module: 'src/backends/col2im_binary.ts', name: 'COL2IM_WASM' },
];

const root = fileURLToPath(new URL('..', import.meta.url));
for (const source of SOURCES) {
  const bytes = await assembleWat(readFileSync(root + source.wat, 'utf8'));
  writeFileSync(root + source.module, binaryModule(source.name, source.wat, bytes));
  console.log(`${source.module}: ${bytes.length} bytes from ${source.wat}`);
}

/** The TypeScript module holding `bytes` as a constant. */
function binaryModule(name: string, wat: string, bytes: Uint8Array): string {
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += 24) rows.push(`  ${Array.from(bytes.subarray(i, i + 24)).join(', ')},`);
  return [
    `// Generated from ${wat.split('/').pop()} by \`npm run build:wasm\` (tools/assemble-wasm.ts); do not edit.`,
    `export const ${name} = new Uint8Array([`,
    ...rows,
    ']);',
    '',
  ].join('\n');
}
