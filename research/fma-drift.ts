/**
 * How far the wasm kernels' fused (relaxed SIMD) GEMM path moves a short
 * training run from the SIMD128 path, and that the SIMD128 path gives the
 * bits of the kernels before the library's GEMM (XNNPACK): the shape
 * autoencoder (IRMAE l = 2, batch 32, fused Adam 1e-4) trained for the same
 * steps on the same images on each path, then its loss, weights and the
 * singular values of its codes of the evaluation images compared.
 *
 *   npx tsx research/fma-drift.ts [--steps 60] [--eval-size 1000]
 *
 * Needs relaxed SIMD for the fused path (Node 22+, or Node 20 with
 * --experimental-wasm-relaxed-simd); prints JSON.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  SHAPE_EVAL_SEED, SHAPE_TRAIN_SEED, createShapeAutoencoder, fusedAdam, generateShapes, gemmPath, setGemmPath,
  singularValues, useWasmTraining, type GemmPath,
} from 'irmae';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '60' }, 'eval-size': { type: 'string', default: '1000' } } });
const steps = Number(values.steps);
const BATCH = 32;
await useWasmTraining();
const train = generateShapes({ count: 8 * BATCH, seed: SHAPE_TRAIN_SEED });
const evalSet = generateShapes({ count: Number(values['eval-size']), seed: SHAPE_EVAL_SEED });

/** Trains on `path` and returns the last loss, the weights and the codes' singular values. */
async function run(path: GemmPath): Promise<{ loss: number; weights: Float32Array[]; spectrum: number[] }> {
  setGemmPath(path);
  const { model, encode } = createShapeAutoencoder({ irmLayers: 2, seed: 1 });
  model.compile({ optimizer: fusedAdam(1e-4), loss: 'meanSquaredError' });
  const images = tf.tensor4d(train.images, train.shape);
  let loss = NaN;
  for (let step = 0; step < steps; step++) {
    const batch = images.slice([(step % 8) * BATCH, 0, 0, 0], [BATCH, 32, 32, 3]);
    loss = (await model.trainOnBatch(batch, batch)) as number;
    batch.dispose();
  }
  const codes = tf.tidy(() => encode(tf.tensor4d(evalSet.images, evalSet.shape)).arraySync());
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  images.dispose();
  model.dispose();
  return { loss, weights, spectrum: Array.from(singularValues(codes)) };
}

/** Largest absolute difference over the largest magnitude, across all arrays. */
function relativeDifference(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let worst = 0;
  let scale = 0;
  a.forEach((values, i) => {
    for (let j = 0; j < values.length; j++) {
      worst = Math.max(worst, Math.abs(values[j] - b[i][j]));
      scale = Math.max(scale, Math.abs(values[j]));
    }
  });
  return worst / scale;
}

const platform = gemmPath();
const xnnpack = await run('xnnpack');
const simd128 = await run('simd128');
const fma = await run('fma');
console.log(JSON.stringify({
  node: process.version,
  platformPath: platform,
  steps,
  loss: { xnnpack: xnnpack.loss, simd128: simd128.loss, fma: fma.loss },
  simd128EqualsXnnpack: relativeDifference(simd128.weights, xnnpack.weights) === 0 && simd128.loss === xnnpack.loss,
  fmaOverSimd128: {
    lossRelative: Math.abs(fma.loss - simd128.loss) / simd128.loss,
    weightsRelative: relativeDifference(fma.weights, simd128.weights),
    spectrumRelative: relativeDifference([fma.spectrum], [simd128.spectrum]),
  },
  spectrumTop4: { simd128: simd128.spectrum.slice(0, 4), fma: fma.spectrum.slice(0, 4) },
}, null, 1));
