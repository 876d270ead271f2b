import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));

/** Every .ts file below `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The folder of src/ a path lies in ('.' for the entries at its top). */
function folderOf(path: string): string {
  const parts = relative(src, path).split(sep);
  return parts.length > 1 ? parts[0] : '.';
}

/** The relative specifiers a file imports or re-exports (static and dynamic). */
function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)'(\.{1,2}\/[^']*)'/g)].map((match) => match[1]);
}

/** Folder -> the other folders of src/ its files import, from the sources on disk. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(src)) {
    const from = folderOf(file);
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), specifier);
      // '../layers' names a folder's index: the folder itself.
      const to = folderOf(relative(src, target).includes(sep) ? target : join(target, 'index.ts'));
      if (to !== from) targets.add(to);
    }
  }
  return graph;
}

/** One cycle of the graph as a path [a, b, ..., a], or undefined when it has none. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    if (state.get(node) === 'done') return undefined;
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('the folders of src/', () => {
  it('finds a cycle where there is one, and none in a chain', () => {
    const graph = (edges: Record<string, string[]>) =>
      new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));
    expect(findCycle(graph({ random: ['internal'], layers: ['random', 'internal'], internal: [] }))).toBeUndefined();
    expect(findCycle(graph({ random: ['layers'], layers: ['random'] }))).toEqual(['random', 'layers', 'random']);
    expect(relativeImports("import { a } from '../x/y';\nexport * from './z';\nconst m = await import('../w');")).toEqual([
      '../x/y',
      './z',
      '../w',
    ]);
  });

  it('import one another one way only: no folder imports a folder that imports it back', () => {
    const graph = folderGraph();
    expect(graph.get('training')).toContain('checkpoints');
    expect(findCycle(graph)).toBeUndefined();
  });

  it('keep internal/ free of the library: it imports no other folder', () => {
    expect([...(folderGraph().get('internal') ?? [])]).toEqual([]);
  });
});
