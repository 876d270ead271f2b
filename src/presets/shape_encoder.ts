import * as tf from '@tensorflow/tfjs';

import {
  checkShapeNetworkArgs,
  shapeLayerInitializers,
  SHAPE_CHANNELS,
  SHAPE_IMAGE_SIZE,
  type ShapeNetworkOptions,
} from './shape_network_options';

/**
 * The encoder of the IRMAE reference code's shape model (Jing, Zbontar and
 * LeCun, NeurIPS 2020; facebookresearch/irmae), in NHWC:
 *
 * | PyTorch (NCHW)              | tfjs here                              | output       |
 * |-----------------------------|----------------------------------------|--------------|
 * | Conv2d(3, 32, 4, 2, 1) ReLU  | conv2d 32, k4 s2 `'same'`, relu        | [16, 16, 32] |
 * | Conv2d(32, 64, 4, 2, 1) ReLU | conv2d 64, k4 s2 `'same'`, relu        | [8, 8, 64]   |
 * | Conv2d(64, 128, 4, 2, 1) ReLU| conv2d 128, k4 s2 `'same'`, relu       | [4, 4, 128]  |
 * | Conv2d(128, 256, 4, 2, 1) ReLU| conv2d 256, k4 s2 `'same'`, relu      | [2, 2, 256]  |
 * | Conv2d(256, dim, 2, 1, 0)    | conv2d dim, k2 s1 `'valid'`, linear    | [1, 1, dim]  |
 * | `.view(-1, dim)`             | flatten                                | [dim]        |
 *
 * Padding: for a k4 s2 convolution of an even input size H, tfjs's `'same'`
 * pads H/2 * 2 - 2 + 4 - H = 2 pixels in total, floor(2/2) = 1 before and 1
 * after, exactly PyTorch's `padding=1` (tested against PyTorch to 1e-4).
 *
 * Parameters (dim = 32, width = 32), as PyTorch counts them, weights + biases:
 * 3*32*16 + 32 = 1,568; 32*64*16 + 64 = 32,832; 64*128*16 + 128 = 131,200;
 * 128*256*16 + 256 = 524,544; 256*32*4 + 32 = 32,800; total 722,944.
 *
 * Initialization: PyTorch's default for convolutions (uniform in
 * ±1/sqrt(fan_in) for kernel and bias), not tfjs's Glorot uniform, unless
 * `options.initialization` says `'he'` (see {@link ConvInitialization}).
 *
 * @param latentDim Size of the code, the paper's latent dim; a positive integer. Default 32.
 * @param options `width` (default 32), `seed` and `initialization`, see {@link ShapeNetworkOptions}.
 * @returns A `tf.Sequential` mapping images `[batch, 32, 32, 3]` (values in [0, 1]) to codes `[batch, latentDim]`.
 * @throws Error naming `latentDim` or `width` when not a positive integer, `seed` when not an integer in [0, 2^32 - 1],
 *   `initialization` when not one of {@link CONV_INITIALIZATIONS}.
 *
 * @example
 * ```ts
 * const encoder = shapeEncoder(32);
 * encoder.countParams(); // => 722944
 * encoder.predict(tf.zeros([2, 32, 32, 3])).shape; // => [2, 32]
 * ```
 *
 * @category Presets
 */
export function shapeEncoder(latentDim = 32, options: ShapeNetworkOptions = {}): tf.Sequential {
  const { width, initialization } = checkShapeNetworkArgs(latentDim, options);
  const channels = [SHAPE_CHANNELS, width, 2 * width, 4 * width, 8 * width];
  const initializers = shapeLayerInitializers('shape-encoder', initialization, options.seed);
  const layers: tf.layers.Layer[] = [];
  for (let i = 1; i < channels.length; i++) {
    layers.push(
      tf.layers.conv2d({
        ...(i === 1 && { inputShape: [SHAPE_IMAGE_SIZE, SHAPE_IMAGE_SIZE, SHAPE_CHANNELS] }),
        filters: channels[i],
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        ...initializers(i - 1, channels[i - 1], channels[i], 4, 2),
      }),
    );
  }
  layers.push(
    tf.layers.conv2d({
      filters: latentDim,
      kernelSize: 2,
      strides: 1,
      padding: 'valid',
      ...initializers(4, channels[4], latentDim, 2, 1),
    }),
    tf.layers.flatten(),
  );
  return tf.sequential({ layers });
}
