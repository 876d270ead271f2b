/**
 * Writes one trained model's codes of the evaluation images, with the
 * images' generative factors, as JSON ({ codes: number[][], factors }), for
 * probes outside the library (research/reference/probe_ceiling.py).
 *
 *   npx tsx research/export-codes.ts --model ae --checkpoint out/models/ae/checkpoints/epoch-0003 --out ae-codes.json
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { SHAPE_EVAL_SEED, generateShapes, shapeFactorTable, useFastestBackend, type FigureModelName } from 'irmae';
import { loadTrainedModel } from '../examples/lib/trained-model';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'ae' },
    checkpoint: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'latent-dim': { type: 'string', default: '32' },
    'eval-size': { type: 'string', default: '10000' },
    out: { type: 'string', default: 'codes.json' },
  },
});
if (values.checkpoint === undefined) throw new Error('--checkpoint <dir> is required: a checkpoint of the training loop');
await useFastestBackend();
const budget = { latentDim: Number(values['latent-dim']), seed: Number(values.seed) };
const autoencoder = await loadTrainedModel(values.checkpoint, values.model as FigureModelName, budget);
const evalSet = generateShapes({ count: Number(values['eval-size']), seed: SHAPE_EVAL_SEED });
const codes = tf.tidy(() => autoencoder.encode(tf.tensor4d(evalSet.images, evalSet.shape)).arraySync());
const factors = Object.fromEntries(Object.entries(shapeFactorTable(evalSet)).map(([name, column]) => [name, Array.from(column as ArrayLike<number | string>)]));
writeFileSync(values.out, JSON.stringify({ codes, factors }));
console.log(`wrote ${codes.length} codes of ${values.model} to ${values.out}`);
