import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmTraining } from '../../src/backends';
import { createShapeAutoencoder } from '../../src/presets';
import { expectRelativeClose, pseudoRandom } from './helpers';

/** The paper's shape autoencoder with IRMAE l = 2, from the presets (seeded, so both backends build it alike). */
function shapeAutoencoder(): tf.LayersModel {
  return createShapeAutoencoder({ irmLayers: 2, seed: 7 }).model;
}

interface StepResult {
  loss: number;
  gradients: Float32Array[];
  weights: Float32Array[];
}

/** One Adam step (lr 1e-4, the paper's) of MSE reconstruction from the given initial weights, on `backend`. */
async function oneAdamStep(backend: string, initial: Float32Array[], images: Float32Array, batch: number): Promise<StepResult> {
  await tf.setBackend(backend);
  const model = shapeAutoencoder();
  const start = model.getWeights().map((w, i) => tf.tensor(initial[i], w.shape));
  model.setWeights(start);
  tf.dispose(start);
  const x = tf.tensor4d(images, [batch, 32, 32, 3]);
  const loss = () => tf.losses.meanSquaredError(x, model.apply(x) as tf.Tensor) as tf.Scalar;
  const { value, grads } = tf.variableGrads(loss, model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
  const gradients = await Promise.all(Object.values(grads).map((g) => g.data() as Promise<Float32Array>));
  const optimizer = tf.train.adam(1e-4);
  optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
  const weights = await Promise.all(model.getWeights().map((w) => w.data() as Promise<Float32Array>));
  const result = { loss: (await value.data())[0], gradients, weights };
  tf.dispose([x, value, ...Object.values(grads)]);
  optimizer.dispose();
  model.dispose();
  return result;
}

beforeAll(async () => {
  await useWasmTraining();
});

describe('one training step of the shape autoencoder on wasm', () => {
  it('has the cpu backend gradients, loss and weights after an Adam step', async () => {
    await tf.setBackend('cpu');
    const reference = shapeAutoencoder();
    const initial = await Promise.all(reference.getWeights().map((w) => w.data() as Promise<Float32Array>));
    reference.dispose();
    const batch = 3;
    const images = pseudoRandom(batch * 32 * 32 * 3, 21).map((v) => (v + 1) / 2);

    const tensorsBefore = tf.memory().numTensors;
    const cpu = await oneAdamStep('cpu', initial, images, batch);
    const wasm = await oneAdamStep('wasm', initial, images, batch);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    expect(Math.abs(wasm.loss - cpu.loss) / cpu.loss).toBeLessThan(1e-5);
    expect(wasm.gradients.length).toBe(cpu.gradients.length);
    cpu.gradients.forEach((g, i) => expectRelativeClose(wasm.gradients[i], g, 1e-4, `gradient ${i}`));
    cpu.weights.forEach((w, i) => {
      // Adam's first step moves every weight by about lr = 1e-4, so compare the
      // update itself, not only the weights (which would hide a wrong update).
      // The update is a difference of float32 weights of magnitude ~0.1, whose
      // rounding (~7e-9) is ~1e-4 of the update: hence 1e-3 here.
      const cpuUpdate = w.map((v, j) => v - initial[i][j]);
      const wasmUpdate = wasm.weights[i].map((v, j) => v - initial[i][j]);
      expectRelativeClose(wasmUpdate, cpuUpdate, 1e-3, `Adam update ${i}`);
      expectRelativeClose(wasm.weights[i], w, 1e-4, `weights ${i}`);
    });
  });
});
