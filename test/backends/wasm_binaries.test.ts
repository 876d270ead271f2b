import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADAM_STEP_WASM } from '../../src/backends/adam_step_binary';
import { COL2IM_WASM } from '../../src/backends/col2im_binary';
import { assembleWat } from '../../tools/wat';

describe('the WebAssembly modules the library ships', () => {
  it.each([
    ['adam_step.wat', ADAM_STEP_WASM],
    ['col2im.wat', COL2IM_WASM],
  ])('%s: the committed bytes of both builds are what npm run build:wasm assembles', async (source, binaries) => {
    const text = readFileSync(new URL(`../../src/backends/${source}`, import.meta.url), 'utf8');
    expect(Array.from(await assembleWat(text))).toEqual(Array.from(binaries.unshared));
    expect(Array.from(await assembleWat(text, { sharedHeap: true }))).toEqual(Array.from(binaries.shared));
  });
});
