import * as tf from '@tensorflow/tfjs';

import { checkOutputActivation, type DecoderOutputOptions } from './output_activation';
import { checkMnistNetworkArgs, mnistLayerInitializers, type MnistNetworkOptions } from './mnist_network_options';

/**
 * Options of {@link mnistDecoder}: `seed`, `initialization` and
 * `outputActivation` (default `'tanh'`; `'sigmoid'` for the VAE).
 *
 * @category Presets
 */
export interface MnistDecoderOptions extends MnistNetworkOptions, DecoderOutputOptions {}

/** Side and channels of the decoder's first feature map (the Linear layer's output, reshaped). */
const START_SIZE = 8;
const START_CHANNELS = 128;

/**
 * The decoder of the IRMAE reference code's MNIST model (Jing, Zbontar and
 * LeCun, NeurIPS 2020; facebookresearch/irmae `model.py`), in NHWC:
 *
 * | PyTorch (NCHW)                          | tfjs here                                 | output       |
 * |-----------------------------------------|-------------------------------------------|--------------|
 * | Linear(n, 8*8*128)                      | dense 8192                                | [8192]       |
 * | `.view(-1, 128, 8, 8)`, ReLU            | reshape [8, 8, 128], ReLU                 | [8, 8, 128]  |
 * | ConvTranspose2d(128, 64, 4, 2, 1) ReLU  | conv2dTranspose 64, k4 s2 `'same'`, relu  | [16, 16, 64] |
 * | ConvTranspose2d(64, 32, 4, 2, 1) ReLU   | conv2dTranspose 32, k4 s2 `'same'`, relu  | [32, 32, 32] |
 * | ConvTranspose2d(32, 1, 1, 1, 0) Tanh    | conv2dTranspose 1, k1 s1 `'valid'`, tanh  | [32, 32, 1]  |
 *
 * (Sigmoid instead of Tanh for the VAE.) The reshape order differs: PyTorch
 * reads the 8192 values as [channel, row, column], tfjs as [row, column,
 * channel]. That permutes the Linear layer's output units, which changes
 * neither the parameter count nor the set of functions the decoder can
 * compute; only weights copied from PyTorch need the permutation.
 *
 * Parameters, as PyTorch counts them (weights + biases), n = 128: 128*8192 +
 * 8192 = 1,056,768; 128*64*16 + 64 = 131,136; 64*32*16 + 32 = 32,800; 32*1 +
 * 1 = 33. Total 1,220,737.
 *
 * @param latentDim Size of the code n; a positive integer. Default 128.
 * @param options `seed`, `initialization` and `outputActivation`, see {@link MnistDecoderOptions}.
 * @returns A `tf.Sequential` mapping codes `[batch, latentDim]` to images `[batch, 32, 32, 1]`.
 * @throws Error naming `latentDim` when not a positive integer, `seed`,
 *   `initialization` or `outputActivation` when invalid.
 *
 * @example
 * ```ts
 * const decoder = mnistDecoder(128, { seed: 1 });
 * decoder.countParams(); // => 1220737
 * decoder.predict(tf.zeros([2, 128])).shape; // => [2, 32, 32, 1]
 * ```
 *
 * @category Presets
 */
export function mnistDecoder(latentDim = 128, options: MnistDecoderOptions = {}): tf.Sequential {
  const initialization = checkMnistNetworkArgs(latentDim, 'latentDim', options);
  const outputActivation = checkOutputActivation(options.outputActivation);
  const initializers = mnistLayerInitializers('mnist-decoder', initialization, options.seed);
  const units = START_SIZE * START_SIZE * START_CHANNELS;
  const transposedConv = (index: number, inChannels: number, filters: number, kernelSize: number, strides: number, activation: 'relu' | 'tanh' | 'sigmoid') =>
    tf.layers.conv2dTranspose({
      filters,
      kernelSize,
      strides,
      padding: kernelSize === 1 ? 'valid' : 'same',
      activation,
      ...initializers(index, { inChannels, outChannels: filters, kernelSize, strides, transposed: true }),
    });
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [latentDim],
        units,
        ...initializers(0, { inChannels: latentDim, outChannels: units, kernelSize: 1, strides: 1, transposed: false }),
      }),
      tf.layers.reshape({ targetShape: [START_SIZE, START_SIZE, START_CHANNELS] }),
      tf.layers.reLU(),
      transposedConv(1, START_CHANNELS, 64, 4, 2, 'relu'),
      transposedConv(2, 64, 32, 4, 2, 'relu'),
      transposedConv(3, 32, 1, 1, 1, outputActivation),
    ],
  });
}
