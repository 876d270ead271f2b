import wabt from 'wabt';

/** How the library's WebAssembly sources import the wasm backend's heap. */
const HEAP_IMPORT = '(import "env" "memory" (memory 0))';
/** The same import for the threaded build, whose heap is shared and at most 4 GiB (65,536 pages). */
const SHARED_HEAP_IMPORT = '(import "env" "memory" (memory 0 65536 shared))';

/**
 * The binary module of WebAssembly text `source` (SIMD enabled), validated;
 * with `sharedHeap`, the variant that imports a shared heap instead, which
 * differs from the plain one only in that import.
 *
 * @throws Error when `source` has no heap import to rewrite for `sharedHeap`.
 */
export async function assembleWat(source: string, { sharedHeap = false } = {}): Promise<Uint8Array> {
  if (sharedHeap && !source.includes(HEAP_IMPORT)) throw new Error(`The source has no heap import ${HEAP_IMPORT}`);
  const text = sharedHeap ? source.replace(HEAP_IMPORT, SHARED_HEAP_IMPORT) : source;
  const toolkit = await wabt();
  const parsed = toolkit.parseWat('module.wat', text, { simd: true, threads: sharedHeap });
  try {
    // wabt.js validates with threads off whatever the parse enabled, so the
    // shared variant is validated as the unshared one: the two differ only in the import.
    if (!sharedHeap) parsed.validate();
    return new Uint8Array(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}
