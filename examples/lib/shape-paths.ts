/**
 * The shape-paths example: for each model a reproduction run trained,
 * decode Figure 3's interpolation paths and measure along each whether one
 * shape moves or one shape fades into another (irmae's `shapePathMotion`).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SHAPE_EVAL_SEED, generateShapes, shapePathMotion, useFastestBackend, type PathTravel, type ShapePathMotion } from 'irmae';
import type { ReproductionOptions, ShapeDataVariant } from './args';
import { encodeImages } from './encode-images';
import { interpolationWeights } from './figure3-grid';
import { fixedWidthTable } from './fixed-width-table';
import { decodeCodes, interpolateCodes } from './latent-sampling';
import { MODEL_LABELS } from './model-names';
import { choosePairs } from './pairs';
import { finishedCheckpoint, loadTrainedModel, trainingBudget } from './trained-model';

const PIXELS = 32 * 32 * 3;

/**
 * A path "jumps" when one step carries more than half of the centre's whole
 * displacement: an even move over the 10 steps carries about a tenth per
 * step, a replacement nearly all of it in one.
 */
export const JUMP_SHARE = 0.5;
/**
 * Paths whose centre moves less than this many pixels end to end are left
 * out of the travel numbers: the fitted centres are whole pixels (half
 * pixels for squares), and over a displacement of 2 pixels a single one-pixel
 * step of an even move is already half of it. From 4 pixels on, an even move
 * stays below {@link JUMP_SHARE} (a diagonal step of √2 is 0.35 of 4).
 */
export const MIN_TRAVEL = 4;

/** One decoded path and what the measure saw on it. */
export interface PathRecord {
  /** The evaluation images at its ends. */
  pair: readonly [number, number];
  dip: number;
  centre: PathTravel;
  extent: PathTravel;
  kindChanges: number;
  /** Per frame, t = 0, 0.1, ..., 1. */
  frames: Array<{ t: number; kind: string; centre: [number, number]; extent: number; brightness: number; distance: number }>;
}

/** The paths of one model, summarised. */
export interface PathSummary {
  paths: number;
  meanDip: number;
  /** Paths whose centre moves at least {@link MIN_TRAVEL} pixels end to end: those the next three are taken over. */
  travelling: number;
  /** Share of the travelling paths with a jump (largest centre step over {@link JUMP_SHARE} of the displacement); null when none travels. */
  jumpShare: number | null;
  /** Mean of the largest centre step over the displacement. */
  meanMaxJump: number | null;
  /** Mean of the centre's path length over its straight displacement. */
  meanCentrePathRatio: number | null;
}

export interface ModelPaths {
  model: string;
  label: string;
  summary: PathSummary;
  paths: PathRecord[];
}

/**
 * Loads every selected model (trained with exactly these flags), decodes
 * its interpolations between Figure 3's pairs for this seed, measures them
 * and writes DIR/shape-paths.json.
 *
 * @param reproduceCommand The command that trains the models, for the error when one is missing.
 * @throws {UsageError} Before any work, when a model is missing or unfinished.
 */
export async function runShapePaths(
  options: ReproductionOptions,
  reproduceCommand: string,
  log: (line: string) => void = () => {},
): Promise<{ file: string; models: ModelPaths[] }> {
  const out = resolve(options.out);
  const budget = trainingBudget(options);
  const checkpoints = await Promise.all(options.models.map((model) => finishedCheckpoint(out, model, budget, reproduceCommand)));
  const backend = await useFastestBackend();
  const ts = interpolationWeights(11);
  const pairs = choosePairs(options.evalSize, options.pairs, options.seed);
  const endImages = pairImages(options.evalSize, pairs, options.variant);
  const models: ModelPaths[] = [];
  for (const [index, model] of options.models.entries()) {
    const autoencoder = await loadTrainedModel(checkpoints[index], model, budget);
    let decoded;
    try {
      const { codes, dim } = encodeImages(autoencoder, endImages, 2 * pairs.length);
      decoded = pairs.map((_, p) => decodeCodes(autoencoder, interpolateCodes(codes, dim, 2 * p, 2 * p + 1, ts)));
    } finally {
      autoencoder.model.dispose();
    }
    const paths = decoded.map((frames, p) => pathRecord(pairs[p], shapePathMotion(concat(frames), { variant: options.variant }), ts));
    models.push({ model, label: MODEL_LABELS[model], summary: summarizePaths(paths), paths });
    log(`${MODEL_LABELS[model]}: ${paths.length} paths measured`);
  }
  const run = {
    ...budget,
    evalSize: options.evalSize,
    pairs,
    ts,
    backend: backend.name,
    measure: 'shapePathMotion: nearest clean shape per frame; dip of its colour intensity below the line between the ends; travel of its centre',
    jump: `largest centre step > ${JUMP_SHARE} of the end-to-end displacement, over paths whose centre moves >= ${MIN_TRAVEL} px`,
  };
  const file = join(out, 'shape-paths.json');
  writeFileSync(file, `${JSON.stringify({ run, models }, null, 2)}\n`);
  return { file, models };
}

/** The pairs' images, row-major [2 · pairs, 32, 32, 3]: first and second of pair 0, then pair 1, ... */
function pairImages(evalSize: number, pairs: ReadonlyArray<readonly [number, number]>, variant: ShapeDataVariant): Float32Array {
  const { images } = generateShapes({ count: evalSize, seed: SHAPE_EVAL_SEED, variant });
  const out = new Float32Array(2 * pairs.length * PIXELS);
  pairs.flat().forEach((index, slot) => out.set(images.subarray(index * PIXELS, (index + 1) * PIXELS), slot * PIXELS));
  return out;
}

function concat(frames: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(frames.length * PIXELS);
  frames.forEach((frame, i) => out.set(frame, i * PIXELS));
  return out;
}

function pathRecord(pair: readonly [number, number], motion: ShapePathMotion, ts: readonly number[]): PathRecord {
  const { dip, centre, extent, kindChanges } = motion;
  const frames = motion.frames.map((frame, i) => ({
    t: ts[i],
    kind: frame.factors.kind,
    centre: frame.centre,
    extent: frame.extent,
    brightness: frame.brightness,
    distance: frame.distance,
  }));
  return { pair, dip, centre, extent, kindChanges, frames };
}

/** Mean dip over all paths; the travel numbers over the paths whose centre moves {@link MIN_TRAVEL} pixels or more. */
export function summarizePaths(paths: ReadonlyArray<Pick<PathRecord, 'dip' | 'centre'>>): PathSummary {
  const travelling = paths.filter((path) => path.centre.straight >= MIN_TRAVEL).map((path) => path.centre);
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
  const jumps = travelling.map((centre) => centre.maxJump as number);
  return {
    paths: paths.length,
    meanDip: mean(paths.map((path) => path.dip)) ?? 0,
    travelling: travelling.length,
    jumpShare: mean(jumps.map((jump) => (jump > JUMP_SHARE ? 1 : 0))),
    meanMaxJump: mean(jumps),
    meanCentrePathRatio: mean(travelling.map((centre) => centre.pathRatio as number)),
  };
}

/** One row per model: the summary's numbers. */
export function shapePathsTable(models: readonly ModelPaths[]): string {
  const number = (value: number | null, digits: number) => (value === null ? '-' : value.toFixed(digits));
  const rows = models.map(({ label, summary: s }) => [
    label,
    String(s.paths),
    number(s.meanDip, 3),
    `${s.travelling}`,
    number(s.jumpShare, 2),
    number(s.meanMaxJump, 3),
    number(s.meanCentrePathRatio, 2),
  ]);
  const table = fixedWidthTable(
    ['model', 'paths', 'mean dip', `centre moves >= ${MIN_TRAVEL} px`, 'share with a jump', 'mean max jump', 'centre path ratio'],
    rows,
  );
  return (
    `Along Figure 3's interpolation paths, the nearest clean shape per frame:\n${table}` +
    'dip: largest fall of its colour intensity below the line between the ends (fraction of the line; a cross-fade ~0.5)\n' +
    `jump: one step carries > ${JUMP_SHARE} of the centre's displacement (an even move: ~0.1 per step)\n`
  );
}
