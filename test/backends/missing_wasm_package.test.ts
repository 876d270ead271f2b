import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { selectBackend, useWasmTraining } from '../../src/backends';

// As if the optional peer dependency were not installed.
vi.mock('@tensorflow/tfjs-backend-wasm', () => {
  throw new Error("Cannot find package '@tensorflow/tfjs-backend-wasm'");
});

describe('without @tensorflow/tfjs-backend-wasm', () => {
  it('useWasmTraining says which package is missing and how to install it', async () => {
    await expect(useWasmTraining()).rejects.toThrow(
      /^useWasmTraining\(\) needs the optional peer dependency @tensorflow\/tfjs-backend-wasm, which could not be imported \(.*\)\. Install it next to @tensorflow\/tfjs: npm install @tensorflow\/tfjs-backend-wasm@\^4\.22\.0\. In a bundled web app, pass the bundled module: useWasmTraining\(\{ wasmPackage \}\)$/,
    );
  });

  it('selectBackend falls back to cpu and names both packages it passed over', async () => {
    const choice = await selectBackend();
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.reason).toMatch(/^plain JavaScript, slow for convolutions; @tensorflow\/tfjs-node is not importable .*; useWasmTraining\(\) needs the optional peer dependency @tensorflow\/tfjs-backend-wasm/);
  });
});
