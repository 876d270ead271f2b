import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmTraining } from '../../src/backends';
import { FusedAdamOptimizer, fusedAdam } from '../../src/optimizers';
import { pseudoRandom } from '../backends/helpers';

// Sizes that exercise the four-float loop, the one-by-one tail and both: 1, 3, 20, 189 floats.
const SHAPES = [[], [3], [4, 5], [7, 9, 3]];
const STEPS = 6;

/** What applyGradients takes (tfjs types the map form's values as variables; gradients are plain tensors). */
type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/** Variables of SHAPES with fixed initial values (names unique per call). */
function makeVariables(tag: string): tf.Variable[] {
  return SHAPES.map((shape, i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return tf.tidy(() => tf.variable(tf.tensor(pseudoRandom(size, 10 + i), shape), true, `${tag}-${i}-${Math.random()}`));
  });
}

/** The gradients of step `step`: pseudo-random, of mixed scale (down to 1e-9) and sign. */
function gradientsOf(variables: tf.Variable[], step: number): tf.Tensor[] {
  return variables.map((variable, i) => {
    const values = pseudoRandom(variable.size, 100 * step + i).map((x, j) => x * 10 ** -(j % 10));
    return tf.tensor(values, variable.shape);
  });
}

/**
 * Values and moments after STEPS steps of `optimizer`: the map form on even
 * steps, the array form on odd ones with one gradient missing (Adam then
 * leaves that variable and its moments as they are).
 */
async function train(optimizer: tf.AdamOptimizer, tag: string): Promise<Float32Array[]> {
  const variables = makeVariables(tag);
  for (let step = 0; step < STEPS; step++) {
    const gradients = gradientsOf(variables, step);
    if (step % 2 === 0) {
      optimizer.applyGradients(Object.fromEntries(variables.map((variable, i) => [variable.name, gradients[i]])) as unknown as Gradients);
    } else {
      const missing = step % variables.length;
      optimizer.applyGradients(
        variables.map((variable, i) => ({ name: variable.name, tensor: (i === missing ? null : gradients[i]) as tf.Tensor })),
      );
    }
    tf.dispose(gradients);
  }
  const [iterations, ...moments] = (await optimizer.getWeights()).map((weight) => weight.tensor);
  const values = await Promise.all([...variables, ...moments].map((t) => t.data() as Promise<Float32Array>));
  tf.dispose([iterations, ...variables]);
  optimizer.dispose();
  return values;
}

beforeAll(async () => {
  await useWasmTraining();
});

describe('fusedAdam', () => {
  it('gives tf.train.adam\'s values and moments to the bit on wasm, and runs the fused kernel there', async () => {
    await tf.setBackend('wasm');
    const tensorsBefore = tf.memory().numTensors;
    const expected = await train(tf.train.adam(1e-2, 0.9, 0.999, 1e-8), 'stock');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const runs: string[] = [];
    const fused = fusedAdam(1e-2, 0.9, 0.999, 1e-8);
    const runKernel = tf.engine().runKernel.bind(tf.engine());
    tf.engine().runKernel = ((name: string, ...rest: unknown[]) => {
      runs.push(name);
      return (runKernel as (...args: unknown[]) => unknown)(name, ...rest);
    }) as typeof runKernel;
    let actual: Float32Array[];
    try {
      actual = await train(fused, 'fused');
    } finally {
      tf.engine().runKernel = runKernel;
    }
    expect(runs.filter((name) => name === 'IrmaeAdamStep').length).toBe(SHAPES.length * STEPS - STEPS / 2);
    expect(actual.length).toBe(expected.length);
    actual.forEach((values, i) => expect(Array.from(values), `array ${i}`).toEqual(Array.from(expected[i])));
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('takes the closed-form first step: value - rate * g / (|g| + epsilon)', async () => {
    await tf.setBackend('wasm');
    const variable = tf.variable(tf.tensor1d([1, -2, 0.5, 3, 7]), true, `closed-${Math.random()}`);
    const gradient = [2, -0.25, 4e-3, -8, 1e-6];
    const optimizer = fusedAdam(0.5, 0.9, 0.999, 0);
    const g = tf.tensor1d(gradient);
    optimizer.applyGradients({ [variable.name]: g } as unknown as Gradients);
    const after = await variable.data();
    // First step from zero moments: m / (1 - beta1) = g and v / (1 - beta2) = g^2, so the step is rate * sign(g),
    // up to float32: (1 - beta) is rounded as a difference in float64, beta^1 as beta itself (a relative 7e-6).
    [0.5, -1.5, 0, 3.5, 6.5].forEach((value, i) => expect(after[i]).toBeCloseTo(value, 4));
    tf.dispose([g, variable]);
    optimizer.dispose();
  });

  it('is tfjs\'s Adam on a backend without the fused kernel', async () => {
    await tf.setBackend('cpu');
    const expected = await train(tf.train.adam(1e-2, 0.9, 0.999, 1e-8), 'cpu-stock');
    const actual = await train(new FusedAdamOptimizer(1e-2, 0.9, 0.999, 1e-8), 'cpu-fused');
    actual.forEach((values, i) => expect(Array.from(values)).toEqual(Array.from(expected[i])));
  });

  it("fails by name, before any update, when tfjs's Adam lacks the private state it keeps", async () => {
    await tf.setBackend('wasm');
    const variable = tf.variable(tf.ones([3]), true, `stubbed-${Math.random()}`);
    const gradient = tf.fill([3], 0.5);
    const optimizer = fusedAdam(1e-3);
    const accBeta2 = (optimizer as unknown as { accBeta2: tf.Variable }).accBeta2;
    delete (optimizer as unknown as { accBeta2?: tf.Variable }).accBeta2; // as a tfjs that renamed it
    expect(() => optimizer.applyGradients({ [variable.name]: gradient } as unknown as Gradients)).toThrow(
      `irmae reads tfjs's private \`AdamOptimizer.accBeta2\`, expected to be a tf.Variable, but with tfjs ${tf.version_core} ` +
        `it is undefined. This irmae release is tested with tfjs 4.22.x: install @tensorflow/tfjs@~4.22.0, ` +
        `or an irmae release made for tfjs ${tf.version_core}.`,
    );
    expect(Array.from(await variable.data())).toEqual([1, 1, 1]);
    Object.assign(optimizer, { accBeta2 });
    tf.dispose([variable, gradient]);
    optimizer.dispose();
  });

  it('saves and restores as an Adam (same weight names, same config)', async () => {
    await tf.setBackend('wasm');
    const optimizer = fusedAdam(1e-3);
    const variable = tf.variable(tf.ones([6]), true, 'restorable');
    const gradient = tf.fill([6], 0.5);
    optimizer.applyGradients({ restorable: gradient } as unknown as Gradients);
    const weights = await optimizer.getWeights();
    const names = weights.map((weight) => weight.name);
    expect(names).toEqual(['iter', 'restorable/m', 'restorable/v']);
    expect(optimizer.getConfig()).toEqual(tf.train.adam(1e-3).getConfig());
    expect(optimizer).toBeInstanceOf(tf.AdamOptimizer);
    tf.dispose([weights[0].tensor, gradient, variable]);
    optimizer.dispose();
  });
});
