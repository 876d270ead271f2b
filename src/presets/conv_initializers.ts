import * as tf from '@tensorflow/tfjs';

import type { Initializer } from '../layers';

/**
 * How the shape networks' convolutions start:
 * - `'pytorch'`: PyTorch's default for Conv2d / ConvTranspose2d
 *   (`kaiming_uniform_(a = sqrt(5))` and a uniform bias), what the reference
 *   code trains from: kernel and bias uniform in ±1/sqrt(fanIn), fanIn =
 *   `weight.size(1) * k * k` (in_channels * k * k for a convolution,
 *   out_channels * k * k for a transposed one, whose weight PyTorch stores
 *   [in, out, k, k]). Each ReLU layer shrinks the activations' scale.
 * - `'he'`: He et al. (2015), uniform: kernel uniform in ±sqrt(6 / fanIn),
 *   bias 0, fanIn the inputs that reach one output pixel (in_channels * k * k
 *   for a convolution, in_channels * (k / stride)^2 for a transposed one),
 *   which keeps the activations' scale through each ReLU layer.
 *
 * @category Presets
 */
export type ConvInitialization = 'pytorch' | 'he';

/**
 * The initializations {@link ConvInitialization} names.
 *
 * @category Presets
 */
export const CONV_INITIALIZATIONS: readonly ConvInitialization[] = ['pytorch', 'he'];

/**
 * @deprecated Use {@link ConvInitialization}; removed in 0.3.
 * @category Presets
 */
export type ConvInitialisation = ConvInitialization;

/**
 * @deprecated Use {@link CONV_INITIALIZATIONS}; removed in 0.3.
 * @category Presets
 */
export const CONV_INITIALISATIONS: readonly ConvInitialization[] = CONV_INITIALIZATIONS;

/** What the fan-in of a (transposed) convolution depends on. */
export interface ConvLayerShape {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  strides: number;
  transposed: boolean;
}

/**
 * Serializable tfjs initializers of one convolution's kernel and bias.
 *
 * @param initialization See {@link ConvInitialization}.
 * @param layer Channels, kernel size, stride and kind of the layer.
 * @param seeds Seeds of the kernel and of the bias; undefined for Math.random.
 */
export function convInitializers(
  initialization: ConvInitialization,
  layer: ConvLayerShape,
  seeds?: { kernel: number; bias: number },
): { kernelInitializer: Initializer; biasInitializer: Initializer } {
  const { inChannels, outChannels, kernelSize, strides, transposed } = layer;
  if (initialization === 'he') {
    const fanIn = inChannels * (transposed ? (kernelSize / strides) ** 2 : kernelSize ** 2);
    const bound = Math.sqrt(6 / fanIn);
    return {
      kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: seeds?.kernel }),
      biasInitializer: tf.initializers.zeros(),
    };
  }
  const bound = 1 / Math.sqrt((transposed ? outChannels : inChannels) * kernelSize ** 2);
  return {
    kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: seeds?.kernel }),
    biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: seeds?.bias }),
  };
}
