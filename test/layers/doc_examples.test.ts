import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { implicitRankMinimizer } from '../../src/layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// The @example blocks of src/layers, run as written, with their stated results.
// (The class, productMatrix and productAffine examples are pinned next to the
// behaviour they show, in implicit_rank_minimizer.test.ts and folding.test.ts.)
describe('JSDoc examples', () => {
  it('implicitRankMinimizer: an encoder, the layer and a decoder in tf.sequential', () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 32, inputShape: [64] })); // encoder
    model.add(implicitRankMinimizer(2, 32));
    model.add(tf.layers.dense({ units: 64 })); // decoder
    expect(model.outputs[0].shape).toEqual([null, 64]);
  });

  it('toDense: a 32 x 32 dense kernel', () => {
    const layer = implicitRankMinimizer(4, 32);
    const dense = layer.toDense();
    expect(dense.getWeights()[0].shape).toEqual([32, 32]);
  });
});
