import type * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from './wasm_kernel_context';

/**
 * Runs `body` with a `keep` function that registers intermediate wasm tensors,
 * and frees all of them afterwards, also when `body` throws. Kernels allocate
 * outside the engine's bookkeeping, so nothing else would free them.
 */
export function withIntermediates<T>(
  backend: WasmBackendLike,
  body: (keep: (info: tf.TensorInfo) => tf.TensorInfo) => T,
): T {
  const kept: tf.TensorInfo[] = [];
  try {
    return body((info) => {
      kept.push(info);
      return info;
    });
  } finally {
    for (const info of kept) backend.disposeData(info.dataId);
  }
}
