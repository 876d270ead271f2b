import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests of the examples import the package by name, as users do; resolve
    // that name to the sources so the tests need no prior build.
    alias: [
      { find: /^irmae$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^irmae\/node$/, replacement: fileURLToPath(new URL('./src/node.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/quiet_tfjs_banner.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
