import * as tf from '@tensorflow/tfjs';
import { ADAM_STEP, adamStepWasm } from './adam_step_kernel';
import { conv2DBackpropFilterWasm } from './conv2d_backprop_filter';
import { conv2DBackpropInputWasm } from './conv2d_backprop_input';

const trainingKernels: readonly tf.KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilterWasm as tf.KernelFunc },
  { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2DBackpropInputWasm as tf.KernelFunc },
  { kernelName: ADAM_STEP, backendName: 'wasm', kernelFunc: adamStepWasm as unknown as tf.KernelFunc },
];

/**
 * Registers this library's training kernels (`Conv2DBackpropFilter`,
 * `Conv2DBackpropInput`, and `IrmaeAdamStep`, the one-pass Adam update that
 * {@link FusedAdamOptimizer} runs) for tfjs's 'wasm' backend, replacing any
 * kernel of the same name; calling it again is a no-op. {@link useWasmTraining} calls
 * it; call it yourself only when you set up the wasm backend yourself (e.g.
 * with your own `setWasmPaths` or thread count). The wasm package need not be
 * loaded yet: tfjs looks kernels up by name each time an op runs.
 *
 * @returns The names of the kernels now served by this library.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmTrainingKernels } from 'irmae';
 *
 * registerWasmTrainingKernels(); // => ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'IrmaeAdamStep']
 * await tf.setBackend('wasm');
 * ```
 * @category Backends
 */
export function registerWasmTrainingKernels(): string[] {
  for (const config of trainingKernels) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    // Unregister first: tfjs warns on the console when a kernel is overwritten.
    if (current != null) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  return trainingKernels.map((config) => config.kernelName);
}
