import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { effectiveRank, latentSpectrum, thresholdRank } from '../../src/metrics';
import { denseAutoencoder, lowRankData } from './low_rank_problem';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Trains the dense autoencoder with n maps; the spectrum of its codes after the maps. */
async function trainedSpectrum(n: number, data: tf.Tensor2D): Promise<Float64Array> {
  const { model, irm } = denseAutoencoder(n);
  await model.fit(data, data, { epochs: 80, batchSize: 32, shuffle: false, verbose: 0 });
  const codes = tf.model({ inputs: model.inputs, outputs: irm.output as tf.SymbolicTensor }).predict(data) as tf.Tensor2D;
  const spectrum = latentSpectrum(codes);
  codes.dispose();
  model.optimizer.dispose();
  model.dispose();
  return spectrum;
}

describe('the layer lowers the rank of the codes (the paper\'s claim, on a small problem)', () => {
  // 128 samples of a 2-factor generator in 16 dimensions, code size 8; the
  // same seeds, data, batches and budget (80 epochs of Adam 3e-3) for every n.
  // Recorded with tfjs 4.22 on the CPU backend: n = 0 gives effective rank
  // 2.77 with 5 / 7 normalised singular values above 1e-2 / 1e-3, n = 2 gives
  // 2.29 and 4 / 4, n = 4 gives 1.94 and 2 / 3 (the data have 2 factors).
  it('n = 2 and n = 4 give a lower effective rank and fewer singular values above a threshold than n = 0', async () => {
    const data = lowRankData(128);
    const [plain, two, four] = [await trainedSpectrum(0, data), await trainedSpectrum(2, data), await trainedSpectrum(4, data)];
    data.dispose();
    expect(effectiveRank(two)).toBeLessThan(effectiveRank(plain) - 0.1);
    expect(effectiveRank(four)).toBeLessThan(effectiveRank(two) - 0.1);
    expect(thresholdRank(two, 1e-3)).toBeLessThan(thresholdRank(plain, 1e-3));
    expect(thresholdRank(four, 1e-3)).toBeLessThan(thresholdRank(two, 1e-3));
    expect(thresholdRank(two, 1e-2)).toBeLessThan(thresholdRank(plain, 1e-2));
    expect(thresholdRank(four, 1e-2)).toBeLessThan(thresholdRank(two, 1e-2));
  });
});
