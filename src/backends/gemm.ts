import type * as tf from '@tensorflow/tfjs';
import { GEMM_FMA_WASM, GEMM_SIMD128_WASM } from './gemm_binary';
import { heapModuleExports, type HeapModuleBinaries } from './wasm_heap_module';
import { heapOffset, matMul, transpose, type WasmBackendLike } from './wasm_kernel_context';

/**
 * Which matrix product the training kernels run: this library's GEMM built
 * with `f32x4.relaxed_madd` (`'fma'`: one rounding per multiply-add where the
 * hardware fuses them) or with a multiply and an add (`'simd128'`: XNNPACK's
 * rounding, so the same bits as tfjs-backend-wasm's own `BatchMatMul`), or
 * that `BatchMatMul` itself (`'xnnpack'`, the kernels before this GEMM: the
 * choice where there is no relaxed SIMD, see {@link gemmPath}).
 */
export type GemmPath = 'fma' | 'simd128' | 'xnnpack';

const PATHS: readonly GemmPath[] = ['fma', 'simd128', 'xnnpack'];

/**
 * The smallest module using relaxed SIMD: a function returning
 * `f32x4.relaxed_madd` of three zero vectors. Validating it tells whether the
 * platform has relaxed SIMD (Chromium 114+, Node 22+, Node 20 only with
 * `--experimental-wasm-relaxed-simd`).
 */
const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  253, 133, 2, 11,
]);

/** True when this platform's WebAssembly validates `f32x4.relaxed_madd`. */
export function hasRelaxedSimd(): boolean {
  return WebAssembly.validate(RELAXED_SIMD_PROBE);
}

let chosenPath: GemmPath | undefined;

/**
 * The path the wasm training kernels' matrix products take: chosen once, on
 * first use, from whether the platform validates WebAssembly relaxed SIMD
 * (`'fma'`: Chromium 114+, Node 22+; else `'xnnpack'`), unless set by
 * {@link setGemmPath}. Without relaxed SIMD the stock kernels stay: Node 20's
 * V8 runs them faster than this library's SIMD128 build, which gives the
 * same bits.
 *
 * @returns `'fma'`, `'simd128'` or `'xnnpack'`.
 * @example
 * ```ts
 * import { gemmPath } from 'irmae';
 *
 * gemmPath(); // => 'fma' on Node 24, 'xnnpack' on Node 20
 * ```
 * @category Backends
 */
export function gemmPath(): GemmPath {
  chosenPath ??= hasRelaxedSimd() ? 'fma' : 'xnnpack';
  return chosenPath;
}

/**
 * Sets the path of the wasm training kernels' later matrix products:
 * `'simd128'` gives the same bits on every platform (those of the kernels
 * before the fused path, XNNPACK's rounding), e.g. to reproduce a run from a
 * platform without relaxed SIMD to the bit (faster than `'xnnpack'`, which
 * gives those bits too, on Node 24); `'fma'` rounds once per
 * multiply-add, so results move in the last digits; `'xnnpack'` runs
 * tfjs-backend-wasm's own matrix products and convolutions, as the kernels
 * did before this library had its own GEMM. `undefined` returns to the
 * platform's choice ({@link gemmPath}).
 *
 * @param path `'fma'`, `'simd128'`, `'xnnpack'` or `undefined`.
 * @throws Error when `path` is none of those, or is `'fma'` on a platform
 *   without relaxed SIMD.
 * @example
 * ```ts
 * import { setGemmPath, gemmPath } from 'irmae';
 *
 * setGemmPath('simd128');
 * gemmPath(); // => 'simd128'
 * ```
 * @category Backends
 */
export function setGemmPath(path: GemmPath | undefined): void {
  if (path !== undefined && !PATHS.includes(path)) {
    throw new Error(`\`path\` must be 'fma', 'simd128', 'xnnpack' or undefined, but got ${JSON.stringify(path)}`);
  }
  if (path === 'fma' && !hasRelaxedSimd()) {
    throw new Error("`path` 'fma' needs WebAssembly relaxed SIMD, which this platform does not validate (Node 20: --experimental-wasm-relaxed-simd)");
  }
  chosenPath = path;
}

/** The exports of gemm.wat: byte offsets on the wasm heap, then sizes. */
interface GemmExports {
  pack(b: number, packed: number, k: number, n: number): void;
  packTransposed(bt: number, packed: number, k: number, n: number): void;
  gemm(a: number, packed: number, c: number, m: number, k: number, n: number): void;
}

/** The backend's Emscripten allocator, which the packed operands live in (outside tfjs's tensors). */
interface Allocator {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
}

/** Per backend module, the scratch buffer the right-hand operands are packed into, grown as needed. */
const scratch = new WeakMap<object, { pointer: number; bytes: number }>();

/** A packed operand kept for as long as its tensor lives: where, and of which shape and orientation. */
interface KeptPack {
  allocator: Allocator;
  pointer: number;
  key: string;
}

/** Packed operands by the data id of the tensor they were packed from (a tensor's data never changes). */
const kept = new Map<tf.DataId, KeptPack>();

/**
 * `a @ b` for row-major matrices `a` [m, k] and `b` [k, n] (or, with
 * `bTransposed`, `b` held as its transpose [n, k]) with this library's GEMM
 * on the path of {@link gemmPath}; the wasm `BatchMatMul` (XNNPACK, after a
 * transpose where `bTransposed`) on the `'xnnpack'` path and where the module
 * cannot link to the backend's heap. With `keepPacked`, `b` packed is kept
 * until its tensor is disposed, for the next products by the same `b` (a
 * filter across the batches of a prediction); otherwise it is packed into a
 * scratch buffer on every call.
 *
 * @returns A new [m, n] tensor; the caller disposes it.
 */
export function gemm(
  backend: WasmBackendLike,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  { bTransposed = false, keepPacked = false } = {},
): tf.TensorInfo {
  const [m, k] = a.shape;
  const n = bTransposed ? b.shape[0] : b.shape[1];
  const exports = gemmExports(backend);
  const allocator = (backend as { wasm?: Partial<Allocator> }).wasm;
  if (exports === undefined || k === 0 || allocator?._malloc === undefined || allocator._free === undefined) {
    return fallback(backend, a, b, bTransposed);
  }
  const packed = keepPacked
    ? keptPack(backend, allocator as Allocator, exports, b, bTransposed, k, n)
    : packInto(scratchBuffer(allocator as Allocator, packedBytes(k, n)), backend, exports, b, bTransposed, k, n);
  const product = backend.makeOutput([m, n], 'float32');
  exports.gemm(heapOffset(backend, a), packed, heapOffset(backend, product), m, k, n);
  return product;
}

function packedBytes(k: number, n: number): number {
  return Math.ceil(n / 8) * 8 * k * 4;
}

function packInto(
  pointer: number, backend: WasmBackendLike, exports: GemmExports, b: tf.TensorInfo, bTransposed: boolean, k: number, n: number,
): number {
  (bTransposed ? exports.packTransposed : exports.pack)(heapOffset(backend, b), pointer, k, n);
  return pointer;
}

/** `b` packed, from the kept packs when it was packed before in this shape; frees the packs of disposed tensors first. */
function keptPack(
  backend: WasmBackendLike, allocator: Allocator, exports: GemmExports, b: tf.TensorInfo, bTransposed: boolean, k: number, n: number,
): number {
  for (const [dataId, pack] of kept) {
    if (!backend.dataIdMap.has(dataId)) {
      pack.allocator._free(pack.pointer);
      kept.delete(dataId);
    }
  }
  const key = `${bTransposed} ${k} ${n}`;
  const previous = kept.get(b.dataId);
  if (previous?.key === key && previous.allocator === allocator) return previous.pointer;
  if (previous !== undefined) previous.allocator._free(previous.pointer);
  const pointer = packInto(allocator._malloc(packedBytes(k, n)), backend, exports, b, bTransposed, k, n);
  kept.set(b.dataId, { allocator, pointer, key });
  return pointer;
}

function gemmExports(backend: WasmBackendLike): GemmExports | undefined {
  const path = gemmPath();
  if (path === 'xnnpack') return undefined;
  const binaries: HeapModuleBinaries = path === 'fma' ? GEMM_FMA_WASM : GEMM_SIMD128_WASM;
  return heapModuleExports(backend, binaries) as unknown as GemmExports | undefined;
}

/** A heap buffer of at least `bytes`, owned by this file. */
function scratchBuffer(allocator: Allocator, bytes: number): number {
  const current = scratch.get(allocator);
  if (current !== undefined && current.bytes >= bytes) return current.pointer;
  if (current !== undefined) allocator._free(current.pointer);
  const pointer = allocator._malloc(bytes);
  scratch.set(allocator, { pointer, bytes });
  return pointer;
}

function fallback(backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo, bTransposed: boolean): tf.TensorInfo {
  if (!bTransposed) return matMul(backend, a, b);
  const transposed = transpose(backend, b, [1, 0]);
  try {
    return matMul(backend, a, transposed);
  } finally {
    backend.disposeData(transposed.dataId);
  }
}
