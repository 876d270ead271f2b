/** The parts of `@tensorflow/tfjs-backend-wasm` that this library calls.
 *
 * @category Backends
 */
export interface WasmPackage {
  setWasmPaths(prefixOrFileMap: string | Record<string, string>, usePlatformFetch?: boolean): void;
  getThreadsCount(): number;
}

/**
 * Imports the optional peer `@tensorflow/tfjs-backend-wasm`, which registers
 * the 'wasm' backend with tfjs on import. The specifier is held in a variable
 * so that bundlers and the type checker do not require the package.
 *
 * @throws Error naming the package and the install command when it is missing.
 */
export async function loadWasmPackage(): Promise<WasmPackage> {
  const specifier = '@tensorflow/tfjs-backend-wasm';
  try {
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as WasmPackage;
  } catch (cause) {
    throw new Error(
      `useWasmTraining() needs the optional peer dependency ${specifier}, which could not be imported ` +
        `(${(cause as Error).message}). Install it next to @tensorflow/tfjs: npm install ${specifier}@^4.22.0` +
        `. In a bundled web app, pass the bundled module: useWasmTraining({ wasmPackage })`,
      { cause },
    );
  }
}
