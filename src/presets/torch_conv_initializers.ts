import * as tf from '@tensorflow/tfjs';

import type { Initializer } from '../layers';

/**
 * PyTorch's default initialisation of a Conv2d / ConvTranspose2d layer
 * (`reset_parameters`: `kaiming_uniform_(a = sqrt(5))` for the weight, and
 * uniform bias), as serializable tfjs initializers: kernel and bias both
 * uniform in [-1/sqrt(fanIn), 1/sqrt(fanIn)], where PyTorch's fanIn is
 * `weight.size(1) * kh * kw`, i.e. in_channels * kh * kw for a convolution
 * and out_channels * kh * kw for a transposed convolution (its weight is
 * stored [in, out, kh, kw]).
 *
 * tfjs's default, Glorot uniform with zero bias, has a different scale; the
 * presets use this one so that training starts where the reference code's does.
 *
 * @param fanIn PyTorch's fan-in of the layer.
 * @param seeds Seeds of the kernel and of the bias; undefined for Math.random.
 */
export function torchConvInitializers(
  fanIn: number,
  seeds?: { kernel: number; bias: number },
): { kernelInitializer: Initializer; biasInitializer: Initializer } {
  const bound = 1 / Math.sqrt(fanIn);
  return {
    kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: seeds?.kernel }),
    biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: seeds?.bias }),
  };
}
