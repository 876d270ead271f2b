import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  classificationAccuracy,
  featureGaussian,
  fetchMnistFeatureNetwork,
  frechetDistance,
  gemmPath,
  MNIST_FEATURE_LAYER,
  MNIST_FEATURES_FILE,
  MNIST_FEATURES_SHA256,
  mnistFeatureNetworkFromBytes,
  mnistFeatures,
  mnistFrechetDistance,
  setGemmPath,
  useWasmTraining,
  type GemmPath,
  type MnistFeatureNetwork,
} from '../../src';
import { loadMnist, loadMnistFeatureNetwork } from '../../src/node';
import type { MnistSet } from '../../src/datasets/mnist';
import { serveStatic } from '../../tools/chromium/static_server';
import { fromFloat16Bits, toFloat16Bits } from '../../src/internal/float16';

const FILE = fileURLToPath(new URL(`../../src/presets/${MNIST_FEATURES_FILE}`, import.meta.url));

let network: MnistFeatureNetwork;
let test: MnistSet;
let train: MnistSet;

beforeAll(async () => {
  await useWasmTraining(); // the backend the file was built on
  network = await loadMnistFeatureNetwork();
  // And its kernels (vitest gives Node 20 relaxed SIMD, where the file's build took XNNPACK's).
  setGemmPath(network.record.build.gemmPath as GemmPath);
  test = await loadMnist('test');
  train = await loadMnist('train', { count: 10_000 });
}, 120_000);

afterAll(() => {
  network?.dispose();
  setGemmPath(undefined);
});

/** The largest entry of |a - b|. */
const largestDifference = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((max, value, i) => Math.max(max, Math.abs(value - b[i])), 0);
const largest = (values: ArrayLike<number>) => Array.from(values).reduce((max, value) => Math.max(max, Math.abs(value)), 0);

describe('the shipped MNIST feature network', () => {
  it('is the file whose SHA-256 the library pins, and createMnistClassifier with a 128-wide feature layer', () => {
    // The hash from Node's own SHA-256, not the library's.
    expect(createHash('sha256').update(readFileSync(FILE)).digest('hex')).toBe(MNIST_FEATURES_SHA256);
    expect(network.sha256).toBe(MNIST_FEATURES_SHA256);
    const { record } = network;
    expect(record.format).toBe('irmae-mnist-features');
    expect(record.network.preset).toBe('createMnistClassifier');
    expect(record.network.featureLayer).toBe(MNIST_FEATURE_LAYER);
    expect(record.network.featureDim).toBe(128);
    expect(record.network.parameters).toBe(network.model.countParams());
    expect(network.model.countParams()).toBe(356_234);
    expect(record.weights.dtype).toBe('float16');
    expect(network.testMoments.count).toBe(10_000);
    expect(network.testMoments.mean).toHaveLength(128);
    expect([network.testMoments.covariance.rows, network.testMoments.covariance.columns]).toEqual([128, 128]);
    // The weights are the stored halves: each one is a float16 value.
    network.model.getWeights().forEach((weight) =>
      weight.dataSync().forEach((value) => expect(fromFloat16Bits(toFloat16Bits(value))).toBe(value)),
    );
  });

  it('rejects a file with one byte changed, giving both hashes, and leaks nothing', () => {
    const bytes = new Uint8Array(readFileSync(FILE));
    const before = tf.memory().numTensors;
    for (const at of [3, 400, 300_000, bytes.length - 1]) {
      const damaged = bytes.slice();
      damaged[at] ^= 0x01;
      const actual = createHash('sha256').update(damaged).digest('hex');
      expect(() => mnistFeatureNetworkFromBytes(damaged)).toThrow(
        `mnist-features.bin has SHA-256 ${actual}, but ${MNIST_FEATURES_SHA256} was expected: the file is damaged or another build`,
      );
    }
    expect(() => mnistFeatureNetworkFromBytes(bytes.subarray(0, 1000), {}, 'short.bin')).toThrow(/^short\.bin has SHA-256 [0-9a-f]{64}, but/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('classifies the 10,000 test digits as its record says', () => {
    const xs = tf.tensor4d(test.images, test.shape);
    const accuracy = classificationAccuracy(network.model, xs, test.labels);
    xs.dispose();
    expect(network.record.testAccuracy).toBeGreaterThanOrEqual(0.99);
    expect(gemmPath()).toBe(network.record.build.gemmPath);
    expect(accuracy).toBe(network.record.testAccuracy);
  });

  it("ships the moments of its features of the test digits, as featureGaussian fits them", () => {
    const fitted = featureGaussian(mnistFeatures(network, test));
    const { mean, covariance } = network.testMoments;
    // The same float32 features on the file's kernels, batched as the script batched them, and the
    // same float64 sums: equal but for float64 rounding, 1e-12 of the largest entry.
    const tolerance = 1e-12;
    expect(largestDifference(fitted.mean, mean)).toBeLessThanOrEqual(tolerance * largest(mean));
    expect(largestDifference(fitted.covariance.to1DArray(), covariance.to1DArray())).toBeLessThanOrEqual(
      tolerance * largest(covariance.to1DArray()),
    );
    expect(covariance.isSymmetric()).toBe(true);
  });

  it('puts the test digits at 0, the first 10,000 training digits a little above, and shifted test digits far off', () => {
    const trace = network.testMoments.covariance.trace();
    const before = tf.memory().numTensors;
    const testDistance = mnistFrechetDistance(network, test);
    const trainDistance = mnistFrechetDistance(network, train);
    // The test digits moved 3 pixels right (zeros enter on the left): real strokes, out of place.
    const shifted = tf.tidy(() => tf.pad(tf.tensor4d(test.images, test.shape), [[0, 0], [0, 0], [3, 0], [0, 0]]).slice([0, 0, 0, 0], [-1, 32, 32, 1]));
    const shiftedDistance = mnistFrechetDistance(network, shifted);
    shifted.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(testDistance).toBeLessThan(1e-9 * trace);
    expect(trainDistance).toBeGreaterThan(0);
    expect(trainDistance).toBeLessThan(0.02 * trace);
    expect(shiftedDistance).toBeGreaterThan(10 * trainDistance);
    // What the moments give through the general formula, independently of mnistFrechetDistance.
    expect(trainDistance).toBeCloseTo(frechetDistance(mnistFeatures(network, train), network.testMoments), 10);
  }, 240_000);

  it('takes a tensor, a Float32Array and { images, count } alike, in any batch size, leaking no tensor', () => {
    const count = 37;
    const values = test.images.slice(0, count * 1024);
    const xs = tf.tensor4d(values, [count, 32, 32, 1]);
    const before = tf.memory().numTensors;
    const fromTensor = mnistFeatures(network, xs, { batchSize: 10 });
    const fromArray = mnistFeatures(network, values);
    const fromSet = mnistFeatures(network, { images: values, count });
    expect(tf.memory().numTensors).toBe(before);
    expect(fromTensor.dim).toBe(128);
    expect(fromTensor.data).toHaveLength(count * 128);
    expect(largestDifference(fromArray.data, fromTensor.data)).toBeLessThan(1e-5 * largest(fromTensor.data));
    expect(Array.from(fromSet.data)).toEqual(Array.from(fromArray.data));
    expect(fromTensor.data.every((value) => value >= 0)).toBe(true); // after the ReLU
    xs.dispose();
  });

  it('names the argument that is wrong, leaking no tensor', () => {
    const before = tf.memory().numTensors;
    const wrongSize = tf.zeros([2, 28, 28, 1]);
    const bytes = tf.fill([2, 32, 32, 1], 255);
    const one = tf.zeros([1, 32, 32, 1]);
    expect(() => mnistFeatures(network, wrongSize)).toThrow('`images` must be a tensor [N, 32, 32, 1] with N >= 1, but got a tensor of shape [2,28,28,1]');
    expect(() => mnistFrechetDistance(network, bytes)).toThrow('`images` must hold values in [0, 1], but image 0 has 255 at row 0, column 0');
    const values = new Float32Array(3 * 1024).fill(0.5);
    values[2 * 1024 + 5 * 32 + 7] = NaN;
    expect(() => mnistFeatures(network, values, { batchSize: 2 })).toThrow('`images` must hold values in [0, 1], but image 2 has NaN at row 5, column 7');
    expect(() => mnistFeatures(network, new Float32Array(1000))).toThrow('`images` must hold N >= 1 images of 32 x 32 = 1024 values, but holds 1000 values');
    expect(() => mnistFeatures(network, { images: new Float32Array(2048), count: 3 })).toThrow('`images.images` must hold images.count * 1024 = 3072 values, but holds 2048');
    expect(() => mnistFeatures(network, { images: new Float32Array(2048), count: 0 })).toThrow('`images.count` must be a positive integer, but got 0');
    expect(() => mnistFeatures(network, [[0.5]] as unknown as Float32Array)).toThrow('`images` must be a tensor [N, 32, 32, 1], a Float32Array of N * 1024 values or { images: Float32Array, count }, but got [[0.5]]');
    expect(() => mnistFrechetDistance(network, one)).toThrow('`images` must hold at least 2 images to fit a covariance, but holds 1');
    expect(() => mnistFeatures(network, one, { batchSize: 0 })).toThrow('`batchSize` must be a positive integer, but got 0');
    expect(() => mnistFeatures(network.model as unknown as MnistFeatureNetwork, one)).toThrow('`network` must be a loaded MNIST feature network (loadMnistFeatureNetwork, fetchMnistFeatureNetwork), but got an object (Sequential)');
    expect(() => mnistFeatureNetworkFromBytes('mnist-features.bin' as unknown as Uint8Array)).toThrow('`bytes` must be an ArrayBuffer or a Uint8Array, but got "mnist-features.bin"');
    expect(() => mnistFeatureNetworkFromBytes(new Uint8Array(8), { sha256: 'abc' })).toThrow('`sha256` must be 64 hexadecimal digits, but got "abc"');
    tf.dispose([wrongSize, bytes, one]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a disposed network', async () => {
    const other = await loadMnistFeatureNetwork();
    other.dispose();
    const images = new Float32Array(2 * 1024);
    expect(() => mnistFrechetDistance(other, images)).toThrow('`network` has been disposed: load it again');
  });

  it('loads from a path, or says which path it could not read; fetch in Node points to irmae/node', async () => {
    const before = tf.memory().numTensors;
    const again = await loadMnistFeatureNetwork({ path: FILE, sha256: MNIST_FEATURES_SHA256.toUpperCase() });
    expect(again.record).toEqual(network.record);
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(loadMnistFeatureNetwork({ path: '/nowhere/mnist-features.bin' })).rejects.toThrow(
      'Could not read the MNIST feature network /nowhere/mnist-features.bin: ENOENT',
    );
    await expect(fetchMnistFeatureNetwork(pathToFileURL(FILE))).rejects.toThrow(
      "in Node, use loadMnistFeatureNetwork from 'irmae/node', which reads the file",
    );
    await expect(fetchMnistFeatureNetwork(3 as unknown as string)).rejects.toThrow('`url` must be a string or a URL, but got 3');
  });

  it('fetches the file over HTTP, or names the URL and the status', async () => {
    const server = await serveStatic({ '/assets/': dirname(FILE) });
    try {
      const fetched = await fetchMnistFeatureNetwork(`${server.url}/assets/${MNIST_FEATURES_FILE}`);
      expect(fetched.sha256).toBe(MNIST_FEATURES_SHA256);
      expect(fetched.testMoments.mean).toEqual(network.testMoments.mean);
      fetched.dispose();
      await expect(fetchMnistFeatureNetwork(`${server.url}/assets/missing.bin`)).rejects.toThrow(
        `Could not fetch the MNIST feature network from ${server.url}/assets/missing.bin: HTTP 404 Not Found`,
      );
    } finally {
      await server.close();
    }
  });
});
