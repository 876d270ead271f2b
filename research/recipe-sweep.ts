/**
 * One point of the training-recipe sweep: trains one figure model on the
 * shape data with a given batch size and learning-rate schedule, and every
 * `--eval-every` images records the evaluation MSE, the effective rank, the
 * factor probe of the codes (with the hue columns r-g and g-b) and the hue
 * probe of the gradient the decoder sends back to the codes (`gradientHue`:
 * whether the decoder still asks for hue), as JSON lines. The colour
 * measurements of docs/reproduction.md are runs of this script. With
 * `--checkpoint-dir`, a run saves the model and Adam after every epoch and an
 * interrupted run resumes where it stopped, appending to the same file.
 *
 *   npx tsx research/recipe-sweep.ts --model ae --images 200000 --batch-size 32 \
 *     --lr 1e-3 --schedule cosine --warmup 5000 --out sweep/ae-b32.jsonl
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  SHAPE_EVAL_SEED,
  SHAPE_TRAIN_SEED,
  createFigureModel,
  effectiveRank,
  generateShapes,
  latentSpectrum,
  shapeFactorTable,
  thresholdRank,
  trainAutoencoder,
  useFastestBackend,
  type ConvInitialization,
  type FigureModelName,
} from 'irmae';
import 'irmae/node'; // file-system checkpoints
import { encodeImages } from '../examples/lib/encode-images';
import { hueColumns } from '../examples/lib/hue-columns';
import { probeRecord } from './lib/probe-record';
import { reconstructionGradients } from './lib/reconstruction-gradients';
import { ScheduledAdam, learningRateAt, type LearningRateSchedule } from '../examples/lib/learning-rate-schedule';

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
    'checkpoint-dir': { type: 'string' },
    epsilon: { type: 'string' },
    'latent-dim': { type: 'string', default: '32' },
    init: { type: 'string', default: 'pytorch' },
  },
});
const images = Number(values.images);
const trainSize = Math.min(Number(values['train-size']), images);
const batchSize = Number(values['batch-size']);
const schedule: LearningRateSchedule = {
  peak: Number(values.lr),
  kind: values.schedule as LearningRateSchedule['kind'],
  warmupSteps: Math.round(Number(values.warmup) / batchSize),
  // Every epoch ends with its partial batch, as trainAutoencoder steps.
  totalSteps: Math.ceil(images / trainSize) * Math.ceil(trainSize / batchSize),
  final: Number(values['final-lr']),
};
const evalEvery = Number(values['eval-every']);
const latentDim = Number(values['latent-dim']);
const out = values.out ?? `sweep-${values.model}.jsonl`;
const checkpointDir = values['checkpoint-dir'];
const recorded = checkpointDir !== undefined && existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n').filter(Boolean) : [];
if (recorded.length === 0) writeFileSync(out, '');

const backend = await useFastestBackend();
const autoencoder = createFigureModel(values.model as FigureModelName, {
  seed: Number(values.seed),
  latentDim,
  initialization: values.init as ConvInitialization,
});
const optimizer = new ScheduledAdam(schedule, values.epsilon === undefined ? undefined : Number(values.epsilon));
autoencoder.model.compile({ optimizer, loss: 'meanSquaredError' });
const evalSet = generateShapes({ count: Number(values['eval-size']), seed: SHAPE_EVAL_SEED });
const shapeFactors = shapeFactorTable(evalSet);
const hue = hueColumns(shapeFactors);
const factors = { ...shapeFactors, ...hue };
const train = generateShapes({ count: trainSize, seed: SHAPE_TRAIN_SEED });
const xs = tf.tensor4d(train.images, train.shape);

const started = performance.now();
let seen = 0;
let currentEpoch = 0;
const last = recorded.length === 0 ? undefined : (JSON.parse(recorded.at(-1) as string) as { images: number; seconds: number });
let lastRecorded = last?.images ?? -1;
// Seconds count on from the last record after a resume (the lost partial epoch is not counted).
const secondsBefore = last?.seconds ?? 0;
if (lastRecorded < 0) record(0);
await trainAutoencoder(autoencoder.model, xs, {
  epochs: Math.ceil(images / trainSize),
  batchSize,
  seed: Number(values.seed),
  progress: 'none',
  ...(checkpointDir !== undefined && { checkpointDir, resume: true }),
  callbacks: {
    onEpochBegin: (epoch) => {
      currentEpoch = epoch;
    },
    onBatchEnd: (batch) => {
      seen = Math.min(trainSize, (batch + 1) * batchSize) + currentEpoch * trainSize;
      const crossed = Math.floor(seen / evalEvery) > Math.floor((seen - batchSize) / evalEvery);
      if (crossed && seen > lastRecorded) {
        record(seen);
      }
    },
  },
});
if (lastRecorded < seen) record(seen);

/** Appends one line of measurements at `seenImages`. */
function record(seenImages: number): void {
  lastRecorded = seenImages;
  const evalStart = performance.now();
  const { codes, evalMse: mse } = encodeImages(autoencoder, evalSet.images, evalSet.shape[0]);
  const spectrum = latentSpectrum({ data: codes, dim: latentDim });
  const probe = probeRecord(codes, latentDim, factors);
  const gradientHue = probeRecord(reconstructionGradients(autoencoder, evalSet.images, evalSet.shape[0]), latentDim, hue);
  const line = {
    images: seenImages,
    seconds: Number((secondsBefore + (evalStart - started) / 1000).toFixed(1)),
    lr: learningRateAt(schedule, Math.floor(seenImages / batchSize)),
    mse: Number(mse.toFixed(6)),
    effectiveRank: Number(effectiveRank(spectrum).toFixed(3)),
    above1e3: thresholdRank(spectrum, 1e-3),
    probe,
    gradientHue,
    backend: backend.name,
  };
  appendFileSync(out, `${JSON.stringify(line)}\n`);
  console.log(JSON.stringify(line));
}
