import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** MNIST's IDX files have no extension; without one their hashed names would end in a bare '.'. */
const output = {
  assetFileNames: ({ names }: { names: string[] }) =>
    /\.\w+$/.test(names[0] ?? '') ? 'assets/[name]-[hash][extname]' : 'assets/[name]-[hash].idx',
};

// The demo imports the library by its name, as a web app does; here the name
// resolves to the sources, so the demo needs no prior build of the package.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: { irmae: fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
  },
  // The workers import the data and the .wasm binaries, so their bundle emits those assets.
  worker: { format: 'es', rolldownOptions: { output } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
});
