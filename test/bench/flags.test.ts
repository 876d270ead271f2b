import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a bench script with `flags` and returns its exit code and error output. */
function run(script: string, flags: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...flags], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('bench flags', () => {
  it('refuse a malformed number, naming the flag, before any work (exit code 2)', () => {
    expect(run('bench/parallel-training.ts', ['--images', '3x'])).toEqual({
      status: 2,
      stderr: 'bench/parallel-training.ts: --images must be a positive integer, but got "3x"\n',
    });
    expect(run('bench/training.ts', ['--steps', '-1'])).toEqual({
      status: 2,
      stderr: 'bench/training.ts: --steps must be a positive integer, but got "-1"\n',
    });
  });

  it('refuse an unknown flag', () => {
    expect(run('bench/browser.ts', ['--round', '2'])).toEqual({
      status: 2,
      stderr: "bench/browser.ts: Unknown option '--round'\n",
    });
  });
});
