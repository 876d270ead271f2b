/**
 * One reproduction run: train (or reuse) the selected models once, then draw
 * the requested figures from them.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { SHAPE_EVAL_SEED, generateShapes, shapeFactorTable } from 'irmae';
import type { ReproductionOptions } from './args';
import { earlierSpectra, inModelOrder } from './earlier-spectra';
import { figure2Spec, rankFamilySpec } from './figure2-chart';
import { figure2Csv, figure2Json, measureSpectrum, type ModelSpectrum, type RunDescription } from './figure2-results';
import { figure3Png, interpolationWeights, type InterpolationBlock } from './figure3-grid';
import { hueColumns } from './hue-columns';
import { MODEL_LABELS, RANK_FAMILY_NAMES, SHAPE_MODEL_NAMES, isFigureModel } from './model-names';
import type { ModelTask, ModelTaskResult } from './model-task';
import { prepareOutputDir } from './output-dir';
import { choosePairs } from './pairs';
import { ProgressBoard, formatDuration, type ProgressStream } from './progress';
import { renderSvg, svgToPng } from './render';
import { runModelTasks } from './run-tasks';
import { trainingBudget } from './trained-model';

export interface FigureSelection {
  figure2: boolean;
  figure3: boolean;
}

/** What a run wrote and measured. */
export interface ReproductionSummary {
  /** Absolute paths of the files written. */
  files: string[];
  /**
   * Figure 2's numbers (also when only Figure 3 was asked for: they are
   * cheap): this run's models, and with Figure 2 those that an earlier run
   * of the same budget wrote to the directory's figure2.json.
   */
  spectra: ModelSpectrum[];
  run: RunDescription;
}

/**
 * Runs the models and writes the figures.
 *
 * @param stream Where progress goes; a TTY gets bars.
 */
export async function reproduce(
  options: ReproductionOptions,
  figures: FigureSelection,
  stream: ProgressStream = process.stderr,
): Promise<ReproductionSummary> {
  const started = performance.now();
  const out = prepareOutputDir(options.out);
  const ts = interpolationWeights(11);
  const pairs = choosePairs(options.evalSize, options.pairs, options.seed);
  const tasks: ModelTask[] = options.models.map((model) => ({
    model,
    dir: join(out, 'models', model),
    budget: trainingBudget(options),
    evalSize: options.evalSize,
    pairs,
    ts,
  }));

  const board = new ProgressBoard(options.models, stream);
  board.log(
    `Training ${options.models.length} model(s) on ${options.trainSize} images for ${options.epochs} epoch(s), ` +
      `${Math.min(options.workers, options.models.length) || 1} at a time; checkpoints in ${join(out, 'models')}`,
  );
  const results = await runModelTasks<ModelTask, ModelTaskResult>(tasks, {
    workers: options.workers,
    onEvent: (model, event) =>
      event.kind === 'log' ? board.log(event.message) : board.update(model, event.progress, event.epochEnd),
  });

  const shapeFactors = shapeFactorTable(generateShapes({ count: options.evalSize, seed: SHAPE_EVAL_SEED, variant: options.variant }));
  const factors = { ...shapeFactors, ...hueColumns(shapeFactors) };
  const measured = results.map((r) => ({
    ...measureSpectrum(r.model, MODEL_LABELS[r.model], r.codes, options.latentDim, r.evalMse, factors),
    training: { origin: r.origin, finalLoss: r.finalLoss, trainSeconds: r.trainSeconds },
  }));
  const { trainSize, ...budget } = trainingBudget(options);
  const run: RunDescription = {
    trainSize,
    evalSize: options.evalSize,
    ...budget,
    backend: [...new Set(results.map((r) => r.backend))].join('+'),
    wallTimeSeconds: 0,
  };
  const files: string[] = [];
  const write = (name: string, content: string | Buffer) => {
    const path = join(out, name);
    writeFileSync(path, content);
    files.push(path);
  };
  if (figures.figure3) write('figure3.png', figure3Png(interpolationBlocks(results, pairs), { ts, imageHeight: 32, imageWidth: 32 }));
  let spectra: ModelSpectrum[] = measured;
  if (figures.figure2) {
    spectra = inModelOrder([...measured, ...earlierSpectra(out, run, options.models)], SHAPE_MODEL_NAMES);
    const subtitle =
      `${options.trainSize} training images, ${options.epochs} epoch(s), lr ${learningRateText(options)}, ` +
      `${options.evalSize} evaluation images, seed ${options.seed}${options.variant === 'paper' ? '' : `, ${options.variant}`}`;
    const paperModels = spectra.filter((s) => isFigureModel(s.model));
    if (paperModels.length > 0) await writeChart(write, 'figure2', figure2Spec(paperModels, { subtitle }));
    else removeChart(out, 'figure2');
    if (spectra.some((s) => (RANK_FAMILY_NAMES as readonly string[]).includes(s.model))) {
      await writeChart(write, 'rank-family', rankFamilySpec(spectra, { subtitle }));
    } else removeChart(out, 'rank-family');
    run.wallTimeSeconds = Math.round(performance.now() - started) / 1000;
    write('figure2.json', figure2Json(run, spectra));
    write('figure2.csv', figure2Csv(run, spectra));
  }
  run.wallTimeSeconds = Math.round(performance.now() - started) / 1000;
  board.log(`Done in ${formatDuration(run.wallTimeSeconds)}; wrote ${files.join(', ')}`);
  return { files, spectra, run };
}

/** Writes `<name>.svg` and `<name>.png` of a vega-lite chart. */
async function writeChart(write: (name: string, content: string | Buffer) => void, name: string, spec: TopLevelSpec): Promise<void> {
  const svg = await renderSvg(spec);
  write(`${name}.svg`, svg);
  write(`${name}.png`, svgToPng(svg));
}

/** Removes an earlier run's `<name>.svg` and `<name>.png`, which would no longer match figure2.json. */
function removeChart(out: string, name: string): void {
  for (const extension of ['svg', 'png']) rmSync(join(out, `${name}.${extension}`), { force: true });
}

/** `2e-3`, or `2e-3 cosine, 5000 images warm-up`. */
function learningRateText({ learningRate, schedule, warmup }: ReproductionOptions): string {
  const shape = [schedule === 'constant' ? '' : schedule, warmup > 0 ? `${warmup} images warm-up` : ''];
  return [String(learningRate), ...shape.filter((part) => part !== '')].join(', ');
}

/** Regroups per-model results into per-pair blocks of Figure 3. */
function interpolationBlocks(results: readonly ModelTaskResult[], pairs: ReadonlyArray<[number, number]>): InterpolationBlock[] {
  return pairs.map((indices, p) => ({
    first: results[0].pairImages[p][0],
    last: results[0].pairImages[p][1],
    indices,
    rows: results.map((r) => ({ label: MODEL_LABELS[r.model], images: r.interpolations[p] })),
  }));
}
