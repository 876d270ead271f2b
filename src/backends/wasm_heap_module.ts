/** What this file needs of the wasm backend: its Emscripten module, whose exports hold the heap. */
interface WasmBackendWithModule {
  wasm?: { asm?: { memory?: unknown } };
}

/** Per heap, each module's exports; `null` where the module cannot link to that heap. */
const instances = new WeakMap<WebAssembly.Memory, Map<Uint8Array<ArrayBuffer>, WebAssembly.Exports | null>>();

/**
 * The exports of one of this library's WebAssembly modules (`bytes`, which
 * import the heap as `env.memory`) instantiated on the wasm backend's heap,
 * so that they work on tensors in place, without copies; one instance per
 * heap and module. Undefined when this build of tfjs-backend-wasm does not
 * expose its memory where expected, or shares it between threads (the
 * threaded build), to which the modules' unshared import cannot link: the
 * callers then take their JavaScript path.
 */
export function heapModuleExports(backend: unknown, bytes: Uint8Array<ArrayBuffer>): WebAssembly.Exports | undefined {
  const memory = (backend as WasmBackendWithModule).wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return undefined;
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
