import * as tf from '@tensorflow/tfjs';
import { ADAM_STEP, adamStepFunction, type AdamStepAttrs } from '../backends/adam_step_kernel';
import { describeValue } from '../internal/describe_value';
import { tfjsPrivateFieldError } from '../internal/tfjs_private_fields';
import { adamInternals, type AdamInternals, type AdamMoment } from './adam_internals';

/**
 * tfjs's Adam, with each variable's update done in one pass where the backend
 * can: on the wasm backend set up by {@link useWasmTraining}, one SIMD kernel
 * reads the weights, both moments and the gradient once and writes the three
 * new arrays, where `tf.train.adam` runs fourteen elementwise kernels (about
 * a tenth of a training step of the shape autoencoder; `npm run bench`).
 *
 * The results are tfjs's to the bit: the kernel rounds to float32 after every
 * operation in tfjs's order. It is an `AdamOptimizer` in every other respect
 * (config, saved weights `<variable>/m` and `/v`, checkpoints), and on other
 * backends it is tfjs's Adam unchanged.
 *
 * @category Training
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  /**
   * @param learningRate Step size (Adam's alpha).
   * @param beta1 Decay of the first-moment average. Default 0.9.
   * @param beta2 Decay of the second-moment average. Default 0.999.
   * @param epsilon Added to the root of the second moment. Default: the
   *   backend's epsilon, as `tf.train.adam` (1e-7 in tfjs; PyTorch uses 1e-8).
   */
  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const fusable = tf.getKernel(ADAM_STEP, tf.getBackend()) !== undefined && adamStepFunction(tf.backend()) !== undefined;
    if (!fusable) {
      super.applyGradients(variableGradients);
      return;
    }
    // The fused step keeps tfjs's private state itself: a tfjs that changed it fails here, by name.
    const state = adamInternals(this);
    const { accBeta1, accBeta2 } = state;
    const attrs: AdamStepAttrs = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(variableGradients);
    tf.tidy(() => {
      entries.forEach(([name, gradient], i) => {
        const value = tf.engine().registeredVariables[name];
        const m = moment(state, 'accumulatedFirstMoment', i, `${name}/m`, value);
        const v = moment(state, 'accumulatedSecondMoment', i, `${name}/v`, value);
        if (gradient == null) return;
        const inputs = { value, m, v, gradient, accBeta1, accBeta2 };
        const [newValue, newM, newV] = tf.engine().runKernel(ADAM_STEP, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(newM);
        v.assign(newV);
        value.assign(newValue);
      });
      accBeta1.assign(tf.mul(accBeta1, this.beta1));
      accBeta2.assign(tf.mul(accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

/** The i-th moment variable, created as zeros (not trainable) on first use, as tfjs's Adam does. */
function moment(
  state: AdamInternals,
  key: 'accumulatedFirstMoment' | 'accumulatedSecondMoment',
  index: number,
  originalName: string,
  value: tf.Variable,
): tf.Variable {
  const moments = (state[key] ??= []);
  moments[index] ??= { originalName, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) } satisfies AdamMoment;
  const { variable } = moments[index];
  if (!(variable instanceof tf.Variable)) {
    throw tfjsPrivateFieldError(`AdamOptimizer.${key}[${index}].variable`, 'a tf.Variable', describeValue(variable));
  }
  return variable;
}

/**
 * {@link FusedAdamOptimizer}: `tf.train.adam` with one-pass updates on the
 * wasm backend, giving the same weights to the bit.
 *
 * @param learningRate Step size (Adam's alpha).
 * @param beta1 Decay of the first-moment average. Default 0.9.
 * @param beta2 Decay of the second-moment average. Default 0.999.
 * @param epsilon Added to the root of the second moment. Default: the
 *   backend's epsilon (1e-7 in tfjs).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { fusedAdam, useWasmTraining } from 'irmae';
 *
 * await useWasmTraining();
 * model.compile({ optimizer: fusedAdam(1e-4, 0.9, 0.999, 1e-8), loss: 'meanSquaredError' });
 * ```
 * @category Training
 */
export function fusedAdam(learningRate: number, beta1?: number, beta2?: number, epsilon?: number): FusedAdamOptimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
