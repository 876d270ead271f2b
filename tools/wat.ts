import wabt from 'wabt';

/** How the library's WebAssembly sources import the wasm backend's heap. */
const HEAP_IMPORT = '(import "env" "memory" (memory 0))';
/** The same import for the threaded build, whose heap is shared and at most 4 GiB (65,536 pages). */
const SHARED_HEAP_IMPORT = '(import "env" "memory" (memory 0 65536 shared))';

/** One fused multiply-add step `(f32x4.relaxed_madd a b acc)` whose operands are locals or loads without nested parentheses. */
const FUSED_STEP = /\(f32x4\.relaxed_madd (\([^()]*\)) (\([^()]*\)) (\([^()]*\))\)/g;

/**
 * The binary module of WebAssembly text `source` (SIMD and relaxed SIMD
 * enabled), validated; with `sharedHeap`, the variant that imports a shared
 * heap instead, which differs from the plain one only in that import; with
 * `fused: false`, the SIMD128 variant, every `(f32x4.relaxed_madd a b acc)`
 * rewritten as `(f32x4.add acc (f32x4.mul a b))`, rounding twice.
 *
 * @throws Error when `source` has no heap import to rewrite for `sharedHeap`,
 *   or, for `fused: false`, a `relaxed_madd` the rewrite does not cover.
 */
export async function assembleWat(source: string, { sharedHeap = false, fused = true } = {}): Promise<Uint8Array> {
  if (sharedHeap && !source.includes(HEAP_IMPORT)) throw new Error(`The source has no heap import ${HEAP_IMPORT}`);
  let text = sharedHeap ? source.replace(HEAP_IMPORT, SHARED_HEAP_IMPORT) : source;
  if (!fused) {
    text = text.replace(FUSED_STEP, '(f32x4.add $3 (f32x4.mul $1 $2))');
    if (/^[^;]*relaxed_madd/m.test(text)) throw new Error('A f32x4.relaxed_madd with nested operands is left after the rewrite');
  }
  const toolkit = await wabt();
  const parsed = toolkit.parseWat('module.wat', text, { simd: true, relaxed_simd: true, threads: sharedHeap });
  try {
    // wabt.js validates with threads off whatever the parse enabled, so the
    // shared variant is validated as the unshared one: the two differ only in the import.
    if (!sharedHeap) parsed.validate();
    return new Uint8Array(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}
