/**
 * Node's file-system and path modules, imported on first use so that
 * importing the package in a browser does not fail on `node:` specifiers:
 * only the functions that touch files need Node.
 */
export async function nodeFs(): Promise<{
  fs: typeof import('node:fs/promises');
  path: typeof import('node:path');
}> {
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  return { fs, path };
}
