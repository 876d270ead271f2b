/**
 * Figure 2's numbers accumulate across runs: a run with other `--models`
 * and the same budget adds its models to `figure2.json` in the same
 * directory instead of dropping the ones measured before.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelSpectrum, RunDescription } from './figure2-results';

/** The run's fields that decide the numbers; the backend and the wall time do not. */
const BUDGET_FIELDS = [
  'trainSize',
  'evalSize',
  'epochs',
  'learningRate',
  'schedule',
  'warmup',
  'batchSize',
  'latentDim',
  'seed',
  'initialisation',
  'variant',
] as const satisfies ReadonlyArray<keyof RunDescription>;

/**
 * The entries of `<out>/figure2.json` whose models this run does not
 * measure, when that file was written with the same budget; none otherwise
 * (no file, or another budget, whose numbers would not compare).
 *
 * @param measured The models this run measures: their fresh entries win.
 */
export function earlierSpectra(out: string, run: RunDescription, measured: readonly string[]): ModelSpectrum[] {
  const file = join(out, 'figure2.json');
  if (!existsSync(file)) return [];
  const earlier = JSON.parse(readFileSync(file, 'utf8')) as { run: Partial<RunDescription>; models: ModelSpectrum[] };
  if (!BUDGET_FIELDS.every((field) => earlier.run[field] === run[field])) return [];
  return earlier.models.filter((entry) => !measured.includes(entry.model));
}

/** The entries in the order of `names` (the figures' order); names without an entry are skipped. */
export function inModelOrder<T extends { model: string }>(entries: readonly T[], names: readonly string[]): T[] {
  return names.flatMap((name) => entries.filter((entry) => entry.model === name));
}
