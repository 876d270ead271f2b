import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './args';

/**
 * Creates the output directory if needed and proves it is writable by writing
 * and removing a probe file, so an unusable `--out` fails before training
 * rather than after it.
 *
 * @param out Directory path, relative to the working directory or absolute.
 * @returns The absolute path.
 * @throws {UsageError} Naming the path and the system's reason.
 */
export function prepareOutputDir(out: string): string {
  const dir = resolve(out);
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`--out must be a writable directory, but ${JSON.stringify(out)} is not (${reason})`);
  }
  return dir;
}
