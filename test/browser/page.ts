/**
 * The page of the browser test: tfjs, tfjs-backend-wasm and irmae bundled as
 * a web app would, with the computations of computations.ts on `window`.
 */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { selectBackend, useWasmTraining, type BackendChoice } from 'irmae';
import * as computations from './computations';

/**
 * Starts the wasm backend with the library's training kernels, its binaries
 * served at `/wasm/`; `multithreaded` says whether tfjs took its threaded build.
 */
async function setUp(
  threads?: boolean,
): Promise<{ backend: string; simd: boolean; threads: number; kernels: string[]; multithreaded: boolean }> {
  const info = await useWasmTraining({ wasmPackage: wasm, wasmPaths: '/wasm/', threads });
  const multithreaded = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  return { backend: tf.getBackend(), simd: info.simd, threads: info.threads, kernels: info.kernels, multithreaded };
}

/** What selectBackend picks in the browser when given the bundled wasm package. */
function chooseBackend(): Promise<BackendChoice> {
  return selectBackend({ wasmPackage: wasm, wasmPaths: '/wasm/' });
}

Object.assign(window, { irmaeTest: { setUp, chooseBackend, numTensors: () => tf.memory().numTensors, ...computations } });
