import type * as tf from '@tensorflow/tfjs';

import { describeValue } from '../internal/describe_value';
import type { ConvInitialization } from './conv_initializers';
import { mnistDecoder } from './mnist_decoder';
import { mnistEncoder } from './mnist_encoder';
import { checkMnistNetworkArgs, MNIST_SIZE } from './mnist_network_options';
import type { OutputActivation } from './output_activation';
import { shapeDecoder } from './shape_decoder';
import { shapeEncoder } from './shape_encoder';
import { checkShapeNetworkArgs, SHAPE_CHANNELS, SHAPE_IMAGE_SIZE } from './shape_network_options';

/** The data sets the reference code has networks for: the synthetic shapes (RGB) and MNIST (grey). */
export type ReferenceData = 'shapes' | 'mnist';

/** The options of the reference networks that an autoencoder preset passes on. */
export interface ReferenceNetworkArgs {
  /** Size of the code n the decoder takes; a positive integer. */
  latentDim: number;
  /** Outputs of the encoder; default `latentDim` (a VAE's: 2 latentDim, means and log-variances). */
  encoderOutputs?: number;
  /** Channel width of the shape networks, see {@link ShapeNetworkOptions}; `'mnist'` takes none. */
  width?: number;
  /** Seed of the networks' initial weights, see {@link ShapeNetworkOptions} and {@link MnistNetworkOptions}. */
  seed?: number;
  /** How the networks start, see {@link ConvInitialization}; default `'pytorch'`. */
  initialization?: ConvInitialization;
  /** The decoder's last activation, see {@link OutputActivation}; default `'tanh'`. */
  outputActivation?: OutputActivation;
}

/** An encoder and decoder of the reference code, with the image shape they take and give. */
export interface ReferenceNetworks {
  /** Images `[batch, ...imageShape]` to `[batch, encoderOutputs]`. */
  encoder: tf.Sequential;
  /** Codes `[batch, latentDim]` to images `[batch, ...imageShape]`. */
  decoder: tf.Sequential;
  /** `[32, 32, 3]` for the shapes, `[32, 32, 1]` for MNIST (NHWC without the batch). */
  imageShape: [number, number, number];
}

/**
 * Checks the options of the reference networks for `data` without building
 * anything, so that a preset can check every option before it makes a
 * weight.
 *
 * @throws Error naming `data` when it is neither `'shapes'` nor `'mnist'`,
 *   `latentDim`, `width`, `seed` or `initialization` when invalid, or `width`
 *   when given for MNIST, whose networks have no width.
 */
export function checkReferenceNetworkArgs(
  data: ReferenceData,
  { latentDim, width, seed, initialization }: Omit<ReferenceNetworkArgs, 'encoderOutputs' | 'outputActivation'>,
): void {
  if (data === 'shapes') {
    checkShapeNetworkArgs(latentDim, { width, seed, initialization });
  } else if (data === 'mnist') {
    checkMnistNetworkArgs(latentDim, 'latentDim', { seed, initialization });
    if (width !== undefined) {
      throw new Error(`\`width\` applies to the shape networks only; the MNIST networks take none, but got ${describeValue(width)}`);
    }
  } else {
    throw new Error(`\`data\` must be 'mnist' or 'shapes', but got ${describeValue(data)}`);
  }
}

/**
 * The reference code's encoder and decoder for `data`:
 * {@link shapeEncoder} / {@link shapeDecoder} or {@link mnistEncoder} /
 * {@link mnistDecoder}. The encoder is built first, then the decoder: tfjs
 * names layers by per-class counters, so this order fixes the weights' names.
 *
 * @param data `'shapes'` or `'mnist'`.
 * @param args See {@link ReferenceNetworkArgs}.
 * @returns `{ encoder, decoder, imageShape }`.
 * @throws What {@link checkReferenceNetworkArgs} throws.
 */
export function referenceNetworks(data: ReferenceData, args: ReferenceNetworkArgs): ReferenceNetworks {
  checkReferenceNetworkArgs(data, args);
  const { latentDim, encoderOutputs = latentDim, width, seed, initialization, outputActivation } = args;
  if (data === 'mnist') {
    return {
      encoder: mnistEncoder(encoderOutputs, { seed, initialization }),
      decoder: mnistDecoder(latentDim, { seed, initialization, outputActivation }),
      imageShape: [MNIST_SIZE, MNIST_SIZE, 1],
    };
  }
  return {
    encoder: shapeEncoder(encoderOutputs, { width, seed, initialization }),
    decoder: shapeDecoder(latentDim, { width, seed, initialization, outputActivation }),
    imageShape: [SHAPE_IMAGE_SIZE, SHAPE_IMAGE_SIZE, SHAPE_CHANNELS],
  };
}
