/**
 * The MNIST reproduction's measures from the jobs' results: the jobs of the
 * feature network and of the supervised baseline, the Fréchet distances of every
 * model's generated sets and of the floor, and the tables that print them.
 */
import { Matrix } from 'ml-matrix';
import { frechetDistance, type FewLabelResult } from 'irmae';
import { fixedWidthTable } from '../fixed-width-table';
import { GENERATED_SET_NAMES, type GeneratedSetName } from './generated-digit-sets';
import type { FeatureResult, FeatureTask, SupervisedTask } from './measure-task';
import { percent, type LabelledRuns, type MnistMeasures } from './mnist-measures';
import type { MnistOptions } from './mnist-reproduction';
import type { MnistTaskResult } from './mnist-task';

/** A Fréchet distance and the number of generated (or training) digits it compares with the test digits. */
export interface FrechetMeasure {
  digits: number;
  distance: number;
}

/**
 * The labelled counts a pool of training digits can give, class-balanced:
 * at most a fifth of the pool, so that even MNIST's rarest digit (9 % of
 * the training set) has its share.
 */
export function fitLabelCounts(runs: readonly LabelledRuns[], poolSize: number): LabelledRuns[] {
  return runs.filter((run) => run.labelCount * 5 <= poolSize);
}

/**
 * The feature network's job and one supervised job per labelled count, the
 * costliest first so that the queue's workers end together.
 */
export function featureAndBaselineTasks(
  options: Pick<MnistOptions, 'evalSize' | 'trainSize' | 'latentDim' | 'initialisation'>,
  measures: Readonly<MnistMeasures>,
): { featureTask: FeatureTask; supervisedTasks: SupervisedTask[] } {
  const featureTask: FeatureTask = { kind: 'features', model: 'feature network', floorSize: measures.fidSamples };
  const supervised = fitLabelCounts(measures.supervised, options.trainSize).map(
    (runs): SupervisedTask => ({
      kind: 'supervised',
      model: `supervised ${runs.labelCount}`,
      runs,
      poolSize: options.trainSize,
      testSize: options.evalSize,
      latentDim: options.latentDim,
      initialization: options.initialisation,
    }),
  );
  const cost = (task: SupervisedTask) => task.runs.labelCount * task.runs.epochs * task.runs.seeds.length;
  return { featureTask, supervisedTasks: supervised.sort((a, b) => cost(b) - cost(a)) };
}

/**
 * Every model's sets against the test digits, and the floor: training
 * digits against test digits at each set size (the distance of finite
 * samples is biased upwards, the more the fewer digits, so each set is read
 * against the floor of its own size).
 */
export function frechetDistances(features: FeatureResult, results: readonly Pick<MnistTaskResult, 'setFeatures' | 'featureDim'>[]) {
  const { dim } = features;
  const test = { mean: features.testMean, covariance: Matrix.from1DArray(dim, dim, features.testCovariance) };
  const perModel = results.map((result) => {
    const distances = {} as Record<GeneratedSetName, FrechetMeasure>;
    for (const name of GENERATED_SET_NAMES) {
      const features = result.setFeatures[name];
      distances[name] = { digits: features.length / dim, distance: frechetDistance({ data: features, dim }, test) };
    }
    return distances;
  });
  const trainDigits = features.trainFeatures.length / dim;
  const sizes = [...new Set(perModel.flatMap((distances) => Object.values(distances).map((m) => Math.min(m.digits, trainDigits))))].sort((a, b) => a - b);
  const floor = sizes.map((digits): FrechetMeasure => ({ digits, distance: frechetDistance({ data: features.trainFeatures.subarray(0, digits * dim), dim }, test) }));
  return { perModel, floor };
}

/** The Fréchet distances per model and set, with the floor at the sets' sizes. */
export function frechetTable(models: ReadonlyArray<{ label: string; frechetDistances: Record<GeneratedSetName, FrechetMeasure> }>, floor: readonly FrechetMeasure[]): string {
  const floorAt = (digits: number) => floor.find((m) => m.digits === digits)?.distance ?? NaN;
  const first = models[0]?.frechetDistances;
  return fixedWidthTable(
    ['Fréchet distance', ...GENERATED_SET_NAMES.map((name) => `${name} (${first?.[name].digits ?? '-'})`)],
    [
      ...models.map((m) => [m.label, ...GENERATED_SET_NAMES.map((name) => m.frechetDistances[name].distance.toFixed(2))]),
      ['training digits', ...GENERATED_SET_NAMES.map((name) => floorAt(first?.[name].digits ?? 0).toFixed(2))],
    ],
  );
}

/** Mean test accuracy ± standard deviation per labelled count, per model and for the supervised baseline. */
export function fewLabelTable(models: ReadonlyArray<{ label: string; fewLabel: FewLabelResult[] }>, supervised: readonly FewLabelResult[]): string {
  const counts = [...new Set([...models.flatMap((m) => m.fewLabel), ...supervised].map((r) => r.labelCount))].sort((a, b) => a - b);
  const cell = (results: readonly FewLabelResult[], count: number) => {
    const r = results.find((result) => result.labelCount === count);
    if (r === undefined) return '-';
    return r.accuracies.length > 1 ? `${percent(r.mean)} ± ${(100 * r.std).toFixed(1)} (${r.accuracies.length})` : `${percent(r.mean)} (1)`;
  };
  return fixedWidthTable(
    ['test accuracy, labels:', ...counts.map(String)],
    [...models.map((m) => [`${m.label} (frozen)`, ...counts.map((c) => cell(m.fewLabel, c))]), ['supervised', ...counts.map((c) => cell(supervised, c))]],
  );
}
