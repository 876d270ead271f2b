/**
 * One MNIST reproduction run: train (or reuse) AE, IRMAE l=8 and VAE once,
 * then write their pictures side by side and the numbers behind them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnist } from 'irmae/node';
import { UsageError, type ReproductionOptions } from '../args';
import { trainingBudget } from '../trained-model';
import { figure2Spec } from '../figure2-chart';
import { rankMeasures, type RankMeasures } from '../figure2-results';
import { interpolationWeights } from '../figure3-grid';
import { fixedWidthTable } from '../fixed-width-table';
import { prepareOutputDir } from '../output-dir';
import { ProgressBoard, formatDuration, stageTimer, type ProgressStream } from '../progress';
import { renderSvg, svgToPng } from '../render';
import type { TaskEvent, TrainingOutcome } from '../budget-training';
import { runModelTasks, runQueuedTasks } from '../run-tasks';
import { GENERATED_SET_DESCRIPTIONS, type GeneratedSetName } from './generated-digit-sets';
import type { FeatureResult, FeatureTask, SupervisedResult, SupervisedTask } from './measure-task';
import { MNIST_TEST_COUNT, MNIST_TRAIN_COUNT } from './mnist-args';
import {
  featureAndBaselineTasks,
  fewLabelTable,
  fitLabelCounts,
  frechetDistances,
  frechetTable,
  type FrechetMeasure,
} from './mnist-measure-results';
import { mnistMeasures, type MnistMeasures } from './mnist-measures';
import { MNIST_MODEL_LABELS, type MnistModelName } from './mnist-models';
import { interpolationPng, panelsPng } from './mnist-pictures';
import type { FewLabelJobResult, GenerationResult, MeasureSeconds, MnistDrawing, MnistTask, MnistTaskResult } from './mnist-task';
import { BASELINE_STORE, findStoredBaseline, readBaselineStore, saveBaselines, supervisedRecipe, type StoredBaseline } from './supervised-baseline';
import type { FeatureNetworkDescription } from './digit-features';
import type { FewLabelResult } from 'irmae';

export type MnistOptions = ReproductionOptions<MnistModelName>;

/** One model's line of results.json. */
export interface MnistModelResult extends RankMeasures {
  model: MnistModelName;
  label: string;
  parameterCount: number;
  /** Mean squared error of the test digits decoded from their codes, pixels in [0, 1]. */
  testMse: number;
  mixture: MnistTaskResult['mixture'];
  /** Each generated set against the 10,000 test digits, in the pinned feature network's features. */
  frechetDistances: Record<GeneratedSetName, FrechetMeasure>;
  /** The head on the frozen classification codes, per labelled count. */
  fewLabel: FewLabelResult[];
  training: Pick<MnistTaskResult, 'origin' | 'finalLoss' | 'trainSeconds'>;
  /** Seconds each of its measures took in its job. */
  measureSeconds: MeasureSeconds;
}

/** What a run wrote and measured. */
export interface MnistSummary {
  /** Absolute paths of the files written. */
  files: string[];
  models: MnistModelResult[];
  /** Training digits against the test digits, at each generated set's size. */
  frechetFloor: FrechetMeasure[];
  /** The supervised baseline, per labelled count. */
  supervised: FewLabelResult[];
  /** The pinned feature network the distances are measured in. */
  featureNetwork: FeatureNetworkDescription;
  generatedSets: typeof GENERATED_SET_DESCRIPTIONS;
  wallTimeSeconds: number;
  stageSeconds: StageSeconds;
}

const MNIST_TASKS = new URL('./mnist-task.ts', import.meta.url);
const MEASURE_TASKS = new URL('./measure-task.ts', import.meta.url);
/** The reference's generation.py: 10 interpolation steps, 4 mixture components, a 10 x 10 PCA grid. */
const STEPS = 10;
const COLUMNS = 10;
const SAMPLES = 100;

/**
 * Checks the sizes against the MNIST files before any work.
 *
 * @throws {UsageError} Naming the flag.
 */
export function checkMnistSizes(options: MnistOptions): void {
  if (options.trainSize > MNIST_TRAIN_COUNT) {
    throw new UsageError(`--train-size must be at most ${MNIST_TRAIN_COUNT}, the MNIST training digits, but got ${options.trainSize}`);
  }
  if (options.evalSize > MNIST_TEST_COUNT) {
    throw new UsageError(`--eval-size must be at most ${MNIST_TEST_COUNT}, the MNIST test digits, but got ${options.evalSize}`);
  }
}

/**
 * The reference's interpolation pairs, test digits 2i and 2i + 1, keeping
 * the first `count` pairs of different digits.
 *
 * @throws {UsageError} When the labels hold fewer such pairs.
 */
export function mnistPairs(labels: ArrayLike<number>, count: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; 2 * i + 1 < labels.length && pairs.length < count; i++) {
    if (labels[2 * i] !== labels[2 * i + 1]) pairs.push([2 * i, 2 * i + 1]);
  }
  if (pairs.length < count) {
    throw new UsageError(`--pairs asks for ${count} pairs of different digits, but the first ${labels.length} test digits hold ${pairs.length}`);
  }
  return pairs;
}

/** Wall-clock seconds of each stage of a run. */
export interface StageSeconds {
  /** The supervised baseline's recipes that the store lacked (0 when all were stored). */
  baseline: number;
  /** Loading the feature network and taking the features of the floor's training digits. */
  features: number;
  /** Training the models (0 when all were reused). */
  training: number;
  /** Every model's spectrum, pictures, Fréchet features and few-label test. */
  measures: number;
  /** Drawing the pictures and writing the files. */
  writing: number;
}

/** Where a run keeps what outlives it. */
export interface MnistStores {
  /** The supervised baseline per recipe (see `supervised-baseline.ts`); default the committed one. */
  baselineStore?: string;
}

/**
 * Runs the models and writes the pictures and results.json: the supervised
 * baseline (stored, or computed for a new recipe) and the feature network,
 * then the models' training, then their measures, each stage timed.
 *
 * @param stream Where progress goes; a TTY gets bars.
 * @param measures What is measured besides the spectra; default what the budget pays for.
 */
export async function reproduceMnist(
  options: MnistOptions,
  stream: ProgressStream = process.stderr,
  measures: Readonly<MnistMeasures> = mnistMeasures(options),
  { baselineStore = BASELINE_STORE }: MnistStores = {},
): Promise<MnistSummary> {
  const started = performance.now();
  checkMnistSizes(options);
  const out = prepareOutputDir(options.out);
  const test = await loadMnist('test', { count: options.evalSize });
  const drawing: MnistDrawing = {
    pairs: mnistPairs(test.labels, options.pairs),
    ts: interpolationWeights(STEPS),
    samples: SAMPLES,
    mixtureComponents: 4,
    traversalSteps: COLUMNS,
    reconstructions: 2 * COLUMNS,
    seed: options.seed,
  };
  const { featureTask, supervisedTasks } = featureAndBaselineTasks(options, measures);
  const missing = missingBaselines(supervisedTasks, baselineStore, options.recomputeBaseline);
  const modelTasks = (part: MnistTask['part']): MnistTask[] =>
    options.models.map((model) => ({
      model,
      dir: join(out, 'models', model),
      budget: trainingBudget(options),
      testSize: options.evalSize,
      drawing,
      fidSamples: measures.fidSamples,
      fewLabel: fitLabelCounts(measures.frozen, options.trainSize),
      part,
    }));
  const board = new ProgressBoard([...options.models, featureTask.model, ...missing.map((task) => task.model)], stream);
  const onEvent = (model: string, event: TaskEvent) =>
    event.kind === 'log' ? board.log(event.message) : board.update(model, event.progress, event.epochEnd);
  const workers = { workers: options.workers, onEvent };
  const timer = stageTimer();

  board.log(
    missing.length === 0
      ? `Supervised baseline: every recipe stored in ${baselineStore}`
      : `Supervised baseline: computing ${missing.length} recipe(s) ${options.recomputeBaseline ? 'again, as asked' : 'not yet stored'}; they go into ${baselineStore}`,
  );
  const computed = await runQueuedTasks<SupervisedTask, SupervisedResult>(missing, workers, MEASURE_TASKS);
  if (computed.length > 0) saveBaselines(baselineStore, computed.map((result, i) => storedBaseline(missing[i], result)));
  const store = readBaselineStore(baselineStore);
  const supervised = supervisedTasks.map((task) => findStoredBaseline(store, supervisedRecipe(task))!.result);
  const baseline = timer.lap();

  board.log('Loading the pinned MNIST feature network');
  const [features] = await runQueuedTasks<FeatureTask, FeatureResult>([featureTask], workers, MEASURE_TASKS);
  const featureSeconds = timer.lap();

  board.log(
    `Training ${options.models.length} model(s) on ${options.trainSize} MNIST digits for ${options.epochs} epoch(s), ` +
      `${Math.min(options.workers, options.models.length) || 1} at a time; checkpoints in ${join(out, 'models')}`,
  );
  const trained = await runModelTasks<MnistTask, TrainingOutcome>(modelTasks('training'), workers, MNIST_TASKS);
  const training = timer.lap();
  board.log('Measuring the models: spectra, pictures, Fréchet distances, few-label accuracy');
  const measureTasks = [...modelTasks('generation'), ...modelTasks('fewLabel')];
  const measured = await runQueuedTasks<MnistTask, GenerationResult | FewLabelJobResult>(measureTasks, workers, MNIST_TASKS);
  const results = trained.map((outcome, i) => joinMeasures(outcome, measured[i] as GenerationResult, measured[trained.length + i] as FewLabelJobResult));
  const measuresSeconds = timer.lap();
  const frechet = frechetDistances(features, results);

  const files: string[] = [];
  const write = (name: string, content: string | Buffer) => {
    const path = join(out, name);
    writeFileSync(path, content);
    files.push(path);
  };
  const pixels = 32 * 32;
  const digit = (index: number) => test.images.slice(index * pixels, (index + 1) * pixels);
  const label = (r: MnistTaskResult) => MNIST_MODEL_LABELS[r.model];
  write('interpolation.png', interpolationPng(drawing.pairs, digit, results.map((r) => ({ label: label(r), interpolations: r.interpolations })), drawing.ts));
  const originals = Array.from({ length: Math.min(drawing.reconstructions, test.count) }, (_, i) => digit(i));
  write('reconstructions.png', panelsPng([{ title: 'Test digits', images: originals }, ...results.map((r) => ({ title: label(r), images: r.reconstructions }))], COLUMNS / 2));
  write('pca.png', panelsPng(results.map((r) => ({ title: `${label(r)}: PCA 1 (rows), 2 (columns), ±2 sd`, images: r.pca })), COLUMNS));
  write('mvg.png', panelsPng(results.map((r) => ({ title: `${label(r)}: Gaussian`, images: r.mvg })), COLUMNS));
  write('gmm.png', panelsPng(results.map((r) => ({ title: `${label(r)}: mixture of ${r.mixture.components}`, images: r.gmm })), COLUMNS));

  const models = results.map((r, i): MnistModelResult => ({
    model: r.model,
    label: label(r),
    parameterCount: r.parameterCount,
    ...rankMeasures(r.codes, options.latentDim),
    testMse: r.testMse,
    mixture: r.mixture,
    frechetDistances: frechet.perModel[i],
    fewLabel: r.fewLabel,
    training: { origin: r.origin, finalLoss: r.finalLoss, trainSeconds: r.trainSeconds },
    measureSeconds: r.measureSeconds,
  }));
  const svg = await renderSvg(
    figure2Spec(models, {
      minimalRank: null,
      subtitle: `MNIST, ${options.trainSize} training digits, ${options.epochs} epoch(s), lr ${options.learningRate}, ${options.evalSize} test digits, seed ${options.seed}`,
    }),
  );
  write('spectrum.svg', svg);
  write('spectrum.png', svgToPng(svg));
  const stageSeconds: StageSeconds = { baseline, features: featureSeconds, training, measures: measuresSeconds, writing: timer.lap() };
  const wallTimeSeconds = Math.round(performance.now() - started) / 1000;
  const run = { ...trainingBudget(options), testSize: options.evalSize, pairs: drawing.pairs, backend: [...new Set(results.map((r) => r.backend))].join('+'), wallTimeSeconds, stageSeconds };
  const reference = { frechetFloor: frechet.floor, supervised, featureNetwork: features.network, generatedSets: GENERATED_SET_DESCRIPTIONS };
  write('results.json', `${JSON.stringify({ data: 'MNIST', run, models, ...reference }, null, 2)}\n`);
  board.log(`Done in ${formatDuration(wallTimeSeconds)}; wrote ${files.join(', ')}`);
  return { files, models, ...reference, wallTimeSeconds, stageSeconds };
}

/** A model's training outcome and its two measure jobs' results as one. */
function joinMeasures(training: TrainingOutcome, { seconds, ...generation }: GenerationResult, fewLabel: FewLabelJobResult): MnistTaskResult {
  return { ...generation, ...training, fewLabel: fewLabel.fewLabel, measureSeconds: { ...seconds, ...fewLabel.seconds } };
}

/** The supervised jobs whose recipe the store lacks, or all of them when recomputing. */
function missingBaselines(tasks: readonly SupervisedTask[], store: string, recompute: boolean): SupervisedTask[] {
  const stored = readBaselineStore(store);
  return tasks.filter((task) => recompute || findStoredBaseline(stored, supervisedRecipe(task)) === undefined);
}

function storedBaseline(task: SupervisedTask, { result, backend }: SupervisedResult): StoredBaseline {
  return { recipe: supervisedRecipe(task), result, computedWith: { backend, node: process.version } };
}

/** The printed summary: each model's parameters, rank measures and test error, its Fréchet distances and few-label accuracies. */
export function mnistSummaryTable(summary: Pick<MnistSummary, 'models' | 'frechetFloor' | 'supervised' | 'stageSeconds' | 'wallTimeSeconds'>): string {
  const { models } = summary;
  const ranks = fixedWidthTable(
    ['model', 'parameters', 'effective rank', 'above 1e-2', 'above 1e-3', 'test MSE'],
    models.map((m) => [
      m.label,
      String(m.parameterCount),
      m.effectiveRank.toFixed(2),
      String(m.thresholdRank1e2),
      String(m.thresholdRank1e3),
      m.testMse.toExponential(3),
    ]),
  );
  return [ranks, frechetTable(models, summary.frechetFloor), fewLabelTable(models, summary.supervised), stageLine(summary)].join('\n');
}

/** Each stage's wall time and the run's, e.g. `Stages: baseline 0s, ..., writing 3s; all 8m20s`. */
export function stageLine({ stageSeconds, wallTimeSeconds }: Pick<MnistSummary, 'stageSeconds' | 'wallTimeSeconds'>): string {
  const stages = Object.entries(stageSeconds).map(([stage, seconds]) => `${stage} ${formatDuration(seconds)}`);
  return `Stages: ${stages.join(', ')}; all ${formatDuration(wallTimeSeconds)}\n`;
}
