import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The demo imports the library by its name, as a web app does; here the name
// resolves to the sources, so the demo needs no prior build of the package.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: { irmae: fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
  },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
});
