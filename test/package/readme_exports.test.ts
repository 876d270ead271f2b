import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import * as main from '../../src';
import * as node from '../../src/node';

const root = fileURLToPath(new URL('../..', import.meta.url));
const NODE_AREA = 'Node only, `irmae/node`';

/**
 * The names README's "What is in the box" table lists, per area: the
 * identifier that opens each code span, leaving out remarks in parentheses
 * after a name (methods, options, descriptions), which are not exports.
 */
function readmeTable(readme: string): Map<string, string[]> {
  const section = readme.split('## What is in the box')[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| ')).slice(1);
  return new Map(
    rows.map((row) => {
      const [area, exports] = row.split(' | ').map((cell) => cell.replace(/^\| | \|$/g, ''));
      const names = [...exports.replace(/ \([^()]*\)/g, '').matchAll(/`([A-Za-z_$][\w$]*)/g)].map((match) => match[1]);
      return [area, names];
    }),
  );
}

function namesOf(table: Map<string, string[]>, keep: (area: string) => boolean): string[] {
  return [...new Set([...table].filter(([area]) => keep(area)).flatMap(([, names]) => names))].sort();
}

const table = readmeTable(readFileSync(`${root}/README.md`, 'utf8'));

describe("README's table of exports", () => {
  it('reads the table', () => {
    expect(table.get('Layers')).toEqual(['implicitRankMinimizer', 'ImplicitRankMinimizer', 'codePenalty', 'CodePenalty', 'gaussianSampler', 'GaussianSampler', 'seededDropout', 'SeededDropout', 'rankReduction', 'RankReduction']);
    expect(table.get(NODE_AREA)).toEqual(['fileSystemHandler', 'registerFileSystemRouter', 'loadMnist', 'loadMnistFeatureNetwork']);
  });

  it("lists every export of 'irmae', and nothing else", () => {
    expect(namesOf(table, (area) => area !== NODE_AREA)).toEqual(Object.keys(main).sort());
  });

  it("lists every export of 'irmae/node' in its row", () => {
    expect(table.get(NODE_AREA)?.sort()).toEqual(Object.keys(node).sort());
  });
});

describe('version', () => {
  it("is package.json's", () => {
    const { version } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string };
    expect(main.version).toBe(version);
  });
});
