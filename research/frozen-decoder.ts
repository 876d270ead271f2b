/**
 * Does the encoder answer the decoder's request for hue? Trains the shape AE
 * jointly for `--joint` images (the paper's batch 32 and rate 1e-4, seed 1),
 * when its code has lost hue but the gradient the decoder sends back still
 * asks for it, then freezes the decoder and trains the encoder alone,
 * printing the hue probes of the code and of that gradient every
 * `--eval-every` images as JSON lines. The colour section of
 * docs/reproduction.md quotes its output.
 *
 *   npx tsx research/frozen-decoder.ts --joint 6000 --frozen 48000 > frozen-decoder.jsonl
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  SHAPE_EVAL_SEED,
  SHAPE_TRAIN_SEED,
  createFigureModel,
  generateShapes,
  shapeFactorTable,
  trainAutoencoder,
  useFastestBackend,
} from 'irmae';
import { encodeImages } from '../examples/lib/encode-images';
import { hueColumns } from '../examples/lib/hue-columns';
import { probeRecord } from './lib/probe-record';
import { reconstructionGradients } from './lib/reconstruction-gradients';

const { values } = parseArgs({
  options: {
    joint: { type: 'string', default: '6000' },
    frozen: { type: 'string', default: '48000' },
    'eval-every': { type: 'string', default: '4000' },
    'train-size': { type: 'string', default: '16000' },
    'eval-size': { type: 'string', default: '2000' },
  },
});
const [joint, frozen, evalEvery, trainSize, evalSize] = [
  values.joint,
  values.frozen,
  values['eval-every'],
  values['train-size'],
  values['eval-size'],
].map(Number);

await useFastestBackend();
const autoencoder = createFigureModel('ae', { seed: 1 });
const evalSet = generateShapes({ count: evalSize, seed: SHAPE_EVAL_SEED });
const hue = hueColumns(shapeFactorTable(evalSet));
const train = generateShapes({ count: trainSize, seed: SHAPE_TRAIN_SEED });
const images = tf.tensor4d(train.images, train.shape);

compileWithAdam();
await trainOn(0, joint);
record(joint, 'joint');
autoencoder.decoder.trainable = false;
compileWithAdam(); // a model takes a change of `trainable` at compile time
for (let done = 0; done < frozen; done += evalEvery) {
  await trainOn((joint + done) % trainSize, evalEvery);
  record(joint + done + evalEvery, 'decoder frozen');
}

/** The paper's optimizer: Adam at rate 1e-4 with PyTorch's epsilon. */
function compileWithAdam(): void {
  autoencoder.model.compile({ optimizer: tf.train.adam(1e-4, 0.9, 0.999, 1e-8), loss: 'meanSquaredError' });
}

/** One pass over `count` training images from `start`, wrapping around the set. */
async function trainOn(start: number, count: number): Promise<void> {
  const end = Math.min(trainSize, start + count);
  const slice = images.slice([start], [end - start]);
  await trainAutoencoder(autoencoder.model, slice, { epochs: 1, batchSize: 32, seed: start + 1, progress: 'none' });
  slice.dispose();
  if (end - start < count) await trainOn(0, count - (end - start));
}

function record(seen: number, phase: string): void {
  const { codes, evalMse } = encodeImages(autoencoder, evalSet.images, evalSize);
  const gradients = reconstructionGradients(autoencoder, evalSet.images, evalSize);
  const [codeHue, gradientHue] = [codes, gradients].map((data) => probeRecord(data, 32, hue));
  console.log(JSON.stringify({ images: seen, phase, mse: Number(evalMse.toFixed(6)), codeHue, gradientHue }));
}
