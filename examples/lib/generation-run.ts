/**
 * The generation example: load the models a reproduction run trained, draw
 * from their latents, write the pictures and the on-data distances.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { useFastestBackend } from 'irmae';
import type { ReproductionOptions } from './args';
import { interpolationWeights } from './figure3-grid';
import { generateFromModel, type GenerationSettings } from './generation-model';
import { modelPictures } from './generation-pictures';
import { generationCsv, generationJson, modelDistances, type ModelDistances } from './generation-results';
import { MODEL_LABELS } from './model-names';
import { choosePairs } from './pairs';
import { finishedCheckpoint, loadTrainedModel, trainingBudget } from './trained-model';

/** Samples and reconstructions measured per model; the pictures show the first 64 and 32. */
const MEASURED = 256;
const COLUMNS = 8;

export interface GenerationSummary {
  /** Absolute paths of the files written. */
  files: string[];
  models: ModelDistances[];
}

/**
 * Checks that every selected model is trained, then generates from each.
 *
 * @param reproduceCommand The command that trains the models, for the error when one is missing.
 * @param log Receives one line per step.
 * @throws {UsageError} Before any work, when a model is missing or unfinished.
 */
export async function runGeneration(
  options: ReproductionOptions,
  reproduceCommand: string,
  log: (line: string) => void = () => {},
): Promise<GenerationSummary> {
  const out = resolve(options.out);
  const budget = trainingBudget(options);
  const checkpoints = await Promise.all(options.models.map((model) => finishedCheckpoint(out, model, budget, reproduceCommand)));
  const backend = await useFastestBackend();
  const ts = interpolationWeights(11);
  const settings: GenerationSettings = {
    evalSize: options.evalSize,
    variant: options.variant,
    pairs: choosePairs(options.evalSize, options.pairs, options.seed),
    ts,
    seed: options.seed,
    samples: MEASURED,
    components: 10,
    traversalSteps: 7,
    reconstructions: MEASURED,
  };
  const dir = join(out, 'generation');
  const files: string[] = [];
  const write = (path: string, content: string | Uint8Array) => {
    writeFileSync(path, content);
    files.push(path);
  };
  const models: ModelDistances[] = [];
  for (const [index, model] of options.models.entries()) {
    const started = performance.now();
    const autoencoder = await loadTrainedModel(checkpoints[index], model, budget);
    let generation;
    try {
      generation = generateFromModel(autoencoder, settings);
    } finally {
      autoencoder.model.dispose();
    }
    const modelDir = join(dir, model);
    mkdirSync(modelDir, { recursive: true });
    for (const [name, png] of Object.entries(modelPictures(generation, COLUMNS, settings.traversalSteps))) {
      write(join(modelDir, name), png);
    }
    models.push(modelDistances(model, MODEL_LABELS[model], generation, ts));
    log(`${MODEL_LABELS[model]}: done in ${((performance.now() - started) / 1000).toFixed(1)} s (mixture: ${generation.mixture.iterations} EM iterations)`);
  }
  const run = {
    ...budget,
    evalSize: options.evalSize,
    pairs: settings.pairs,
    samples: MEASURED,
    mixtureComponents: settings.components,
    traversal: { components: [1, 2], steps: settings.traversalSteps, range: '±2 standard deviations' },
    distance: 'RMSE to the nearest clean shape image, decoded pixels clamped to [0, 1]',
    backend: backend.name,
  };
  write(join(dir, 'distances.json'), generationJson(run, models));
  write(join(dir, 'distances.csv'), generationCsv(models));
  return { files, models };
}
