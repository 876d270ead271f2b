/**
 * How the default code-penalty weights of createFigureModel were chosen: a
 * short run (2,048 training images, 8 epochs of batch 32 = 512 Adam steps at
 * 1e-4, seed 1) of the shape AE with L1 or L2 on e(x) at several lambdas,
 * then, on 512 evaluation images: reconstruction MSE, mean per-sample
 * sum|e(x)| and sum e(x)^2, and the effective rank of the code covariance.
 *
 * Run: npx tsx test/presets/code_penalty_sweep.ts [ae] [l1=1e-5] [l2=1e-6] ...
 * (wasm backend, about two minutes per configuration; default: the grid below).
 */
import * as tf from '@tensorflow/tfjs';

import { useWasmTraining } from '../../src/backends';
import { generateShapes, SHAPE_EVAL_SEED, SHAPE_TRAIN_SEED } from '../../src/datasets';
import { effectiveRank, latentSpectrum } from '../../src/metrics';
import { createShapeAutoencoder } from '../../src/presets/shape_autoencoder';
import { trainAutoencoder } from '../../src/training';

await useWasmTraining();
const train = generateShapes({ count: 2048, seed: SHAPE_TRAIN_SEED });
const evaluation = generateShapes({ count: 512, seed: SHAPE_EVAL_SEED });
const xs = tf.tensor4d(train.images, train.shape as [number, number, number, number]);
const evalXs = tf.tensor4d(evaluation.images, evaluation.shape as [number, number, number, number]);

const grid = ['ae', 'l1=1e-6', 'l1=1e-5', 'l1=1e-4', 'l2=1e-7', 'l2=1e-6', 'l2=1e-5', 'l2=1e-4'];
const labels = process.argv.length > 2 ? process.argv.slice(2) : grid;
const configs = labels.map((label) => {
  const [kind, value] = label.split('=');
  return { label, codeRegularizer: kind === 'ae' ? undefined : { [kind]: Number(value) } };
});
for (const { label, codeRegularizer } of configs) {
  const ae = createShapeAutoencoder({ seed: 1, codeRegularizer });
  const started = Date.now();
  await trainAutoencoder(ae.model, xs, { epochs: 8, progress: 'none' });
  const stats = tf.tidy(() => {
    const e = ae.encoder.predict(evalXs) as tf.Tensor2D;
    const mse = tf.losses.meanSquaredError(evalXs, ae.model.predict(evalXs) as tf.Tensor).dataSync()[0];
    return {
      mse,
      l1: e.abs().sum(1).mean().dataSync()[0],
      sq: e.square().sum(1).mean().dataSync()[0],
      codes: e.arraySync(),
    };
  });
  const rank = effectiveRank(latentSpectrum(stats.codes));
  console.log(
    JSON.stringify({ label, mse: stats.mse, meanSumAbs: stats.l1, meanSumSq: stats.sq, effectiveRank: rank, seconds: (Date.now() - started) / 1000 }),
  );
}
