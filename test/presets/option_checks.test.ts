import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import {
  createFigureModel,
  createLorae,
  createMnistAutoencoder,
  createMnistClassifier,
  createRrae,
  createShapeAutoencoder,
  createVae,
  type FigureModelName,
  mnistDecoder,
  mnistEncoder,
  shapeDecoder,
  shapeEncoder,
} from '../../src/presets';

/**
 * Every preset checks all its options before it makes a weight: a bad one
 * throws the message naming it and leaves tf.memory()'s tensor count as it
 * was. Before the checks came first, the networks were built and then the
 * linear layers, the penalty or the sampler refused their options, leaving
 * 18 (MNIST) or 20 (shapes) weight tensors behind.
 */
const BAD_OPTIONS: [string, () => unknown, string][] = [
  ['createMnistAutoencoder irmLayers', () => createMnistAutoencoder({ irmLayers: 1.5 }), '`irmLayers` must be a non-negative integer, but got 1.5'],
  ['createMnistAutoencoder latentDim', () => createMnistAutoencoder({ latentDim: 0 }), '`latentDim` must be a positive integer, but got 0'],
  ['createMnistAutoencoder seed', () => createMnistAutoencoder({ seed: -1 }), '`seed` must be an integer in [0, 2^32 - 1], but got -1'],
  [
    'createMnistAutoencoder initialization',
    () => createMnistAutoencoder({ initialization: 'glorot' as never }),
    "`initialization` must be one of 'pytorch', 'he', but got \"glorot\"",
  ],
  ['createMnistAutoencoder irmOptions', () => createMnistAutoencoder({ irmOptions: null as never }), '`irmOptions` must be an options object, but got null'],
  [
    'createMnistAutoencoder irmOptions.useBias',
    () => createMnistAutoencoder({ irmLayers: 8, irmOptions: { useBias: 1 as never } }),
    '`useBias` must be a boolean, but got 1',
  ],
  [
    'createMnistAutoencoder irmOptions.kernelInitializer',
    () => createMnistAutoencoder({ irmLayers: 8, irmOptions: { kernelInitializer: 'nope' as never } }),
    '`kernelInitializer` names no registered tfjs initializer, but got "nope"',
  ],
  [
    'createMnistAutoencoder irmOptions.seed with seed and kernelInitializer',
    () => createMnistAutoencoder({ irmLayers: 2, irmOptions: { seed: 3, kernelInitializer: 'zeros' } }),
    '`seed` seeds the default kernelInitializer and cannot be combined with `kernelInitializer`',
  ],
  ['createVae beta', () => createVae({ beta: -1 }), '`beta` must be a finite number >= 0, but got -1'],
  ['createVae shapes beta', () => createVae({ data: 'shapes', beta: Number.NaN }), '`beta` must be a finite number >= 0, but got NaN'],
  ['createVae inference', () => createVae({ inference: 'mode' as never }), "`inference` must be 'sample' or 'mean', but got \"mode\""],
  ['createVae seed', () => createVae({ seed: 1.5 }), '`seed` must be an integer in [0, 2^32 - 1], but got 1.5'],
  [
    'createVae initialization',
    () => createVae({ data: 'shapes', initialization: 'glorot' as never }),
    "`initialization` must be one of 'pytorch', 'he', but got \"glorot\"",
  ],
  ['createVae latentDim', () => createVae({ latentDim: 2.5 }), '`latentDim` must be a positive integer, but got 2.5'],
  ['createVae data', () => createVae({ data: 'celeba' as never }), "`data` must be 'mnist' or 'shapes', but got \"celeba\""],
  ['createLorae lambda', () => createLorae({ lambda: -1 }), '`lambda` must be a finite non-negative number, but got -1'],
  ['createLorae shapes lambda', () => createLorae({ data: 'shapes', lambda: Number.NaN }), '`lambda` must be a finite non-negative number, but got NaN'],
  ['createLorae latentDim', () => createLorae({ latentDim: 0 }), '`latentDim` must be a positive integer, but got 0'],
  ['createLorae seed', () => createLorae({ seed: -1 }), '`seed` must be an integer in [0, 2^32 - 1], but got -1'],
  ['createLorae data', () => createLorae({ data: 'celeba' as never }), "`data` must be 'mnist' or 'shapes', but got \"celeba\""],
  ['createRrae rank 0', () => createRrae({ rank: 0 }), '`rank` must be a positive integer, but got 0'],
  ['createRrae rank 2.5', () => createRrae({ rank: 2.5 }), '`rank` must be a positive integer, but got 2.5'],
  ['createRrae rank missing', () => createRrae({} as never), '`rank` must be a positive integer, but got undefined'],
  ['createRrae rank > latentDim', () => createRrae({ rank: 129 }), '`rank` must be at most `latentDim` = 128, but got 129'],
  ['createRrae shapes rank > latentDim', () => createRrae({ data: 'shapes', rank: 33 }), '`rank` must be at most `latentDim` = 32, but got 33'],
  ['createRrae options', () => (createRrae as (options?: unknown) => unknown)(), '`options` must be an options object { rank }, but got undefined'],
  ['createRrae initialization', () => createRrae({ rank: 2, initialization: 'glorot' as never }), "`initialization` must be one of 'pytorch', 'he', but got \"glorot\""],
  ['createShapeAutoencoder irmLayers', () => createShapeAutoencoder({ irmLayers: 1.5 }), '`irmLayers` must be a non-negative integer, but got 1.5'],
  ['createShapeAutoencoder width', () => createShapeAutoencoder({ width: 0 }), '`width` must be a positive integer, but got 0'],
  ['createShapeAutoencoder codeRegularizer.l1', () => createShapeAutoencoder({ codeRegularizer: { l1: -2 } }), '`l1` must be a finite number >= 0, but got -2'],
  ['createShapeAutoencoder codeRegularizer.l2', () => createShapeAutoencoder({ codeRegularizer: { l2: Infinity } }), '`l2` must be a finite number >= 0, but got Infinity'],
  [
    'createShapeAutoencoder codeRegularizer',
    () => createShapeAutoencoder({ codeRegularizer: 5 as never }),
    '`codeRegularizer` must be an object { l1?, l2? }, but got 5',
  ],
  [
    'createShapeAutoencoder irmOptions.shareWeights',
    () => createShapeAutoencoder({ irmLayers: 2, irmOptions: { shareWeights: 'yes' as never } }),
    '`shareWeights` must be a boolean, but got "yes"',
  ],
  [
    'createShapeAutoencoder initialisation',
    () => createShapeAutoencoder({ initialization: 'he', initialisation: 'pytorch' }),
    '`initialisation` is the deprecated name of `initialization`',
  ],
  ['createFigureModel ae-l1 lambda', () => createFigureModel('ae-l1', { lambda: -1 }), '`lambda` must be a finite number >= 0, but got -1'],
  ['createFigureModel ae-l2 lambda', () => createFigureModel('ae-l2', { lambda: Number.NaN }), '`lambda` must be a finite number >= 0, but got NaN'],
  ['createFigureModel irmae-l2 seed', () => createFigureModel('irmae-l2', { seed: -3 }), '`seed` must be an integer in [0, 2^32 - 1], but got -3'],
  ['createFigureModel name', () => createFigureModel('vae' as FigureModelName), "`name` must be one of 'ae', 'ae-l1', 'ae-l2', 'irmae-l2', 'irmae-l4', but got \"vae\""],
  ['createMnistClassifier seed', () => createMnistClassifier({ seed: 0.5 }), '`seed` must be an integer in [0, 2^32 - 1], but got 0.5'],
  ['mnistEncoder dim', () => mnistEncoder(0), '`dim` must be a positive integer, but got 0'],
  ['mnistEncoder seed', () => mnistEncoder(8, { seed: -1 }), '`seed` must be an integer in [0, 2^32 - 1], but got -1'],
  ['mnistDecoder outputActivation', () => mnistDecoder(8, { outputActivation: 'relu' as never }), "`outputActivation` must be 'tanh' or 'sigmoid', but got \"relu\""],
  ['shapeEncoder width', () => shapeEncoder(8, { width: 1.5 }), '`width` must be a positive integer, but got 1.5'],
  ['shapeDecoder outputActivation', () => shapeDecoder(8, { outputActivation: 'relu' as never }), "`outputActivation` must be 'tanh' or 'sigmoid', but got \"relu\""],
];

describe('preset option checks', () => {
  it('counts the weights of a built preset, which dispose with it', () => {
    // The count the checks below rely on sees a preset's weights: a small
    // shape IRMAE holds 10 + 10 network tensors, 2 linear kernels, nothing else.
    const before = tf.memory().numTensors;
    const { model } = createShapeAutoencoder({ width: 1, latentDim: 2, irmLayers: 2, seed: 1 });
    expect(tf.memory().numTensors - before).toBe(22);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(BAD_OPTIONS)('%s: throws, naming it, and leaves no tensors', (_name, build, message) => {
    const before = tf.memory().numTensors;
    expect(build).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });
});
