/**
 * Checked command-line flags for the scripts of examples/ and bench/: an
 * unknown flag, a missing value or a malformed number is a {@link UsageError}
 * naming the flag, never a silent NaN.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line that cannot run; the message says which flag and why. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** What `parseArgs` gives for a strict, positional-free spec `T`. */
type ParsedFlags<T extends FlagOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>['values'];

/** Parsed flag values: a string for a flag that takes one, true for a switch. */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * Parses `argv` strictly against `options` (node:util's `parseArgs` spec,
 * without positionals).
 *
 * @param argv Arguments after the script name, e.g. `process.argv.slice(2)`.
 * @throws {UsageError} For an unknown flag or a flag missing its value.
 */
export function parseFlags<const T extends FlagOptions>(argv: readonly string[], options: T): ParsedFlags<T> {
  try {
    const { values } = parseArgs({
      args: attachNegativeNumbers(argv, options),
      options,
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    // node:util's messages name the flag, then add hints about `--`
    // escapes that make no sense here; keep the first line only.
    const message = (error as Error).message.split('\n')[0];
    throw new UsageError(message);
  }
}

/**
 * node:util reads `--epochs -5` as a flag without its value; join such
 * numerals to their flag (`--epochs=-5`) so that the range check can say
 * what is wrong with them.
 */
function attachNegativeNumbers(argv: readonly string[], options: FlagOptions): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].slice(2);
    const next = argv[i + 1];
    const takesValue = argv[i].startsWith('--') && options[flag]?.type === 'string';
    if (takesValue && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${argv[i]}=${next}`);
      i++;
    } else {
      joined.push(argv[i]);
    }
  }
  return joined;
}

/**
 * The integer value of `--flag`, or `fallback` when it is not given.
 *
 * @throws {UsageError} "--epochs must be a positive integer, but got \"2x\""
 *   unless the value is a safe integer >= `min`.
 */
export function integerFlag(values: FlagValues, flag: string, fallback: number, min: number): number {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  const value = parseNumber(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    const expected = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw new UsageError(`--${flag} must be ${expected}, but got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * The value of `--flag` as a finite number > 0, or `fallback` when it is not
 * given.
 *
 * @throws {UsageError} "--lr must be a positive number, but got \"abc\"".
 */
export function positiveNumberFlag(values: FlagValues, flag: string, fallback: number): number {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  const value = parseNumber(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${flag} must be a positive number, but got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Number() accepts '' and ' ' as 0; a flag value must be a real numeral. */
function parseNumber(raw: unknown): number {
  return typeof raw !== 'string' || raw.trim() === '' ? Number.NaN : Number(raw);
}

/**
 * Runs `parse` on a script's command line; on a {@link UsageError}, prints
 * it with the script's name and exits with code 2, as a shell expects of a
 * bad command line.
 */
export function parseCommandLine<T>(script: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${script}: ${error.message}\n`);
    process.exit(2);
  }
}
