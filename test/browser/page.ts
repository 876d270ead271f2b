/**
 * The page of the browser test: tfjs, tfjs-backend-wasm and irmae bundled as
 * a web app would, with the computations of computations.ts on `window`.
 */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import {
  fetchMnistFeatureNetwork,
  MNIST_FEATURES_FILE,
  mnistFeatureNetworkFromBytes,
  selectBackend,
  useWasmTraining,
  type BackendChoice,
} from 'irmae';
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

/**
 * The pinned MNIST feature network fetched from its default URL (beside
 * the bundle, as a bundler places it), or from bytes fetched here, with the
 * measures of `digitMeasures`; the tensors left over after its disposal.
 */
async function mnistFeatureNetwork(from: 'default' | 'bytes'): Promise<ReturnType<typeof computations.digitMeasures> & { left: number }> {
  const before = tf.memory().numTensors;
  const network =
    from === 'default'
      ? await fetchMnistFeatureNetwork()
      : mnistFeatureNetworkFromBytes(new Uint8Array(await (await fetch(MNIST_FEATURES_FILE)).arrayBuffer()));
  const measures = computations.digitMeasures(network);
  network.dispose();
  return { ...measures, left: tf.memory().numTensors - before };
}

/** The error of a file with one byte changed, and the tensors it left. */
async function mnistFeatureError(): Promise<{ message: string; left: number }> {
  const bytes = new Uint8Array(await (await fetch(MNIST_FEATURES_FILE)).arrayBuffer());
  bytes[1000] ^= 0x10;
  const before = tf.memory().numTensors;
  try {
    mnistFeatureNetworkFromBytes(bytes);
    return { message: 'no error', left: tf.memory().numTensors - before };
  } catch (error) {
    return { message: (error as Error).message, left: tf.memory().numTensors - before };
  }
}

Object.assign(window, {
  irmaeTest: { setUp, chooseBackend, mnistFeatureNetwork, mnistFeatureError, numTensors: () => tf.memory().numTensors, ...computations },
});
