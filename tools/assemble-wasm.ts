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
  const text = readFileSync(root + source.wat, 'utf8');
  const unshared = await assembleWat(text);
  const shared = await assembleWat(text, { sharedHeap: true });
  writeFileSync(root + source.module, binaryModule(source.name, source.wat, unshared, shared));
  console.log(`${source.module}: ${unshared.length} + ${shared.length} bytes from ${source.wat}`);
}

/** The TypeScript module holding both variants of a module as a constant. */
function binaryModule(name: string, wat: string, unshared: Uint8Array, shared: Uint8Array): string {
  const rows = (bytes: Uint8Array) => {
    const lines: string[] = [];
    for (let i = 0; i < bytes.length; i += 24) lines.push(`    ${Array.from(bytes.subarray(i, i + 24)).join(', ')},`);
    return lines;
  };
  return [
    `// Generated from ${wat.split('/').pop()} by \`npm run build:wasm\` (tools/assemble-wasm.ts); do not edit.`,
    "import type { HeapModuleBinaries } from './wasm_heap_module';",
    '',
    `export const ${name}: HeapModuleBinaries = {`,
    '  unshared: new Uint8Array([',
    ...rows(unshared),
    '  ]),',
    '  shared: new Uint8Array([',
    ...rows(shared),
    '  ]),',
    '};',
    '',
  ].join('\n');
}
