/**
 * Figure 2's numbers accumulate across runs: a run with other `--models`
 * and the same budget adds its models to `figure2.json` in the same
 * directory instead of dropping the ones measured before.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ModelSpectrum, RunDescription } from './figure2-results';

/** The run's fields that decide the numbers: all but the backend and the wall time. */
function budgetOf(run: Partial<RunDescription>): Partial<RunDescription> {
  const { backend: _backend, wallTimeSeconds: _wallTime, ...budget } = run;
  return budget;
}

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
  if (!isDeepStrictEqual(budgetOf(earlier.run), budgetOf(run))) return [];
  return earlier.models.filter((entry) => !measured.includes(entry.model));
}

/** The entries in the order of `names` (the figures' order); names without an entry are skipped. */
export function inModelOrder<T extends { model: string }>(entries: readonly T[], names: readonly string[]): T[] {
  return names.flatMap((name) => entries.filter((entry) => entry.model === name));
}
