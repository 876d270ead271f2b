import * as tf from '@tensorflow/tfjs';

/**
 * What the training kernels use of tfjs-backend-wasm's `BackendWasm`. Written
 * out here so that the library type-checks and loads without the optional
 * wasm package installed.
 */
export interface WasmBackendLike extends tf.KernelBackend {
  /** Tensor records keyed by data id: where each tensor lives on the wasm heap. */
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined; has(dataId: tf.DataId): boolean };
  /** Allocates an uninitialised float32 tensor on the wasm heap. */
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A view of a tensor's values on the wasm heap (valid until the next allocation). */
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  /** Drops one reference to the tensor's memory; frees it at zero. */
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

/**
 * Runs another kernel of the wasm backend directly, as the backend's own
 * kernels call each other: going through `tf.*` ops inside a kernel would
 * record on the gradient tape and allocate engine-tracked tensors.
 *
 * @throws Error when the kernel is not registered for 'wasm'.
 */
export function runWasmKernel(
  name: string,
  backend: WasmBackendLike,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel == null) {
    throw new Error(`The wasm backend has no '${name}' kernel, which the training kernels build on.`);
  }
  return kernel.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}

/** Where a tensor's values start on the wasm heap, in bytes: the pointer this library's WebAssembly modules take. */
export function heapOffset(backend: WasmBackendLike, info: tf.TensorInfo): number {
  return backend.dataIdMap.get(info.dataId)!.memoryOffset;
}

/** The same data under another shape, without a copy (the caller keeps ownership). */
export function withShape(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Transposes `info` by `perm` with the wasm Transpose kernel; the caller disposes the result. */
export function transpose(backend: WasmBackendLike, info: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return runWasmKernel('Transpose', backend, { x: info }, { perm });
}

/**
 * `a @ b` for row-major matrices `a` [m, k] and `b` [k, n] with the wasm
 * BatchMatMul kernel (XNNPACK). Only the untransposed form is used: in
 * tfjs-backend-wasm 4.22 the transposed forms run a scalar loop 10-60x slower.
 *
 * @returns A new [m, n] tensor; the caller disposes it.
 */
export function matMul(backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
  const [m, k] = a.shape;
  const n = b.shape[1];
  const product = runWasmKernel(
    'BatchMatMul',
    backend,
    { a: withShape(a, [1, m, k]), b: withShape(b, [1, k, n]) },
    { transposeA: false, transposeB: false },
  );
  return withShape(product, [m, n]);
}
