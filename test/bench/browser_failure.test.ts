import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** Runs bench/browser.ts with `IRMAE_CHROMIUM` set; resolves with its exit code and stderr, or rejects after `timeout` ms. */
function runBench(chromium: string, timeout: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(tsx, ['bench/browser.ts', '--out', '/dev/null'], {
      cwd: root,
      timeout,
      env: { ...process.env, IRMAE_CHROMIUM: chromium },
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('bench/browser.ts on failure', () => {
  it('exits 1 naming the problem when no Chromium is found', async () => {
    const { code, signal, stderr } = await runBench('/nonexistent/chromium', 60_000);
    expect(signal).toBeNull(); // not killed by the timeout
    expect(code).toBe(1);
    expect(stderr).toContain('bench/browser.ts failed: No Chromium or Chrome found. Install one');
  });

  it('closes its servers and exits 1 when the browser fails to start after they opened', async () => {
    // /bin/false exists, so the servers open before the launch fails.
    const { code, signal, stderr } = await runBench('/bin/false', 100_000);
    expect(signal).toBeNull();
    expect(code).toBe(1);
    expect(stderr).toMatch(/bench\/browser\.ts failed: .*launch/);
  }, 120_000);
});
