import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

/** Names of the installed packages (nested ones included) that declare an install script. */
function packagesWithInstallScripts(modules: string, found = new Set<string>()): Set<string> {
  if (!existsSync(modules)) return found;
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((name) => join(modules, entry, name)) : [join(modules, entry)];
    for (const dir of dirs) {
      const manifest = join(dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const { name, scripts = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; scripts?: Record<string, string> };
      if (INSTALL_SCRIPTS.some((script) => scripts[script] !== undefined)) found.add(name);
      packagesWithInstallScripts(join(dir, 'node_modules'), found);
    }
  }
  return found;
}

describe('package.json allowScripts', () => {
  it('decides for every installed dependency with an install script, so npm install does not warn', () => {
    const { allowScripts = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      allowScripts?: Record<string, boolean>;
    };
    const undecided = [...packagesWithInstallScripts(join(root, 'node_modules'))].filter((name) => !(name in allowScripts));
    expect(undecided).toEqual([]);
  });
});
