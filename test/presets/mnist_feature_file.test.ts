import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { mnistFeatureNetworkFromBytes } from '../../src';
import { decodeMnistFeatureFile, encodeMnistFeatureFile, type MnistFeatureRecord } from '../../src/presets/mnist_feature_file';

describe('the file format', () => {
  const record = (shapes: number[][]): MnistFeatureRecord => ({
    format: 'irmae-mnist-features',
    version: 1,
    network: { preset: 'createMnistClassifier', layers: ['dense 2 → 2'], parameters: 6, featureLayer: 'features', featureDim: 2 },
    weights: { dtype: 'float16', shapes },
    testMoments: { count: 3, dtype: 'float64' },
    testAccuracy: 0.5,
    recipe: { data: 'none', initSeed: 0, seed: 0, epochs: 1, batchSize: 1, learningRate: 1, schedule: 'constant', shift: 0 },
    build: { backend: 'cpu', gemmPath: 'xnnpack', node: 'v20', tfjs: tf.version_core },
  });
  const contents = {
    record: record([[2, 2], [1]]),
    weights: [Float32Array.from([0.1, -2, 65504, 1e-8]), Float32Array.from([1 / 3])],
    mean: Float64Array.from([Math.PI, -1e300]),
    covariance: Float64Array.from([1, 0.1, 0.1, 2 ** -1074]),
  };

  it('reads back the record, the weights rounded to float16 and the float64 moments, to the bit', () => {
    const bytes = encodeMnistFeatureFile(contents);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('IRMAE-MF');
    // Layout: 12 + record padded to 8, 5 halves padded to 16 bytes, 6 float64s.
    const recordLength = new DataView(bytes.buffer).getUint32(8, true);
    expect((12 + recordLength) % 8).toBe(0);
    expect(bytes.length).toBe(12 + recordLength + 16 + 48);
    const decoded = decodeMnistFeatureFile(bytes, 'test.bin');
    expect(decoded.record).toEqual(contents.record); // the arrow, three UTF-8 bytes, too
    // float16 by hand: 0.1 -> 0x2e66 = 0.0999755859375; 1/3 -> 0x3555 = 0.333251953125; 1e-8 -> 0 (below 2^-25).
    expect(Array.from(decoded.weights[0])).toEqual([0.0999755859375, -2, 65504, 0]);
    expect(Array.from(decoded.weights[1])).toEqual([0.333251953125]);
    expect(Array.from(decoded.mean)).toEqual(Array.from(contents.mean));
    expect(Array.from(decoded.covariance)).toEqual(Array.from(contents.covariance));
    expect(encodeMnistFeatureFile(contents)).toEqual(bytes);
  });

  it('says what is wrong with a file that is not one', () => {
    const bytes = encodeMnistFeatureFile(contents);
    expect(() => decodeMnistFeatureFile(bytes.subarray(0, 5), 'a.bin')).toThrow("a.bin is not an irmae MNIST feature network file: it does not start with 'IRMAE-MF'");
    expect(() => decodeMnistFeatureFile(bytes.subarray(0, bytes.length - 8), 'a.bin')).toThrow(
      `a.bin is not an irmae MNIST feature network file: it has ${bytes.length - 8} bytes, but its record describes ${bytes.length}`,
    );
    const other = encodeMnistFeatureFile({ ...contents, record: { ...contents.record, version: 2 as 1 } });
    expect(() => decodeMnistFeatureFile(other, 'a.bin')).toThrow("its record is of format \"irmae-mnist-features\" version 2, not 'irmae-mnist-features' 1");
    const broken = bytes.slice();
    broken[12] = 0x7b + 1; // the record's opening brace
    expect(() => decodeMnistFeatureFile(broken, 'a.bin')).toThrow('a.bin is not an irmae MNIST feature network file: its record is not JSON');
  });

  it('builds createMnistClassifier only from weights of its shapes', () => {
    const bytes = encodeMnistFeatureFile(contents);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const before = tf.memory().numTensors;
    expect(() => mnistFeatureNetworkFromBytes(bytes, { sha256 }, 'small.bin')).toThrow(
      'small.bin holds weights of shapes [[2,2],[1]], but createMnistClassifier has [[3,3,1,32],[32],',
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
