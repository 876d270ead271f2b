import * as tf from '@tensorflow/tfjs';

import { checkOutputActivation, type DecoderOutputOptions } from './output_activation';
import { checkShapeNetworkArgs, SHAPE_CHANNELS, shapeLayerInitializers, type ShapeNetworkOptions } from './shape_network_options';

/**
 * The decoder of the IRMAE reference code's shape model (Jing, Zbontar and
 * LeCun, NeurIPS 2020; facebookresearch/irmae), in NHWC:
 *
 * | PyTorch (NCHW)                        | tfjs here                                  | output       |
 * |---------------------------------------|--------------------------------------------|--------------|
 * | `.view(-1, dim, 1, 1)`                | reshape                                    | [1, 1, dim]  |
 * | ConvTranspose2d(dim, 256, 2, 1, 0) ReLU | conv2dTranspose 256, k2 s1 `'valid'`, relu | [2, 2, 256]  |
 * | ConvTranspose2d(256, 128, 4, 2, 1) ReLU | conv2dTranspose 128, k4 s2 `'same'`, relu  | [4, 4, 128]  |
 * | ConvTranspose2d(128, 64, 4, 2, 1) ReLU  | conv2dTranspose 64, k4 s2 `'same'`, relu   | [8, 8, 64]   |
 * | ConvTranspose2d(64, 32, 4, 2, 1) ReLU   | conv2dTranspose 32, k4 s2 `'same'`, relu   | [16, 16, 32] |
 * | ConvTranspose2d(32, 3, 4, 2, 1) Tanh    | conv2dTranspose 3, k4 s2 `'same'`, tanh    | [32, 32, 3]  |
 *
 * Padding: tfjs's transposed convolution with `'same'` is the adjoint of the
 * k4 s2 `'same'` convolution from 2H to H, which pads 1 before and 1 after;
 * PyTorch's ConvTranspose2d(padding=1) is the adjoint of Conv2d(padding=1).
 * Both give 2H and the same values (tested against PyTorch to 1e-4).
 * The output ends in tanh, range [-1, 1], as in the reference code's
 * autoencoders (sigmoid, range (0, 1), for its VAE: `outputActivation`).
 *
 * Parameters (dim = 32, width = 32), as PyTorch counts them, weights + biases:
 * 32*256*4 + 256 = 33,024; 256*128*16 + 128 = 524,416; 128*64*16 + 64 =
 * 131,136; 64*32*16 + 32 = 32,800; 32*3*16 + 3 = 1,539; total 722,915.
 *
 * Initialization: PyTorch's default for transposed convolutions (uniform in
 * ±1/sqrt(fan_in) with fan_in = out_channels * kh * kw, PyTorch's convention),
 * unless `options.initialization` says `'he'` (see {@link ConvInitialization}).
 *
 * @param latentDim Size of the code; a positive integer. Default 32.
 * @param options `width` (default 32), `seed` and `initialization`, see {@link ShapeNetworkOptions};
 *   `outputActivation`, `'tanh'` (default) or `'sigmoid'`.
 * @returns A `tf.Sequential` mapping codes `[batch, latentDim]` to images `[batch, 32, 32, 3]`.
 * @throws Error naming `latentDim` or `width` when not a positive integer, `seed` when not an integer in [0, 2^32 - 1],
 *   `initialization` when not one of {@link CONV_INITIALIZATIONS}.
 *
 * @example
 * ```ts
 * const decoder = shapeDecoder(32);
 * decoder.countParams(); // => 722915
 * decoder.predict(tf.zeros([2, 32])).shape; // => [2, 32, 32, 3]
 * ```
 *
 * @category Presets
 */
export function shapeDecoder(latentDim = 32, options: ShapeNetworkOptions & DecoderOutputOptions = {}): tf.Sequential {
  const { width, initialization } = checkShapeNetworkArgs(latentDim, options);
  const outputActivation = checkOutputActivation(options.outputActivation);
  const channels = [8 * width, 4 * width, 2 * width, width, SHAPE_CHANNELS];
  const initializers = shapeLayerInitializers('shape-decoder', initialization, options.seed);
  const layers: tf.layers.Layer[] = [
    tf.layers.reshape({ inputShape: [latentDim], targetShape: [1, 1, latentDim] }),
    tf.layers.conv2dTranspose({
      filters: channels[0],
      kernelSize: 2,
      strides: 1,
      padding: 'valid',
      activation: 'relu',
      ...initializers(0, latentDim, channels[0], 2, 1),
    }),
  ];
  for (let i = 1; i < channels.length; i++) {
    layers.push(
      tf.layers.conv2dTranspose({
        filters: channels[i],
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        activation: i === channels.length - 1 ? outputActivation : 'relu',
        ...initializers(i, channels[i - 1], channels[i], 4, 2),
      }),
    );
  }
  return tf.sequential({ layers });
}
