/**
 * One point of the training-recipe sweep: trains one figure model on the
 * shape data with a given batch size and learning-rate schedule, and every
 * `--eval-every` images records the evaluation MSE, the effective rank and
 * the factor probe of the codes, as JSON lines. The sweep behind the
 * standard budget in docs/reproduction.md is a set of these runs.
 *
 *   npx tsx bench/recipe-sweep.ts --model ae --images 200000 --batch-size 32 \
 *     --lr 1e-3 --schedule cosine --warmup 5000 --out sweep/ae-b32.jsonl
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  SHAPE_EVAL_SEED,
  SHAPE_TRAIN_SEED,
  createFigureModel,
  effectiveRank,
  factorProbe,
  generateShapes,
  latentSpectrum,
  shapeFactorTable,
  thresholdRank,
  trainAutoencoder,
  useFastestBackend,
  type FigureModelName,
  type ShapeAutoencoder,
} from 'irmae';
import { learningRateAt, type LearningRateSchedule } from '../examples/lib/learning-rate-schedule';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'ae' },
    images: { type: 'string', default: '100000' },
    'train-size': { type: 'string', default: '50000' },
    'batch-size': { type: 'string', default: '32' },
    lr: { type: 'string', default: '1e-3' },
    schedule: { type: 'string', default: 'constant' },
    warmup: { type: 'string', default: '0' },
    'final-lr': { type: 'string', default: '0' },
    'eval-every': { type: 'string', default: '20000' },
    'eval-size': { type: 'string', default: '4000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
const images = Number(values.images);
const trainSize = Math.min(Number(values['train-size']), images);
const batchSize = Number(values['batch-size']);
const schedule: LearningRateSchedule = {
  peak: Number(values.lr),
  kind: values.schedule as LearningRateSchedule['kind'],
  warmupImages: Number(values.warmup),
  totalImages: images,
  final: Number(values['final-lr']),
};
const evalEvery = Number(values['eval-every']);
const out = values.out ?? `sweep-${values.model}.jsonl`;
writeFileSync(out, '');

const backend = await useFastestBackend();
const autoencoder = createFigureModel(values.model as FigureModelName, { seed: Number(values.seed) });
const optimizer = tf.train.adam(learningRateAt(schedule, 0));
autoencoder.model.compile({ optimizer, loss: 'meanSquaredError' });
const evalSet = generateShapes({ count: Number(values['eval-size']), seed: SHAPE_EVAL_SEED });
const factors = shapeFactorTable(evalSet);
const train = generateShapes({ count: trainSize, seed: SHAPE_TRAIN_SEED });
const xs = tf.tensor4d(train.images, train.shape);

const started = performance.now();
let seen = 0;
let nextEval = evalEvery;
let lastRecorded = 0;
record(0);
await trainAutoencoder(autoencoder.model, xs, {
  epochs: Math.ceil(images / trainSize),
  batchSize,
  seed: Number(values.seed),
  progress: 'none',
  callbacks: {
    onBatchEnd: () => {
      seen += batchSize;
      setLearningRate(optimizer, learningRateAt(schedule, seen));
      if (seen >= nextEval) {
        nextEval += evalEvery;
        record(seen);
      }
    },
  },
});
if (lastRecorded < seen) record(seen);

/** tfjs declares Adam's rate protected, but reads it at every step, so a schedule can set it. */
function setLearningRate(adam: tf.AdamOptimizer, rate: number): void {
  (adam as unknown as { learningRate: number }).learningRate = rate;
}

/** Appends one line of measurements at `seenImages`. */
function record(seenImages: number): void {
  lastRecorded = seenImages;
  const evalStart = performance.now();
  const { codes, mse } = encodeEval(autoencoder);
  const spectrum = latentSpectrum({ data: codes, dim: 32 });
  const probe = Object.fromEntries(
    factorProbe({ data: codes, dim: 32 }, factors).map(({ factor, score }) => [factor, Number(score.toFixed(4))]),
  );
  const line = {
    images: seenImages,
    seconds: Number(((evalStart - started) / 1000).toFixed(1)),
    lr: learningRateAt(schedule, seenImages),
    mse: Number(mse.toFixed(6)),
    effectiveRank: Number(effectiveRank(spectrum).toFixed(3)),
    above1e3: thresholdRank(spectrum, 1e-3),
    probe,
    backend: backend.name,
  };
  appendFileSync(out, `${JSON.stringify(line)}\n`);
  console.log(JSON.stringify(line));
}

function encodeEval(model: ShapeAutoencoder): { codes: Float32Array; mse: number } {
  const [count, h, w, c] = evalSet.shape;
  const codes = new Float32Array(count * 32);
  let squared = 0;
  for (let start = 0; start < count; start += 250) {
    const n = Math.min(250, count - start);
    tf.tidy(() => {
      const x = tf.tensor4d(evalSet.images.subarray(start * h * w * c, (start + n) * h * w * c), [n, h, w, c]);
      const z = model.encode(x);
      codes.set(z.dataSync(), start * 32);
      squared += tf.sum(tf.squaredDifference(model.decode(z), x)).dataSync()[0];
    });
  }
  return { codes, mse: squared / (count * h * w * c) };
}
