/**
 * Where does colour get stuck: in the encoder or in the decoder? Trains the
 * shape decoder alone, fed the true generative factors of each image as its
 * code (standardised x, y, size, r, g, b and kind, zeros elsewhere), with the
 * reproduction's Adam, and prints the evaluation MSE every `--eval-every`
 * images. Drawing each shape exactly in a grey of the right brightness costs
 * 0.0041 on the evaluation images (docs/reproduction.md): a decoder that goes
 * well below that draws colour.
 *
 *   npx tsx research/decoder-from-factors.ts --images 200000 --batch-size 32 --lr 1e-3
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  SHAPE_EVAL_SEED,
  SHAPE_TRAIN_SEED,
  generateShapes,
  shapeDecoder,
  useFastestBackend,
  type ShapeSet,
} from 'irmae';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '200000' },
    'train-size': { type: 'string', default: '50000' },
    'batch-size': { type: 'string', default: '32' },
    lr: { type: 'string', default: '1e-3' },
    'eval-every': { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
  },
});
const images = Number(values.images);
const batchSize = Number(values['batch-size']);
const evalEvery = Number(values['eval-every']);
const LATENT = 32;

await useFastestBackend();
const train = generateShapes({ count: Number(values['train-size']), seed: SHAPE_TRAIN_SEED });
const evaluation = generateShapes({ count: 2000, seed: SHAPE_EVAL_SEED });
const decoder = shapeDecoder(LATENT, { seed: Number(values.seed) });
const optimizer = tf.train.adam(Number(values.lr), 0.9, 0.999, 1e-8);
const trainCodes = factorCodes(train);
const evalCodes = factorCodes(evaluation);
const started = performance.now();

report(0);
let seen = 0;
while (seen < images) {
  for (let start = 0; start + batchSize <= train.shape[0] && seen < images; start += batchSize) {
    tf.tidy(() => {
      const x = imageBatch(train, start, batchSize);
      const z = trainCodes.slice([start, 0], [batchSize, LATENT]);
      optimizer.minimize(() => tf.losses.meanSquaredError(x, decoder.apply(z) as tf.Tensor) as tf.Scalar);
    });
    const before = seen;
    seen += batchSize;
    if (Math.floor(seen / evalEvery) > Math.floor(before / evalEvery)) report(seen);
  }
}

/** Standardised factors as codes `[count, 32]`: x, y, size, r, g, b, kind (±1), then zeros. */
function factorCodes(set: ShapeSet): tf.Tensor2D {
  const codes = new Float32Array(set.factors.length * LATENT);
  set.factors.forEach(({ cx, cy, size, r, g, b, kind }, i) => {
    const row = [(cx - 16) / 4.9, (cy - 16) / 4.9, (size - 5.5) / 1.7, (r - 0.5) / 0.29, (g - 0.5) / 0.29, (b - 0.5) / 0.29, kind === 'circle' ? 1 : -1];
    codes.set(row, i * LATENT);
  });
  return tf.tensor2d(codes, [set.factors.length, LATENT]);
}

function imageBatch(set: ShapeSet, start: number, count: number): tf.Tensor4D {
  const pixels = 32 * 32 * 3;
  return tf.tensor4d(set.images.subarray(start * pixels, (start + count) * pixels), [count, 32, 32, 3]);
}

function report(trained: number): void {
  const mse = tf.tidy(() =>
    tf.losses.meanSquaredError(imageBatch(evaluation, 0, 2000), decoder.apply(evalCodes) as tf.Tensor).dataSync()[0],
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(JSON.stringify({ images: trained, seconds: Number(seconds), mse: Number(mse.toFixed(6)) }));
}
