import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Node 20 validates relaxed SIMD only behind this flag (22 and later by
// default, and they refuse the flag), so that the tests of the wasm GEMM's
// fused path run on every supported line.
const nodeFlags = process.versions.node.startsWith('20.') ? ['--experimental-wasm-relaxed-simd'] : [];

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
    poolOptions: { forks: { execArgv: nodeFlags } },
  },
});
