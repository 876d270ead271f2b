/** A module of this library in two builds: importing an unshared heap, and a shared one (the threaded build's). */
export interface HeapModuleBinaries {
  unshared: Uint8Array<ArrayBuffer>;
  shared: Uint8Array<ArrayBuffer>;
}

/**
 * What this file needs of the wasm backend: its Emscripten module, which
 * exports its heap (`asm.memory`), or in the threaded build holds the shared
 * heap it created (`wasmMemory`).
 */
interface WasmBackendWithModule {
  wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown };
}

/** Per heap, each module's exports; `null` where the module cannot link to that heap. */
const instances = new WeakMap<WebAssembly.Memory, Map<Uint8Array, WebAssembly.Exports | null>>();

/**
 * The exports of one of this library's WebAssembly modules instantiated on
 * the wasm backend's heap (which they import as `env.memory`), so that they
 * work on tensors in place, without copies; one instance per heap and
 * module, of the build that matches the heap. Undefined when this build of
 * tfjs-backend-wasm keeps its heap elsewhere, or the module cannot link to
 * it: the callers then take their JavaScript path.
 */
export function heapModuleExports(backend: unknown, binaries: HeapModuleBinaries): WebAssembly.Exports | undefined {
  const module = (backend as WasmBackendWithModule).wasm;
  const memory = module?.asm?.memory ?? module?.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) return undefined;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = shared ? binaries.shared : binaries.unshared;
  let modules = instances.get(memory);
  if (modules === undefined) instances.set(memory, (modules = new Map()));
  if (!modules.has(bytes)) modules.set(bytes, instantiate(bytes, memory));
  return modules.get(bytes) ?? undefined;
}

function instantiate(bytes: Uint8Array<ArrayBuffer>, memory: WebAssembly.Memory): WebAssembly.Exports | null {
  try {
    // Synchronous: the modules are a few hundred bytes, far below browsers' 4 KB limit for it.
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  } catch {
    return null;
  }
}
