import { assertPositiveInteger, assertSeed } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import { streamSeed } from '../random/stream_seed';
import { CONV_INITIALIZATIONS, convInitializers, type ConvInitialization } from './conv_initializers';

/**
 * Options of {@link mnistEncoder} and {@link mnistDecoder}.
 *
 * @category Presets
 */
export interface MnistNetworkOptions {
  /**
   * Seed of the weight initialization, an integer in [0, 2^32 - 1]. Layer
   * i's kernel and bias draw from the streams `streamSeed(seed,
   * 'mnist-encoder-kernel', i)` and `streamSeed(seed, 'mnist-encoder-bias', i)`
   * (`mnist-decoder-...` in the decoder), so no two weights share a stream.
   * Default: Math.random.
   */
  seed?: number;
  /**
   * How the convolutions and linear layers start, see
   * {@link ConvInitialization}; default `'pytorch'`, the reference code's
   * (PyTorch's default for Conv2d, ConvTranspose2d and Linear alike: kernel
   * and bias uniform in ±1/sqrt(fanIn)).
   */
  initialization?: ConvInitialization;
}

/** Side length of the MNIST images the networks take and give, pixels (the reference's Resize(32)). */
export const MNIST_SIZE = 32;

/**
 * Checks the common arguments of the MNIST networks.
 *
 * @throws Error naming `dim`'s name, `seed` or `initialization` when invalid.
 */
export function checkMnistNetworkArgs(dim: unknown, dimName: string, options: MnistNetworkOptions): ConvInitialization {
  assertPositiveInteger(dim, dimName);
  const { seed, initialization = 'pytorch' } = options;
  if (seed !== undefined) assertSeed(seed, 'seed');
  if (!CONV_INITIALIZATIONS.includes(initialization)) {
    throw new Error(
      `\`initialization\` must be one of ${CONV_INITIALIZATIONS.map((name) => `'${name}'`).join(', ')}, but got ${describeValue(initialization)}`,
    );
  }
  return initialization;
}

/** One layer's shape for its initializers; a Linear layer is a 1 x 1 convolution of its inputs. */
export interface MnistLayerShape {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  strides: number;
  transposed: boolean;
}

/**
 * The initializers of layer `index` of the `network`, drawn from that
 * layer's own seeds. A Linear layer is given as kernel size 1, stride 1, not
 * transposed: PyTorch's `nn.Linear` default is then the convolutions' (bound
 * 1/sqrt(in_features) for weight and bias), and He's bound sqrt(6 / in_features).
 */
export function mnistLayerInitializers(
  network: 'mnist-encoder' | 'mnist-decoder',
  initialization: ConvInitialization,
  seed: number | undefined,
): (index: number, layer: MnistLayerShape) => ReturnType<typeof convInitializers> {
  return (index, layer) =>
    convInitializers(
      initialization,
      layer,
      seed === undefined
        ? undefined
        : { kernel: streamSeed(seed, `${network}-kernel`, index), bias: streamSeed(seed, `${network}-bias`, index) },
    );
}
