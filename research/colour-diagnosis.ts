/**
 * Where a shape autoencoder loses colour. For one model (a checkpoint of the
 * training loop, or the untrained model) it prints, layer by layer through
 * the encoder, how much hue (r - g, g - b) and brightness (r + g + b) a
 * least-squares probe reads from the layer's pooled activations and how many
 * of the layer's channels never fire on the evaluation images; the same probe
 * on the code and on the gradient the decoder sends back to the code; and
 * whether the decoder's three output channels still differ. The colour
 * section of docs/reproduction.md quotes its output.
 *
 *   npx tsx research/colour-diagnosis.ts --model ae --checkpoint runs/ae/epoch-0011
 *   npx tsx research/colour-diagnosis.ts --model ae            # untrained, seed 1
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  SHAPE_EVAL_SEED,
  createFigureModel,
  factorProbe,
  generateShapes,
  shapeFactorTable,
  useFastestBackend,
  type FactorTable,
  type FigureModelName,
} from 'irmae';
import { loadTrainedModel } from '../examples/lib/trained-model';
import { hueColumns } from '../examples/lib/hue-columns';
import { reconstructionGradients } from './lib/reconstruction-gradients';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'ae' },
    checkpoint: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'eval-size': { type: 'string', default: '3000' },
  },
});
await useFastestBackend();
const model = values.model as FigureModelName;
const budget = { latentDim: 32, seed: Number(values.seed) };
const autoencoder =
  values.checkpoint === undefined ? createFigureModel(model, budget) : await loadTrainedModel(values.checkpoint, model, budget);
const evalSet = generateShapes({ count: Number(values['eval-size']), seed: SHAPE_EVAL_SEED });
const colour = colourColumns(shapeFactorTable(evalSet));

console.log(`${model} ${values.checkpoint ?? `untrained, seed ${values.seed}`}`);
console.log('layer              channels  never fire  probe R²: r-g    g-b    r+g+b');
tf.tidy(() => {
  const images = tf.tensor4d(evalSet.images, evalSet.shape);
  let activations: tf.Tensor = images;
  for (const [index, layer] of autoencoder.encoder.layers.entries()) {
    activations = layer.apply(activations) as tf.Tensor;
    // The last convolution is linear (it makes the code, probed below as is).
    if ((layer.getConfig() as { activation?: string }).activation !== 'relu') continue;
    const channels = activations.shape[3] as number;
    const silent = `${countSilentChannels(activations as tf.Tensor4D)}`;
    const scores = probeColour(pooledFeatures(activations as tf.Tensor4D), colour);
    console.log(`encoder conv ${index + 1}`.padEnd(19) + `${channels}`.padStart(8) + silent.padStart(12) + scores);
  }
  const codes = autoencoder.encode(images);
  console.log('code'.padEnd(19) + `${codes.shape[1]}`.padStart(8) + ''.padStart(12) + probeColour(codes, colour));
  const dim = codes.shape[1];
  const gradients = tf.tensor2d(reconstructionGradients(autoencoder, evalSet.images, evalSet.shape[0]), [evalSet.shape[0], dim]);
  console.log('gradient at code'.padEnd(19) + `${dim}`.padStart(8) + ''.padStart(12) + probeColour(gradients, colour));
});
console.log(`decoder output kernels, correlation between channels: ${outputChannelCorrelation()}`);

/** The hue columns and the brightness r + g + b of the shape factors. */
function colourColumns(table: FactorTable): FactorTable {
  const [r, g, b] = (['r', 'g', 'b'] as const).map((name) => table[name] as ArrayLike<number>);
  return { ...hueColumns(table), 'r+g+b': Float64Array.from(r, (value, i) => value + g[i] + b[i]) };
}

/** Channels whose activation is at most 0 at every position of every image. */
function countSilentChannels(activations: tf.Tensor4D): number {
  return Array.from(tf.max(activations, [0, 1, 2]).dataSync()).filter((peak) => peak <= 0).length;
}

/**
 * Per image and channel, the channel's share of the image's total activation
 * and its peak, [batch, 2 * channels]: features that do not grow with the
 * shape's area, so a linear probe can read colour from them.
 */
function pooledFeatures(activations: tf.Tensor4D): tf.Tensor2D {
  const sums = tf.sum(activations, [1, 2]);
  const shares = tf.div(sums, tf.add(tf.sum(sums, 1, true), 1e-6));
  return tf.concat([shares, tf.max(activations, [1, 2])], 1) as tf.Tensor2D;
}

function probeColour(features: tf.Tensor2D, columns: FactorTable): string {
  const scores = factorProbe({ data: features.dataSync() as Float32Array, dim: features.shape[1] }, columns);
  return scores.map(({ score }) => score.toFixed(2).padStart(7)).join('');
}

/**
 * Pearson correlations of the r, g and b kernels of the last transposed
 * convolution: near 1 for all three pairs, the decoder draws every pixel grey.
 */
function outputChannelCorrelation(): string {
  const kernel = autoencoder.decoder.layers.at(-1)!.getWeights()[0]; // [kh, kw, out = 3, in]
  const rows = tf.tidy(() => tf.transpose(kernel, [2, 0, 1, 3]).reshape([3, -1]).arraySync() as number[][]);
  const pairs: Array<[number, number]> = [[0, 1], [1, 2], [0, 2]];
  return pairs.map(([p, q]) => `${'rgb'[p]}-${'rgb'[q]} ${pearson(rows[p], rows[q]).toFixed(3)}`).join(', ');
}

function pearson(a: number[], b: number[]): number {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [ab, aa, bb] = [0, 0, 0];
  a.forEach((x, i) => {
    ab += (x - ma) * (b[i] - mb);
    aa += (x - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  });
  return ab / Math.sqrt(aa * bb);
}
