/**
 * The MNIST reproduction's jobs that are not an autoencoder: the features of
 * the real digits in the pinned feature network, and the supervised
 * baseline of the few-label test. The runner module of those
 * jobs (see `TaskRunner`): in a worker thread or in the calling thread alike.
 */
import * as tf from '@tensorflow/tfjs';
import { classifierHead, fewLabelClassification, mnistEncoder, type FewLabelResult } from 'irmae';
import { loadMnist } from 'irmae/node';
import { threadBackend, type TaskEvent, type TrainingOutcome } from '../budget-training';
import { mapImageBatches } from '../encode-images';
import { describeFeatureNetwork, withDigitFeatures, type FeatureNetworkDescription } from './digit-features';
import { percent, type LabelledRuns } from './mnist-measures';

const IMAGE = [32, 32, 1] as const;

/** Load the pinned feature network; take its test digits' moments and the features of `floorSize` training digits. */
export interface FeatureTask {
  kind: 'features';
  model: 'feature network';
  floorSize: number;
}

/** The supervised baseline at one labelled count: the MNIST encoder and the head, trained from scratch. */
export interface SupervisedTask {
  kind: 'supervised';
  /** The job's name in progress lines. */
  model: string;
  runs: LabelledRuns;
  /** Training digits the labelled subsets are drawn from, from the first. */
  poolSize: number;
  testSize: number;
  latentDim: number;
  initialization: 'pytorch' | 'he';
}

export type MeasureTask = FeatureTask | SupervisedTask;

export interface FeatureResult extends TrainingOutcome {
  kind: 'features';
  network: FeatureNetworkDescription;
  /** The 10,000 test digits' feature mean [dim] and covariance, row-major [dim, dim], as the network's file ships them. */
  testMean: Float64Array;
  testCovariance: Float64Array;
  /** Features of the first floorSize training digits, row-major [floorSize, dim]. */
  trainFeatures: Float32Array;
  dim: number;
}

export interface SupervisedResult extends TrainingOutcome {
  kind: 'supervised';
  result: FewLabelResult;
  /** The tfjs backend that ran the job. */
  backend: string;
}

export type MeasureResult = FeatureResult | SupervisedResult;

/** Runs one job. */
export async function runModelTask(task: MeasureTask, report: (event: TaskEvent) => void): Promise<MeasureResult> {
  return task.kind === 'features' ? featureJob(task) : supervisedJob(task, report);
}

/** Never called: the jobs are queued whole. */
export function trainModelPart(): Promise<TrainingOutcome> {
  return Promise.reject(new Error('measurement jobs are not split'));
}

async function featureJob(task: FeatureTask): Promise<FeatureResult> {
  await threadBackend();
  const train = await loadMnist('train', { count: task.floorSize });
  return withDigitFeatures((features, network) => {
    const trainFeatures = mapImageBatches(train.images, train.count, features, IMAGE);
    return {
      kind: 'features',
      origin: 'reused',
      finalLoss: NaN,
      trainSeconds: 0,
      network: describeFeatureNetwork(network),
      testMean: network.testMoments.mean,
      testCovariance: Float64Array.from(network.testMoments.covariance.to1DArray()),
      trainFeatures: trainFeatures.data,
      dim: trainFeatures.dim,
    };
  });
}

async function supervisedJob(task: SupervisedTask, report: (event: TaskEvent) => void): Promise<SupervisedResult> {
  const backend = await threadBackend();
  const pool = await loadMnist('train', { count: task.poolSize });
  const test = await loadMnist('test', { count: task.testSize });
  const started = performance.now();
  const trainXs = tf.tensor4d(pool.images, [pool.count, ...IMAGE]);
  const testXs = tf.tensor4d(test.images, [test.count, ...IMAGE]);
  try {
    const [result] = await fewLabelClassification(
      { inputs: trainXs, labels: pool.labels },
      { inputs: testXs, labels: test.labels },
      {
        labelCounts: [task.runs.labelCount],
        seeds: task.runs.seeds,
        epochs: task.runs.epochs,
        createModel: ({ seed }) =>
          tf.sequential({
            layers: [mnistEncoder(task.latentDim, { seed, initialization: task.initialization }), classifierHead(task.latentDim, 10, { seed })],
          }),
        onRun: (run) => report({ kind: 'log', message: `${task.model}: seed ${run.seed}: ${percent(run.accuracy)}` }),
      },
    );
    return { kind: 'supervised', origin: 'trained', finalLoss: NaN, trainSeconds: (performance.now() - started) / 1000, result, backend };
  } finally {
    trainXs.dispose();
    testXs.dispose();
  }
}
