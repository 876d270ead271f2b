import type * as tf from '@tensorflow/tfjs';
import { ADAM_STEP_WASM } from './adam_step_binary';
import { heapOffset, type WasmBackendLike } from './wasm_kernel_context';
import { heapModuleExports } from './wasm_heap_module';

/** Name of the fused Adam kernel, registered for 'wasm' by `registerWasmTrainingKernels`. */
export const ADAM_STEP = 'IrmaeAdamStep';

/** Attributes of the {@link ADAM_STEP} kernel: Adam's hyperparameters. */
export interface AdamStepAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

type AdamStepFunction = (
  value: number, m: number, v: number, gradient: number,
  newValue: number, newM: number, newV: number, count: number,
  beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
  correction1: number, correction2: number, epsilon: number, negativeRate: number,
) => void;

/**
 * The fused step on `backend`'s heap, or undefined where the heap is out of
 * reach (see {@link heapModuleExports}); then Adam runs as tfjs's own kernels.
 */
export function adamStepFunction(backend: unknown): AdamStepFunction | undefined {
  return heapModuleExports(backend, ADAM_STEP_WASM)?.adamStep as AdamStepFunction | undefined;
}

/**
 * One Adam step of a variable: inputs `value`, `m`, `v`, `gradient` (float32,
 * one shape) and the scalars `accBeta1`, `accBeta2` (beta^t, Adam's running
 * bias-correction state); returns the new value, m and v, equal to the bit
 * to what tfjs's AdamOptimizer computes with fourteen kernels.
 *
 * @throws Error when the backend's heap cannot run the fused step; check
 *   {@link adamStepFunction} first.
 */
export function adamStepWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo[] {
  const backend = args.backend as WasmBackendLike;
  const step = adamStepFunction(backend);
  if (step === undefined) throw new Error(`${ADAM_STEP} cannot run on this build of the wasm backend.`);
  const { value, m, v, gradient, accBeta1, accBeta2 } = args.inputs as Record<string, tf.TensorInfo>;
  const { learningRate, beta1, beta2, epsilon } = args.attrs as unknown as AdamStepAttrs;
  const outputs = [value, m, v].map((input) => backend.makeOutput(input.shape, 'float32'));
  const [newValue, newM, newV] = outputs.map((output) => heapOffset(backend, output));
  const correction1 = 1 - backend.typedArrayFromHeap(accBeta1)[0];
  const correction2 = 1 - backend.typedArrayFromHeap(accBeta2)[0];
  // WebAssembly rounds each f32 argument to float32, as tfjs rounds its scalars.
  step(
    heapOffset(backend, value), heapOffset(backend, m), heapOffset(backend, v), heapOffset(backend, gradient),
    newValue, newM, newV, value.shape.reduce((a, b) => a * b, 1),
    beta1, 1 - beta1, beta2, 1 - beta2, correction1, correction2, epsilon, -learningRate,
  );
  return outputs;
}
