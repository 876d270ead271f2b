/**
 * The shared command line of the reproduction scripts: parse, refuse bad
 * flags before any work with exit code 2, run, print a summary table.
 */
import { SHAPE_PROFILE, UsageError, parseReproductionArgs, usage, type ReproductionOptions, type ReproductionProfile } from './args';
import { PROBE_FACTORS, type ModelSpectrum, type ProbeName } from './figure2-results';
import { fixedWidthTable } from './fixed-width-table';
import { prepareOutputDir } from './output-dir';
import { reproduce, type FigureSelection } from './reproduction';

export interface ScriptDescription {
  /** How users invoke it, for the usage line. */
  script: string;
  /** One sentence on what it draws. */
  purpose: string;
  figures: FigureSelection;
}

/** Exit codes: 0 success, 1 failure while running, 2 bad command line. */
export function runCli(argv: readonly string[], description: ScriptDescription): Promise<number> {
  return runReproductionCli(argv, {
    ...description,
    profile: SHAPE_PROFILE,
    run: async (options) => summaryTable((await reproduce(options, description.figures)).spectra),
  });
}

/** A reproduction script: its flags' profile and what it runs. */
export interface ReproductionScript<Name extends string> {
  /** How users invoke it, for the usage line. */
  script: string;
  /** One sentence on what it draws. */
  purpose: string;
  profile: ReproductionProfile<Name>;
  /**
   * Runs it; a {@link UsageError} thrown before any work counts as a bad command line.
   *
   * @returns The summary printed on standard output.
   */
  run(options: ReproductionOptions<Name>): Promise<string>;
}

/** Exit codes: 0 success, 1 failure while running, 2 bad command line. */
export async function runReproductionCli<Name extends string>(argv: readonly string[], script: ReproductionScript<Name>): Promise<number> {
  let options;
  try {
    options = parseReproductionArgs(argv, script.profile);
    if (options.help) {
      process.stdout.write(usage(script.script, script.purpose, script.profile));
      return 0;
    }
    prepareOutputDir(options.out);
  } catch (error) {
    return usageFailure(script.script, error);
  }
  try {
    process.stdout.write(await script.run(options));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(script.script, error);
    process.stderr.write(`${script.script} failed: ${(error as Error).stack ?? error}\n`);
    return 1;
  }
}

function usageFailure(script: string, error: unknown): number {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${script}: ${error.message}\nRun it with --help for the options.\n`);
  return 2;
}

/**
 * Fixed-width tables of each model's rank measures and factor probe (R² of
 * x, y, size, r, g, b and the hue columns r-g, g-b; accuracy of kind), then
 * of the quadratic factor probe. A probe with no more fitted rows than
 * features shows '-' in its cells and a line under its table saying so.
 */
export function summaryTable(spectra: readonly ModelSpectrum[]): string {
  const probeCells = (probe: Record<string, number>) =>
    PROBE_FACTORS.map((factor) => (Number.isNaN(probe[factor]) ? '-' : (probe[factor] ?? NaN).toFixed(2)));
  const measures = fixedWidthTable(
    ['model', 'effective rank', 'above 1e-2', 'above 1e-3', 'numerical rank', 'eval MSE', ...PROBE_FACTORS],
    spectra.map((s) => [
      s.label,
      s.effectiveRank.toFixed(2),
      String(s.thresholdRank1e2),
      String(s.thresholdRank1e3),
      String(s.numericalRank),
      s.evalMse.toExponential(3),
      ...probeCells(s.probe),
    ]),
  );
  const quadratic = fixedWidthTable(
    ['quadratic probe', ...PROBE_FACTORS],
    spectra.map((s) => [s.label, ...probeCells(s.quadraticProbe)]),
  );
  return `${measures}${notMeasurableLines(spectra, 'probe')}\n${quadratic}${notMeasurableLines(spectra, 'quadraticProbe')}`;
}

/** "AE: linear probe not measurable (375 fitted rows for 560 features)", one line per model whose probe was not. */
function notMeasurableLines(spectra: readonly ModelSpectrum[], name: ProbeName): string {
  return spectra
    .filter((s) => s.notMeasurable?.[name] !== undefined && PROBE_FACTORS.every((factor) => Number.isNaN(s[name][factor])))
    .map((s) => {
      const { fittedRows, features } = s.notMeasurable![name]!;
      const kind = name === 'probe' ? 'linear' : 'quadratic';
      return `${s.label}: ${kind} probe not measurable (${fittedRows} fitted rows for ${features} features; raise --eval-size)\n`;
    })
    .join('');
}
