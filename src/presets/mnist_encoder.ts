import * as tf from '@tensorflow/tfjs';

import { checkMnistNetworkArgs, MNIST_SIZE, mnistLayerInitializers, type MnistNetworkOptions } from './mnist_network_options';

/** Channels of the encoder's convolutions, input first. */
const CHANNELS = [1, 32, 64, 128, 256];

/**
 * The encoder of the IRMAE reference code's MNIST model (Jing, Zbontar and
 * LeCun, NeurIPS 2020; facebookresearch/irmae `model.py`), in NHWC:
 *
 * | PyTorch (NCHW)                 | tfjs here                          | output       |
 * |--------------------------------|------------------------------------|--------------|
 * | Conv2d(1, 32, 4, 2, 1) ReLU    | conv2d 32, k4 s2 `'same'`, relu    | [16, 16, 32] |
 * | Conv2d(32, 64, 4, 2, 1) ReLU   | conv2d 64, k4 s2 `'same'`, relu    | [8, 8, 64]   |
 * | Conv2d(64, 128, 4, 2, 1) ReLU  | conv2d 128, k4 s2 `'same'`, relu   | [4, 4, 128]  |
 * | Conv2d(128, 256, 4, 2, 1) ReLU | conv2d 256, k4 s2 `'same'`, relu   | [2, 2, 256]  |
 * | `.view(-1, 1024)`              | flatten                            | [1024]       |
 * | Linear(1024, dim)              | dense dim                          | [dim]        |
 *
 * (`'same'` pads k4 s2 convolutions of even sizes 1 before and 1 after,
 * PyTorch's `padding=1`, see {@link shapeEncoder}.) The flatten order
 * differs: PyTorch flattens NCHW (channel slowest), tfjs NHWC (channel
 * fastest). That permutes the rows of the Linear weight, which changes
 * neither the parameter count nor the set of functions the encoder can
 * compute; only weights copied from PyTorch need the permutation.
 *
 * Parameters, as PyTorch counts them (weights + biases): 1*32*16 + 32 = 544;
 * 32*64*16 + 64 = 32,832; 64*128*16 + 128 = 131,200; 128*256*16 + 256 =
 * 524,544; 1024*dim + dim (131,200 at dim = 128; 262,400 at dim = 256, the
 * VAE's 2n). Total 820,320 at dim = 128.
 *
 * @param dim Size of the output: the code n for an autoencoder, 2n for a
 *   VAE (means and log-variances); a positive integer. Default 128, the
 *   reference README's n.
 * @param options `seed` and `initialization`, see {@link MnistNetworkOptions}.
 * @returns A `tf.Sequential` mapping images `[batch, 32, 32, 1]` (values in [0, 1]) to `[batch, dim]`.
 * @throws Error naming `dim` when not a positive integer, `seed` when not an
 *   integer in [0, 2^32 - 1], `initialization` when not `'pytorch'` or `'he'`.
 *
 * @example
 * ```ts
 * const encoder = mnistEncoder(128, { seed: 1 });
 * encoder.countParams(); // => 820320
 * encoder.predict(tf.zeros([2, 32, 32, 1])).shape; // => [2, 128]
 * ```
 *
 * @category Presets
 */
export function mnistEncoder(dim = 128, options: MnistNetworkOptions = {}): tf.Sequential {
  const initialization = checkMnistNetworkArgs(dim, 'dim', options);
  const initializers = mnistLayerInitializers('mnist-encoder', initialization, options.seed);
  const layers: tf.layers.Layer[] = [];
  for (let i = 1; i < CHANNELS.length; i++) {
    layers.push(
      tf.layers.conv2d({
        ...(i === 1 && { inputShape: [MNIST_SIZE, MNIST_SIZE, 1] }),
        filters: CHANNELS[i],
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        ...initializers(i - 1, { inChannels: CHANNELS[i - 1], outChannels: CHANNELS[i], kernelSize: 4, strides: 2, transposed: false }),
      }),
    );
  }
  const flat = 2 * 2 * CHANNELS[CHANNELS.length - 1];
  layers.push(
    tf.layers.flatten(),
    tf.layers.dense({
      units: dim,
      ...initializers(CHANNELS.length - 1, { inChannels: flat, outChannels: dim, kernelSize: 1, strides: 1, transposed: false }),
    }),
  );
  return tf.sequential({ layers });
}
