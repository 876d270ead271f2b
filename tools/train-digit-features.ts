/**
 * Trains the pinned MNIST feature network of `mnistFrechetDistance` and
 * writes its file, `src/presets/mnist-features.bin`: the weights of
 * `createMnistClassifier` trained on the 60,000 MNIST training digits by a
 * fixed, seeded recipe, rounded to float16, the Gaussian moments of their
 * features of the 10,000 test digits, and the record (architecture, feature
 * layer, test accuracy, recipe, build).
 *
 *   npx tsx tools/train-digit-features.ts           # train, write the file, pin its SHA-256 in the source
 *   npx tsx tools/train-digit-features.ts --check   # train again and compare the SHA-256 with the pinned one
 *   npx tsx tools/train-digit-features.ts --pilot   # 1 epoch of 2,000 digits: the time per image, writes nothing
 *
 * Training is deterministic on one set of kernels: the initial weights, the
 * shuffle and the shifts are seeded, and the backend is the library's choice
 * (`selectBackend`: wasm with the library's kernels, one thread). The same
 * Node line with its default kernels (`gemmPath()`: 'xnnpack' on Node 20,
 * 'fma' where WebAssembly has relaxed SIMD) rebuilds the same bytes; the
 * record names the backend, kernels and Node line the file was built on.
 * About 30 minutes on one free core.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';

import {
  classificationAccuracy,
  classifierFeatures,
  createMnistClassifier,
  featureGaussian,
  gemmPath,
  MNIST_FEATURE_LAYER,
  MNIST_FEATURES_SHA256,
  mnistFeatureNetworkFromBytes,
  selectBackend,
  trainMnistClassifier,
  type MnistFeatureRecord,
} from '../src';
import { loadMnist } from '../src/node';
import { sha256Hex } from '../src/internal/sha256';
import { decodeMnistFeatureFile, encodeMnistFeatureFile } from '../src/presets/mnist_feature_file';

/** The recipe: `createMnistClassifier({ seed: initSeed })` trained by `trainMnistClassifier` with the rest. */
const RECIPE: MnistFeatureRecord['recipe'] = {
  data: 'MNIST train, all 60,000 digits, 32 x 32 (loadMnist: Resize(32) bilinear, / 255), values in [0, 1]',
  initSeed: 0,
  seed: 0,
  epochs: 10,
  batchSize: 100,
  learningRate: 1e-3,
  schedule: 'cosine',
  shift: 2,
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILE = `${ROOT}src/presets/mnist-features.bin`;
const PINNED_IN = `${ROOT}src/presets/mnist_feature_network.ts`;

const [mode = 'write', ...rest] = process.argv.slice(2);
if (!['write', '--check', '--pilot'].includes(mode) || rest.length > 0) {
  console.error(`Unknown argument ${process.argv.slice(2).join(' ')}; usage: npx tsx tools/train-digit-features.ts [--check | --pilot]`);
  process.exit(2);
}
const PILOT = { epochs: 1, trainSize: 2000 };

const backend = await selectBackend();
console.log(`backend: ${backend.name} (${backend.reason}); matrix products: ${gemmPath()}; Node ${process.version}`);
const train = await loadMnist('train', mode === '--pilot' ? { count: PILOT.trainSize } : {});
const test = await loadMnist('test');

const model = createMnistClassifier({ seed: RECIPE.initSeed });
const xs = tf.tensor4d(train.images, train.shape);
const started = performance.now();
await trainMnistClassifier(model, xs, train.labels, {
  epochs: mode === '--pilot' ? PILOT.epochs : RECIPE.epochs,
  batchSize: RECIPE.batchSize,
  learningRate: RECIPE.learningRate,
  schedule: RECIPE.schedule,
  shift: RECIPE.shift,
  seed: RECIPE.seed,
  onEpochEnd: (epoch, logs) => {
    const minutes = (performance.now() - started) / 60_000;
    console.log(`epoch ${epoch + 1}: loss ${logs.loss.toFixed(5)}, ${minutes.toFixed(1)} min`);
  },
});
const trainSeconds = (performance.now() - started) / 1000;
xs.dispose();

// The shipped network is the float16 one: round the weights first, then measure it.
const placeholder = { mean: new Float64Array(128), covariance: new Float64Array(128 * 128) };
const shapes = model.getWeights().map((weight) => weight.shape);
const rounded = decodeMnistFeatureFile(
  encodeMnistFeatureFile({
    record: record(shapes, 0),
    weights: model.getWeights().map((weight) => weight.dataSync() as Float32Array),
    ...placeholder,
  }),
  'rounded weights',
).weights;
const tensors = rounded.map((values, i) => tf.tensor(values, shapes[i]));
model.setWeights(tensors);
tf.dispose(tensors);

const testXs = tf.tensor4d(test.images, test.shape);
const testAccuracy = classificationAccuracy(model, testXs, test.labels);
const moments = featureGaussian(classifierFeatures(model, testXs));
testXs.dispose();
const bytes = encodeMnistFeatureFile({
  record: record(shapes, testAccuracy),
  weights: rounded,
  mean: moments.mean,
  covariance: Float64Array.from(moments.covariance.to1DArray()),
});
model.dispose();
const sha256 = sha256Hex(bytes);
console.log(
  `test accuracy ${(100 * testAccuracy).toFixed(2)} %, ${bytes.length} bytes, SHA-256 ${sha256}, ` +
    `trained in ${(trainSeconds / 60).toFixed(1)} min (${(train.count * (mode === '--pilot' ? PILOT.epochs : RECIPE.epochs) / trainSeconds).toFixed(0)} images/s)`,
);
// The file loads as the library loads it, and says what was measured.
const loaded = mnistFeatureNetworkFromBytes(bytes, { sha256 });
if (loaded.record.testAccuracy !== testAccuracy) throw new Error('The written record does not read back');
loaded.dispose();

if (mode === '--pilot') {
  console.log('pilot: nothing written');
} else if (mode === '--check') {
  const shipped = sha256Hex(readFileSync(FILE));
  console.log(`pinned:  ${MNIST_FEATURES_SHA256}\nshipped: ${shipped}\nrebuilt: ${sha256}`);
  if (sha256 !== MNIST_FEATURES_SHA256 || shipped !== MNIST_FEATURES_SHA256) {
    console.error('check failed: the rebuilt file differs from the pinned one (another Node line or kernels give other bits)');
    process.exitCode = 1;
  } else {
    console.log('check passed: the rebuilt file is the pinned one, to the byte');
  }
} else {
  writeFileSync(FILE, bytes);
  const source = readFileSync(PINNED_IN, 'utf8');
  const pinned = source.replace(/(export const MNIST_FEATURES_SHA256 = ')[0-9a-f]{64}(';)/, `$1${sha256}$2`);
  if (pinned === source && !source.includes(sha256)) throw new Error(`No MNIST_FEATURES_SHA256 constant found in ${PINNED_IN}`);
  writeFileSync(PINNED_IN, pinned);
  console.log(`wrote ${FILE} and pinned its SHA-256 in ${PINNED_IN}`);
}

/** The file's record for weights of these shapes. */
function record(weightShapes: number[][], accuracy: number): MnistFeatureRecord {
  return {
    format: 'irmae-mnist-features',
    version: 1,
    network: {
      preset: 'createMnistClassifier',
      layers: [
        'input [32, 32, 1], values in [0, 1]',
        'conv2d 32, kernel 3, stride 2, same, relu -> [16, 16, 32]',
        'conv2d 64, kernel 3, stride 2, same, relu -> [8, 8, 64]',
        'conv2d 128, kernel 3, stride 2, same, relu -> [4, 4, 128]',
        'flatten -> [2048]',
        `dense 128, relu, named '${MNIST_FEATURE_LAYER}' -> [128]`,
        'dense 10 (logits) -> [10]',
      ],
      parameters: weightShapes.reduce((total, shape) => total + shape.reduce((product, side) => product * side, 1), 0),
      featureLayer: MNIST_FEATURE_LAYER,
      featureDim: 128,
    },
    weights: { dtype: 'float16', shapes: weightShapes },
    testMoments: { count: test.count, dtype: 'float64' },
    testAccuracy: accuracy,
    recipe: RECIPE,
    build: { backend: backend.name, gemmPath: gemmPath(), node: process.version.split('.')[0], tfjs: tf.version_core },
  };
}
