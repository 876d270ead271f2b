import * as tf from '@tensorflow/tfjs';
import { useWasmTraining, type WasmTrainingOptions } from './use_wasm_training';

/** The backend {@link selectBackend} chose and why.
 *
 * @category Backends
 */
export interface BackendChoice {
  /** tfjs backend name: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  name: 'tensorflow' | 'wasm' | 'cpu';
  /** One sentence saying why this backend, for logs. */
  reason: string;
}

async function tryTfjsNode(): Promise<BackendChoice | string> {
  const specifier = '@tensorflow/tfjs-node';
  if (typeof process === 'undefined' || process.versions?.node === undefined) return `${specifier} needs Node`;
  try {
    await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier);
  } catch (error) {
    return `${specifier} is not importable (${(error as Error).message.split('\n')[0]})`;
  }
  if (await tf.setBackend('tensorflow')) {
    return { name: 'tensorflow', reason: `${specifier} is installed: native TensorFlow (C++)` };
  }
  return `${specifier} loaded but its 'tensorflow' backend failed to start`;
}

async function tryWasm(options: WasmTrainingOptions): Promise<BackendChoice | string> {
  try {
    const info = await useWasmTraining(options);
    const simd = info.simd ? 'SIMD' : 'no SIMD';
    return { name: 'wasm', reason: `wasm with this library's training kernels (${simd}, ${info.threads} thread(s))` };
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/**
 * Picks and activates the fastest tfjs backend that can train here:
 * tfjs-node ('tensorflow') when `@tensorflow/tfjs-node` is importable,
 * otherwise 'wasm' with this library's training kernels
 * ({@link useWasmTraining}) when `@tensorflow/tfjs-backend-wasm` is
 * installed, otherwise 'cpu'. Neither package is required: both are optional
 * peers, imported only here. The library's layers and metrics run on any
 * backend; this only decides speed.
 *
 * @param options Passed to {@link useWasmTraining}; in a web app give
 *   `wasmPackage` and `wasmPaths` (see there). Default: none.
 * @returns The chosen backend's name and the reason, including why faster
 *   ones were passed over.
 * @throws Error only if even the 'cpu' backend fails to start.
 * @example
 * ```ts
 * import { selectBackend } from 'irmae';
 *
 * const choice = await selectBackend();
 * console.log(`backend: ${choice.name} (${choice.reason})`);
 * // => backend: wasm (wasm with this library's training kernels (SIMD, 1 thread(s));
 * //    @tensorflow/tfjs-node is not importable (Cannot find package ...))
 * ```
 * @category Backends
 */
export async function selectBackend(options: WasmTrainingOptions = {}): Promise<BackendChoice> {
  const passedOver: string[] = [];
  for (const attempt of [tryTfjsNode, () => tryWasm(options)]) {
    const outcome = await attempt();
    if (typeof outcome !== 'string') {
      return { ...outcome, reason: [outcome.reason, ...passedOver].join('; ') };
    }
    passedOver.push(outcome);
  }
  if (!(await tf.setBackend('cpu'))) throw new Error("Not even tfjs's 'cpu' backend could start.");
  return { name: 'cpu', reason: ['plain JavaScript, slow for convolutions', ...passedOver].join('; ') };
}

/**
 * Another name for {@link selectBackend}, for code that reads better as an
 * action: `await useFastestBackend()`.
 *
 * @returns The chosen backend's name and the reason.
 * @example
 * ```ts
 * import { useFastestBackend } from 'irmae';
 * const { name } = await useFastestBackend(); // => 'wasm' where tfjs-node is absent
 * ```
 * @category Backends
 */
export const useFastestBackend: (options?: WasmTrainingOptions) => Promise<BackendChoice> = selectBackend;
