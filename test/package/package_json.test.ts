import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFileSync(`${root}/${file}`, 'utf8');
const manifest = JSON.parse(read('package.json')) as {
  version: string;
  license: string;
  files: string[];
};

// `npm run check:package` packs and lints the real tarball; these are the
// quick checks of what it is made from.
describe('the package as published', () => {
  it('ships the licence package.json names, and the changelog', () => {
    expect(manifest.license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the irmae authors\n/);
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'LICENSE', 'CHANGELOG.md']));
  });

  it('has a changelog section for the unreleased changes and for its version', () => {
    const headings = read('CHANGELOG.md').split('\n').filter((line) => line.startsWith('## '));
    expect(headings[0]).toBe('## Unreleased');
    // `## 0.1.0`, or once released `## 0.1.0 - 2026-12-24`.
    expect(headings.some((heading) => heading.split(' ')[1] === manifest.version)).toBe(true);
  });
});
