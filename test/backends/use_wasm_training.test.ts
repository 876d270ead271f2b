import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels, selectBackend, useFastestBackend, useWasmTraining } from '../../src/backends';

describe('useWasmTraining', () => {
  it('activates wasm with SIMD and serves both training kernels', async () => {
    const info = await useWasmTraining();
    expect(info).toEqual({ backend: 'wasm', kernels: ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'IrmaeAdamStep'], simd: true, threads: 1 });
    expect(tf.getBackend()).toBe('wasm');
    const filterKernel = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    expect(filterKernel).toBeDefined();
    // A second call keeps the same registration instead of stacking another.
    await useWasmTraining();
    expect(registerWasmTrainingKernels()).toEqual(['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'IrmaeAdamStep']);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).toBe(filterKernel?.kernelFunc);
  });

  it('uses the wasm package it is given (as a bundled web app passes it) instead of importing one', async () => {
    await useWasmTraining(); // the real package registers and starts the backend
    const paths: unknown[] = [];
    const given = { setWasmPaths: (prefix: unknown) => void paths.push(prefix), getThreadsCount: () => 3 };
    const info = await useWasmTraining({ wasmPackage: given, wasmPaths: '/wasm/' });
    expect(paths).toEqual(['/wasm/']);
    expect(info.threads).toBe(3); // read from the given package, not from the imported one (1 in Node)
    expect(tf.getBackend()).toBe('wasm');
  });
});

describe('selectBackend', () => {
  it('picks wasm here, where tfjs-node is not installed, and says why', async () => {
    const choice = await selectBackend();
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toMatch(/^wasm with this library's training kernels \(SIMD, 1 thread\(s\)\); @tensorflow\/tfjs-node is not importable/);
    expect(tf.getBackend()).toBe('wasm');
    expect(useFastestBackend).toBe(selectBackend);
  });
});
