import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADAM_STEP_WASM } from '../../src/backends/adam_step_binary';
import { COL2IM_WASM } from '../../src/backends/col2im_binary';
import { GEMM_FMA_WASM, GEMM_SIMD128_WASM } from '../../src/backends/gemm_binary';
import type { HeapModuleBinaries } from '../../src/backends/wasm_heap_module';
import { assembleWat } from '../../tools/wat';

describe('the WebAssembly modules the library ships', () => {
  it.each<[string, string, HeapModuleBinaries, boolean]>([
    ['adam_step.wat', 'ADAM_STEP_WASM', ADAM_STEP_WASM, true],
    ['col2im.wat', 'COL2IM_WASM', COL2IM_WASM, true],
    ['gemm.wat', 'GEMM_FMA_WASM', GEMM_FMA_WASM, true],
    ['gemm.wat', 'GEMM_SIMD128_WASM', GEMM_SIMD128_WASM, false],
  ])('%s, %s: the committed bytes of both heaps are what npm run build:wasm assembles', async (source, _name, binaries, fused) => {
    const text = readFileSync(new URL(`../../src/backends/${source}`, import.meta.url), 'utf8');
    expect(Array.from(await assembleWat(text, { fused }))).toEqual(Array.from(binaries.unshared));
    expect(Array.from(await assembleWat(text, { sharedHeap: true, fused }))).toEqual(Array.from(binaries.shared));
  });

  it('the SIMD128 build of gemm.wat has no relaxed SIMD left, and validates without it', async () => {
    const text = readFileSync(new URL('../../src/backends/gemm.wat', import.meta.url), 'utf8');
    expect(WebAssembly.validate(new Uint8Array(await assembleWat(text, { fused: false })))).toBe(true);
    // 0xfd 0x85 0x02 encodes f32x4.relaxed_madd.
    const hasRelaxedMadd = (bytes: Uint8Array) => `,${Array.from(bytes).join(',')},`.includes(',253,133,2,');
    expect(hasRelaxedMadd(GEMM_SIMD128_WASM.unshared)).toBe(false);
    expect(hasRelaxedMadd(GEMM_FMA_WASM.unshared)).toBe(true);
  });
});
