import * as tf from '@tensorflow/tfjs';
import { loadWasmPackage, type WasmPackage } from './load_wasm_package';
import { registerWasmTrainingKernels } from './register_wasm_training_kernels';

/** Options of {@link useWasmTraining}.
 *
 * @category Backends
 */
export interface WasmTrainingOptions {
  /**
   * Where the `.wasm` binaries are served from, passed to the wasm package's
   * `setWasmPaths` (a URL prefix ending in '/', or a map from file name to
   * URL). Needed in browsers and bundles; Node finds them in `node_modules`.
   * Must be given before the wasm backend first initialises. Default: unset.
   */
  wasmPaths?: string | Record<string, string>;
  /**
   * The `@tensorflow/tfjs-backend-wasm` module, for bundled web apps: pass
   * `import * as wasm from '@tensorflow/tfjs-backend-wasm'` so the bundler
   * includes it. Default: imported by name at run time, which works in Node
   * (and wherever the name resolves, e.g. with an import map).
   */
  wasmPackage?: WasmPackage;
  /**
   * Whether tfjs may load its multi-threaded SIMD build, which it picks on a
   * cross-origin isolated page (COOP/COEP headers). That build starts its
   * thread workers from the source text of a function inside the package
   * (`Function.prototype.toString`), which a minifying bundler (Vite's
   * default production build, for one) rewrites into code that refers to
   * names outside it: the workers then fail with `ReferenceError`, and the
   * backend never finishes starting. With `false` the single-threaded SIMD
   * build runs on every page; `true` is for bundles that leave the package
   * unminified. Decided when the backend first initialises.
   * Default: false.
   */
  threads?: boolean;
}

/** What {@link useWasmTraining} enabled.
 *
 * @category Backends
 */
export interface WasmTrainingInfo {
  /** The active tfjs backend: always 'wasm'. */
  backend: 'wasm';
  /** Kernels this library serves for the wasm backend. */
  kernels: string[];
  /** Whether the SIMD build of the wasm binary runs. */
  simd: boolean;
  /** Threads of the XNNPACK thread pool: 1 unless `threads: true` on a cross-origin isolated page. */
  threads: number;
}

/**
 * Makes the tfjs 'wasm' backend (XNNPACK, WebAssembly SIMD) able to train
 * convolutional models at native speed, and makes it the active backend.
 *
 * tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` kernel, so any
 * `conv2d` layer fails to train, and its `Conv2DBackpropInput` (the input
 * gradient, and `conv2dTranspose`) is a scalar loop. This registers both on
 * XNNPACK (the filter gradient as one convolution, the input gradient as one
 * matrix multiply and col2im), for every stride,
 * padding ('same', 'valid', explicit), kernel size, batch size and data format
 * tfjs accepts. Forward convolutions stay on the backend's own XNNPACK kernel.
 * It also registers the one-pass Adam update that {@link FusedAdamOptimizer}
 * (the optimizer `trainAutoencoder` compiles with) runs on this backend.
 * The shape autoencoder of the IRMAE paper (32x32x3, batch 32) trains several
 * hundred times faster than on the 'cpu' backend (see `npm run bench`).
 *
 * Threads are off by default (see {@link WasmTrainingOptions.threads}): the
 * threaded build breaks under minifying bundlers, and on the 2-core machine
 * measured it was no faster (docs/browser.md).
 *
 * @param options See {@link WasmTrainingOptions}.
 * @returns The backend, the kernels registered, SIMD and thread count.
 * @throws Error when `@tensorflow/tfjs-backend-wasm` (an optional peer
 *   dependency) is not installed, or when the wasm backend fails to start.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { useWasmTraining } from 'irmae';
 *
 * const info = await useWasmTraining();
 * // => { backend: 'wasm', kernels: ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'IrmaeAdamStep'], simd: true, threads: 1 }
 * tf.getBackend(); // => 'wasm'
 *
 * // In a web app: bundle the package and serve its .wasm files
 * import * as wasm from '@tensorflow/tfjs-backend-wasm';
 * await useWasmTraining({ wasmPackage: wasm, wasmPaths: '/wasm/' });
 * ```
 * @category Backends
 */
export async function useWasmTraining(options: WasmTrainingOptions = {}): Promise<WasmTrainingInfo> {
  const wasm = options.wasmPackage ?? (await loadWasmPackage());
  if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths);
  // The flag is tfjs's own detection; cleared, tfjs loads a single-threaded build.
  if (options.threads !== true) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const kernels = registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) {
    throw new Error("The tfjs 'wasm' backend failed to initialise; see the console for the reason tfjs gave.");
  }
  await tf.ready();
  return {
    backend: 'wasm',
    kernels,
    simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean,
    threads: wasm.getThreadsCount(),
  };
}
