import { rename, rm } from 'node:fs/promises';

/**
 * Fills a fresh sibling directory of `target`, then renames it to `target`,
 * so readers never see a half-written directory: a rename within one file
 * system is atomic. When `target` already holds files it is first renamed
 * aside and removed afterwards (POSIX cannot rename a directory over a
 * non-empty one); only between those two renames is `target` briefly absent,
 * and the old copy then survives as `<target>.old-*`.
 *
 * @param target Directory to create or replace.
 * @param fill Writes the content into the directory it is given.
 */
export async function publishDirectory(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const suffix = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const staging = `${target}.tmp-${suffix}`;
  try {
    await fill(staging);
    try {
      await rename(staging, target);
    } catch (error) {
      if (!isDirectoryInTheWay(error)) throw error;
      const old = `${target}.old-${suffix}`;
      await rename(target, old);
      await rename(staging, target);
      await rm(old, { recursive: true, force: true });
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function isDirectoryInTheWay(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EISDIR' || code === 'EPERM';
}
