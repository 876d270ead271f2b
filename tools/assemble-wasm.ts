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

/** Each source, the module it becomes and its constants: gemm.wat gives a fused and a SIMD128 build (tools/wat.ts). */
const SOURCES = [
  { wat: 'src/backends/adam_step.wat', module: 'src/backends/adam_step_binary.ts', builds: [{ name: 'ADAM_STEP_WASM', fused: true }] },
  { wat: 'src/backends/col2im.wat', module: 'src/backends/col2im_binary.ts', builds: [{ name: 'COL2IM_WASM', fused: true }] },
  {
    wat: 'src/backends/gemm.wat',
    module: 'src/backends/gemm_binary.ts',
    builds: [{ name: 'GEMM_FMA_WASM', fused: true }, { name: 'GEMM_SIMD128_WASM', fused: false }],
  },
];

const root = fileURLToPath(new URL('..', import.meta.url));
for (const source of SOURCES) {
  const text = readFileSync(root + source.wat, 'utf8');
  const constants: string[] = [];
  for (const { name, fused } of source.builds) {
    const unshared = await assembleWat(text, { fused });
    const shared = await assembleWat(text, { sharedHeap: true, fused });
    constants.push(binaryConstant(name, unshared, shared));
    console.log(`${source.module} ${name}: ${unshared.length} + ${shared.length} bytes from ${source.wat}`);
  }
  writeFileSync(root + source.module, binaryModule(source.wat, constants));
}

/** The TypeScript module holding the constants of one source. */
function binaryModule(wat: string, constants: string[]): string {
  return [
    `// Generated from ${wat.split('/').pop()} by \`npm run build:wasm\` (tools/assemble-wasm.ts); do not edit.`,
    "import type { HeapModuleBinaries } from './wasm_heap_module';",
    ...constants,
  ].join('\n');
}

/** Both variants of a module as a constant. */
function binaryConstant(name: string, unshared: Uint8Array, shared: Uint8Array): string {
  const rows = (bytes: Uint8Array) => {
    const lines: string[] = [];
    for (let i = 0; i < bytes.length; i += 24) lines.push(`    ${Array.from(bytes.subarray(i, i + 24)).join(', ')},`);
    return lines;
  };
  return [
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
