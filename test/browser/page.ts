/**
 * The page of the browser test: tfjs, tfjs-backend-wasm and irmae bundled as
 * a web app would, with the computations of computations.ts on `window`.
 */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { selectBackend, useWasmTraining, type BackendChoice } from 'irmae';
import * as computations from './computations';

/** Starts the wasm backend with the library's training kernels, its binaries served at `/wasm/`. */
async function setUp(): Promise<{ backend: string; simd: boolean; threads: number; kernels: string[] }> {
  const info = await useWasmTraining({ wasmPackage: wasm, wasmPaths: '/wasm/' });
  return { backend: tf.getBackend(), simd: info.simd, threads: info.threads, kernels: info.kernels };
}

/** What selectBackend picks in the browser when given the bundled wasm package. */
function chooseBackend(): Promise<BackendChoice> {
  return selectBackend({ wasmPackage: wasm, wasmPaths: '/wasm/' });
}

Object.assign(window, { irmaeTest: { setUp, chooseBackend, numTensors: () => tf.memory().numTensors, ...computations } });
