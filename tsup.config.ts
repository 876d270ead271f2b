import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // One tfjs instance per application: never bundle tfjs or its backends.
  external: [/^@tensorflow\//, 'ml-matrix'],
});
