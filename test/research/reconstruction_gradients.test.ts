import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { reconstructionGradients } from '../../research/lib/reconstruction-gradients';
import { useWasmTraining } from '../../src/backends';
import { SHAPE_EVAL_SEED, generateShapes } from '../../src/datasets';
import { createFigureModel } from '../../src/presets';

beforeAll(async () => {
  await useWasmTraining();
});

describe('reconstructionGradients', () => {
  const autoencoder = createFigureModel('irmae-l2', { seed: 3 });
  // More images than one network call takes (250), so batches are stitched.
  const count = 260;
  const { images } = generateShapes({ count, seed: SHAPE_EVAL_SEED });

  it('gives each image the gradient of its own squared error, taken alone, at its code after the linear layers', () => {
    const before = tf.memory().numTensors;
    const gradients = reconstructionGradients(autoencoder, images, count);
    expect(tf.memory().numTensors).toBe(before);
    expect(gradients).toHaveLength(count * 32);
    for (const image of [0, 131, 259]) {
      const alone = tf.tidy(() => {
        const x = tf.tensor4d(images.subarray(image * 3072, (image + 1) * 3072), [1, 32, 32, 3]);
        const code = autoencoder.irm.apply(autoencoder.encoder.apply(x)) as tf.Tensor2D;
        const error = (z: tf.Tensor) => tf.sum(tf.square(tf.sub(autoencoder.decoder.apply(z) as tf.Tensor, x)));
        return Array.from(tf.grad(error)(code).dataSync());
      });
      const row = Array.from(gradients.subarray(image * 32, (image + 1) * 32));
      const scale = Math.max(...alone.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      row.forEach((value, i) => expect(Math.abs(value - alone[i])).toBeLessThan(1e-5 * scale));
    }
  });
});
