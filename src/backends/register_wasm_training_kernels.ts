import * as tf from '@tensorflow/tfjs';
import { ADAM_STEP, adamStepWasm } from './adam_step_kernel';
import { conv2DBackpropFilterWasm } from './conv2d_backprop_filter';
import { conv2DBackpropInputWasm } from './conv2d_backprop_input';
import { conv2DGemmWasm } from './conv2d_gemm';

const trainingKernels: readonly tf.KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilterWasm as tf.KernelFunc },
  { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2DBackpropInputWasm as tf.KernelFunc },
  { kernelName: ADAM_STEP, backendName: 'wasm', kernelFunc: adamStepWasm as unknown as tf.KernelFunc },
];

/** This library's `Conv2D`, wrapping the wasm package's own, once registered. */
let conv2DOverride: tf.KernelFunc | undefined;

/**
 * Registers this library's training kernels (`Conv2DBackpropFilter`,
 * `Conv2DBackpropInput`, and `IrmaeAdamStep`, the one-pass Adam update that
 * {@link FusedAdamOptimizer} runs) for tfjs's 'wasm' backend, replacing any
 * kernel of the same name; calling it again is a no-op. When the wasm package
 * is loaded already, its `Conv2D` is wrapped too: layers with more output
 * channels than output pixels (the shape encoder's 4x4 to 2x2 layer) run as
 * im2col and one matrix multiply, giving the same bits, the others as before.
 * {@link useWasmTraining} calls it; call it yourself only when you set up the
 * wasm backend yourself (e.g. with your own `setWasmPaths` or thread count),
 * after importing the wasm package (before, all but `Conv2D` are registered:
 * tfjs looks kernels up by name each time an op runs).
 *
 * @returns The names of the kernels now served by this library.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmTrainingKernels } from 'irmae';
 *
 * registerWasmTrainingKernels(); // => ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'IrmaeAdamStep']
 * await tf.setBackend('wasm');
 * ```
 * @category Backends
 */
export function registerWasmTrainingKernels(): string[] {
  for (const config of trainingKernels) register(config);
  const stockConv2D = tf.getKernel('Conv2D', 'wasm');
  if (stockConv2D === undefined) return trainingKernels.map((config) => config.kernelName);
  if (stockConv2D.kernelFunc !== conv2DOverride) {
    conv2DOverride = conv2DGemmWasm(stockConv2D.kernelFunc);
    // The stock kernel binds its wasm function in setupFunc, which the backend runs at start-up.
    register({ ...stockConv2D, kernelFunc: conv2DOverride });
  }
  return ['Conv2D', ...trainingKernels.map((config) => config.kernelName)];
}

function register(config: tf.KernelConfig): void {
  const current = tf.getKernel(config.kernelName, 'wasm');
  if (current?.kernelFunc === config.kernelFunc) return;
  // Unregister first: tfjs warns on the console when a kernel is overwritten.
  if (current != null) tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel(config);
}
