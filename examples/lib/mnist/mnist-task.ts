/**
 * Everything the MNIST pictures and numbers need from one model: train it
 * (or resume, or reuse its finished checkpoint) on the MNIST training
 * digits, then encode the test digits and decode interpolations, samples of
 * a Gaussian and of a Gaussian mixture fitted to the codes, and the PCA
 * grid. The runner module of the MNIST reproduction (see `TaskRunner`): in a
 * worker thread or in the calling thread alike.
 */
import * as tf from '@tensorflow/tfjs';
import {
  fewLabelClassification,
  fitGaussian,
  latentPca,
  pcaTraversal,
  sampleGaussian,
  sampleGaussianMixture,
  type FewLabelResult,
  type CodeSamples,
  type GaussianMixtureModel,
} from 'irmae';
import { loadMnist } from 'irmae/node';
import { trainOrReuse, withBuiltModel, type TaskEvent, type TrainingBudget, type TrainingOutcome } from '../budget-training';
import { encodeImages, mapImageBatches } from '../encode-images';
import { stageTimer } from '../progress';
import { decodeCodes, fitLargestMixture, interpolateCodes, mapCodeBatches, type Images } from '../latent-sampling';
import { withDigitFeatures } from './digit-features';
import { generatedCodeSets, type DecodedSetName, type GeneratedSetName } from './generated-digit-sets';
import { drawnTrainingRows, percent, type LabelledRuns } from './mnist-measures';
import { createMnistModel, type MnistModel, type MnistModelName } from './mnist-models';

/** What is drawn from every model; the same for all, so the pictures compare. */
export interface MnistDrawing {
  /** Test-digit index pairs to interpolate between. */
  pairs: Array<[number, number]>;
  /** Interpolation weights t; code (1 - t) z1 + t z2. */
  ts: number[];
  /** Codes drawn from the Gaussian and from the mixture fitted to the test codes. */
  samples: number;
  /** Most Gaussians in the mixture (full covariance); the reference's generation.py fits 4. */
  mixtureComponents: number;
  /** Grid points per axis of the PCA traversal over ±2 standard deviations of components 1 and 2. */
  traversalSteps: number;
  /** Test digits reconstructed, from the first. */
  reconstructions: number;
  /** Seed of the mixture's k-means start and of both samplers. */
  seed: number;
}

/** One model's job. Plain data, so it can be posted to a worker. */
export interface MnistTask {
  model: MnistModelName;
  /** The model's own directory, `<out>/models/<name>`. */
  dir: string;
  budget: TrainingBudget;
  /** Test digits encoded and measured, from the first. */
  testSize: number;
  drawing: MnistDrawing;
  /** Digits per generated set, see `MnistMeasures.fidSamples`. */
  fidSamples: number;
  /** The few-label test on the frozen codes, per labelled count. */
  fewLabel: LabelledRuns[];
  /**
   * What the job does after training or reusing the model: nothing
   * (`'training'`), the pictures and the generated sets' features
   * (`'generation'`), or the few-label test (`'fewLabel'`). The two measure
   * parts are separate jobs, so that two workers share a run's measures evenly.
   */
  part: 'training' | 'generation' | 'fewLabel';
}

/** Seconds each measure of a model took in its jobs. */
export interface MeasureSeconds {
  /** Encoding the test digits and decoding every picture's codes. */
  pictures: number;
  /** Decoding the generated sets and taking their features. */
  frechet: number;
  /** The head on the frozen codes at every labelled count. */
  fewLabel: number;
}

/** What a model's generation job sends back; every image is HWC [32, 32, 1], decoder output. */
export interface GenerationResult extends TrainingOutcome {
  model: MnistModelName;
  /** The tfjs backend that ran the job. */
  backend: string;
  /** Trainable and fixed weights of the whole model. */
  parameterCount: number;
  /** The measured codes of the test digits (see `MnistModel.codes`), row-major [testSize, latentDim]. */
  codes: Float32Array;
  /** Mean squared reconstruction error of the test digits from their codes, pixels in [0, 1]. */
  testMse: number;
  /** interpolations[pair][step]. */
  interpolations: Images[];
  reconstructions: Images;
  mvg: Images;
  gmm: Images;
  /** Row-major traversalSteps x traversalSteps. */
  pca: Images;
  mixture: { components: number; iterations: number; converged: boolean };
  /** The feature network's features of each generated set, row-major [digits, featureDim]. */
  setFeatures: Record<GeneratedSetName, Float32Array>;
  featureDim: number;
  seconds: Pick<MeasureSeconds, 'pictures' | 'frechet'>;
}

/** What a model's few-label job sends back. */
export interface FewLabelJobResult extends TrainingOutcome {
  /** The head's test accuracies on the frozen classification codes, per labelled count. */
  fewLabel: FewLabelResult[];
  seconds: Pick<MeasureSeconds, 'fewLabel'>;
}

/** Everything measured of one model, its jobs' results joined. */
export type MnistTaskResult = Omit<GenerationResult, 'seconds'> & Pick<FewLabelJobResult, 'fewLabel'> & { measureSeconds: MeasureSeconds };

const IMAGE = [32, 32, 1] as const;

/**
 * Trains or reuses the model, then does the task's part of the measures.
 *
 * @param report Receives progress, throttled to a few events per second.
 */
export async function runModelTask(
  task: MnistTask,
  report: (event: TaskEvent) => void,
): Promise<TrainingOutcome | GenerationResult | FewLabelJobResult> {
  return withModel(task, async (built, backend) => {
    const training = await trainMnistModel(task, built, report, task.budget.epochs);
    const timer = stageTimer();
    if (task.part === 'training') return training;
    if (task.part === 'fewLabel') return { ...training, fewLabel: await frozenFewLabel(task, built, report), seconds: { fewLabel: timer.lap() } };
    await prepareForMeasures(task, built);
    return withDigitFeatures(async (features) => {
      const imageFeatures = (images: tf.Tensor4D) => features(tf.clipByValue(images, 0, 1));
      // The reconstructions' set is the first test digits decoded: take its features as the error is measured.
      const reconstructed = firstRows(Math.min(task.fidSamples, task.testSize));
      const { mixtureFit, labels, ...evaluation } = await evaluate(task, built, (images, start) => reconstructed.add(start, () => imageFeatures(images)));
      const pictures = timer.lap();
      const test = { codes: evaluation.codes, labels, mixtureFit };
      const generated = generatedSetFeatures(task, built, test, imageFeatures, reconstructed.rows());
      const seconds = { pictures, frechet: timer.lap() };
      return { model: task.model, backend, parameterCount: built.model.countParams(), ...training, ...evaluation, ...generated, seconds };
    });
  });
}

/** Gathers the rows of the first `count` items from batches that arrive in order. */
function firstRows(count: number) {
  const parts: Float32Array[] = [];
  let dim = 0;
  return {
    /** Adds the rows of the batch starting at item `start`, computed only when some are wanted. */
    add(start: number, compute: () => tf.Tensor2D) {
      if (start >= count) return;
      const rows = compute();
      dim = rows.shape[1];
      parts.push((rows.dataSync() as Float32Array).slice(0, (count - start) * dim));
    },
    /** The rows, row-major [count, dim]. */
    rows(): { data: Float32Array; dim: number } {
      const data = new Float32Array(count * dim);
      let offset = 0;
      for (const part of parts) {
        data.set(part, offset);
        offset += part.length;
      }
      return { data, dim };
    },
  };
}

/**
 * Trains the model up to `untilEpoch` only, resuming from its checkpoint, and
 * leaves the rest to a later {@link runModelTask}, possibly in another worker.
 */
export async function trainModelPart(
  task: MnistTask,
  untilEpoch: number,
  report: (event: TaskEvent) => void,
): Promise<TrainingOutcome> {
  return withModel(task, (built) => trainMnistModel(task, built, report, untilEpoch));
}

function withModel<T>(task: MnistTask, use: (built: MnistModel, backend: string) => Promise<T>): Promise<T> {
  return withBuiltModel(() => createMnistModel(task.model, task.budget), use);
}

/** Trains on the first `trainSize` MNIST training digits, see `trainOrReuse`. */
async function trainMnistModel(
  task: MnistTask,
  built: MnistModel,
  report: (event: TaskEvent) => void,
  untilEpoch: number,
): Promise<TrainingOutcome> {
  const { images, shape } = await loadMnist('train', { count: task.budget.trainSize });
  return trainOrReuse({ name: task.model, dir: task.dir, budget: task.budget, model: built.model, images, shape }, report, untilEpoch);
}

/** The model's own step after training (RRAE's basis), on the digits it learned from. */
async function prepareForMeasures(task: MnistTask, built: MnistModel): Promise<void> {
  if (built.prepare === undefined) return;
  const { images, shape } = await loadMnist('train', { count: task.budget.trainSize });
  const xs = tf.tensor4d(images, shape);
  try {
    built.prepare(xs, task.budget.batchSize);
  } finally {
    xs.dispose();
  }
}

/**
 * The test codes and error, and every picture's decoded images.
 *
 * @param onDecoded Sees each batch of the test digits' reconstructions, see `encodeImages`.
 */
async function evaluate(task: MnistTask, built: MnistModel, onDecoded: (reconstructions: tf.Tensor4D, start: number) => void) {
  const { drawing } = task;
  const test = await loadMnist('test', { count: task.testSize });
  const { codes, dim, evalMse } = encodeImages({ encode: built.codes, decode: built.decode }, test.images, test.count, IMAGE, onDecoded);
  const flat = { data: codes, dim };
  const mixture = fitLargestMixture(flat, drawing.mixtureComponents, drawing.seed);
  const shown = Math.min(drawing.reconstructions, test.count);
  return {
    codes,
    testMse: evalMse,
    interpolations: drawing.pairs.map(([i, j]) => decodeCodes(built, interpolateCodes(codes, dim, i, j, drawing.ts))),
    reconstructions: decodeCodes(built, { data: codes.slice(0, shown * dim), dim, count: shown }),
    mvg: decodeCodes(built, sampleGaussian(fitGaussian(flat), drawing.samples, { seed: drawing.seed })),
    gmm: decodeCodes(built, sampleGaussianMixture(mixture.fit, drawing.samples, { seed: drawing.seed })),
    pca: decodeCodes(built, pcaTraversal(latentPca(flat), { components: [0, 1], steps: drawing.traversalSteps, range: 2 })),
    mixture: { components: mixture.components, iterations: mixture.fit.iterations, converged: mixture.fit.converged },
    mixtureFit: mixture.fit,
    labels: test.labels,
  };
}

/**
 * The feature network's features of every generated set: decoded, clamped to
 * the data's [0, 1], classified; the reconstructions' as given.
 */
function generatedSetFeatures(
  task: MnistTask,
  built: MnistModel,
  test: { codes: Float32Array; labels: ArrayLike<number>; mixtureFit: GaussianMixtureModel },
  imageFeatures: (images: tf.Tensor4D) => tf.Tensor2D,
  reconstructions: { data: Float32Array; dim: number },
) {
  const sets = generatedCodeSets({
    codes: test.codes,
    dim: test.codes.length / task.testSize,
    labels: test.labels,
    samples: task.fidSamples,
    mixture: test.mixtureFit,
    seed: task.drawing.seed,
    traversalSteps: task.drawing.traversalSteps,
  });
  const setFeatures = { reconstructions: reconstructions.data } as Record<GeneratedSetName, Float32Array>;
  for (const [name, codes] of Object.entries(sets) as Array<[DecodedSetName, CodeSamples]>) {
    setFeatures[name] = mapCodeBatches(codes, (z) => imageFeatures(built.decode(z))).data;
  }
  return { setFeatures, featureDim: reconstructions.dim };
}

/**
 * The reference's head on the frozen classification codes of the training
 * digits the model learned from. Only the digits some labelled subset draws
 * are encoded (see `drawnTrainingRows`); the other rows of the codes stay 0,
 * never read.
 */
async function frozenFewLabel(task: MnistTask, built: MnistModel, report: (event: TaskEvent) => void): Promise<FewLabelResult[]> {
  const pool = await loadMnist('train', { count: task.budget.trainSize });
  const test = await loadMnist('test', { count: task.testSize });
  const encode = (images: Float32Array, count: number) => mapImageBatches(images, count, built.classificationCodes, IMAGE);
  const trainCodes = drawnRowCodes(pool, drawnTrainingRows(pool.labels, task.fewLabel), encode);
  const testRows = encode(test.images, test.count);
  const testCodes = tf.tensor2d(testRows.data, [test.count, testRows.dim]);
  try {
    const results: FewLabelResult[] = [];
    for (const runs of task.fewLabel) {
      const [result] = await fewLabelClassification(
        { inputs: trainCodes, labels: pool.labels },
        { inputs: testCodes, labels: test.labels },
        {
          labelCounts: [runs.labelCount],
          seeds: runs.seeds,
          epochs: runs.epochs,
          onRun: (run) => report({ kind: 'log', message: `${task.model}: head on ${run.labelCount} labels, seed ${run.seed}: ${percent(run.accuracy)}` }),
        },
      );
      results.push(result);
    }
    return results;
  } finally {
    trainCodes.dispose();
    testCodes.dispose();
  }
}

/**
 * Codes `[count, dim]` of the pool's digits at `rows`, zeros elsewhere.
 *
 * @param encode Codes of the first `count` of some images, row-major.
 */
function drawnRowCodes(
  pool: { images: Float32Array; count: number },
  rows: Uint32Array,
  encode: (images: Float32Array, count: number) => { data: Float32Array; dim: number },
): tf.Tensor2D {
  const pixels = IMAGE[0] * IMAGE[1] * IMAGE[2];
  const images = new Float32Array(rows.length * pixels);
  rows.forEach((row, i) => images.set(pool.images.subarray(row * pixels, (row + 1) * pixels), i * pixels));
  const drawn = encode(images, rows.length);
  const codes = new Float32Array(pool.count * drawn.dim);
  rows.forEach((row, i) => codes.set(drawn.data.subarray(i * drawn.dim, (i + 1) * drawn.dim), row * drawn.dim));
  return tf.tensor2d(codes, [pool.count, drawn.dim]);
}
