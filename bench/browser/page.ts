/** The page of `npm run bench:browser`: tfjs with its WebGL and wasm backends, and irmae. */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { useWasmTraining } from 'irmae';

import { trainingThroughput } from './workload';

/**
 * Activates a backend: 'wasm' with the library's training kernels (binaries
 * at /wasm/; on a cross-origin isolated page with one thread per core,
 * where tfjs would take half the cores), or 'webgl'.
 */
async function useBackend(
  name: 'wasm' | 'webgl',
): Promise<{ threads?: number; simd?: boolean; multithreadSupport?: boolean; cores?: number; renderer?: string }> {
  if (name === 'wasm') {
    if (self.crossOriginIsolated) wasm.setThreadsCount(navigator.hardwareConcurrency);
    // threads: true lets tfjs load its threaded build on the isolated page (this bundle is not minified).
    const info = await useWasmTraining({ wasmPackage: wasm, wasmPaths: '/wasm/', threads: true });
    const multithreadSupport = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
    return { threads: info.threads, simd: info.simd, multithreadSupport, cores: navigator.hardwareConcurrency };
  }
  if (!(await tf.setBackend('webgl'))) throw new Error('the webgl backend failed to start');
  const gl = document.createElement('canvas').getContext('webgl2');
  const debug = gl?.getExtension('WEBGL_debug_renderer_info');
  return { renderer: debug ? String(gl!.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : 'unknown' };
}

Object.assign(window, {
  irmaeBench: { useBackend, trainingThroughput, crossOriginIsolated: () => self.crossOriginIsolated },
});
