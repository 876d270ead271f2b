import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const probe = fileURLToPath(new URL('./fixtures/resolve-probe.ts', import.meta.url));
const bootstrap = fileURLToPath(new URL('../../examples/lib/worker-bootstrap.mjs', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

describe('examples run the sources', () => {
  // `npm run reproduce` runs tsx, which maps 'irmae' to src/index.ts through
  // tsconfig.json's `paths`; without that mapping Node's self-reference
  // would load dist/ (a stale build, or none).
  it("resolve 'irmae' to src/ under tsx, in the main thread", async () => {
    const { stdout } = await promisify(execFile)(tsx, [probe], { cwd: root });
    expect(stdout.trim()).toBe('src');
  });

  it("resolve 'irmae' to src/ in a worker started through worker-bootstrap.mjs", async () => {
    const script = `
      import { Worker } from 'node:worker_threads';
      new Worker(${JSON.stringify(bootstrap)}, { workerData: { entry: ${JSON.stringify(new URL(`file://${probe}`).href)} } });
    `;
    const { stdout } = await promisify(execFile)(tsx, ['--eval', script], { cwd: root });
    expect(stdout.trim()).toBe('src');
  });
});
