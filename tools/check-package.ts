/**
 * Checks the package as npm would publish it: packs it into a temporary
 * directory (`npm pack` builds dist/ through the `prepare` script), checks
 * that the tarball holds the licence, the changelog and the MNIST feature
 * network file, then lints the tarball's package.json and exports map with
 * publint and its type declarations, as each TypeScript module resolution
 * reads them, with attw (Are the Types Wrong?). Both tools read the local
 * tarball: no network.
 *
 * Run with `npm run check:package`, which puts publint and attw on the PATH.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Files npm does not add by itself that a published package must carry, and
 * the pinned MNIST feature network, which the build copies beside the bundles.
 */
const REQUIRED_FILES = ['package/LICENSE', 'package/CHANGELOG.md', 'package/README.md', 'package/dist/mnist-features.bin'];

function run(command: string, args: string[]): void {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  execFileSync(command, args, { stdio: 'inherit' });
}

const dir = mkdtempSync(join(tmpdir(), 'irmae-pack-'));
try {
  run('npm', ['pack', '--pack-destination', dir]);
  const tarballs = readdirSync(dir).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack should write one tarball into ${dir}, but wrote ${tarballs.length}`);
  const tarball = join(dir, tarballs[0]);

  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
  const missing = REQUIRED_FILES.filter((file) => !files.includes(file));
  if (missing.length > 0) throw new Error(`${tarballs[0]} lacks ${missing.join(', ')}, which package.json's "files" must name`);
  console.log(`\n${tarballs[0]} holds ${REQUIRED_FILES.join(', ')}`);

  run('publint', ['run', tarball, '--strict']);
  run('attw', [tarball]);
} catch (error) {
  console.error(`\ncheck:package failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
