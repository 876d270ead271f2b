import * as tf from '@tensorflow/tfjs';
import { balancedLabelSubset, fewLabelClassification } from 'irmae';
import { describe, expect, it } from 'vitest';
import { drawnTrainingRows, type LabelledRuns } from '../../examples/lib/mnist/mnist-measures';
import { uniformGenerator } from '../metrics/helpers';

const ROWS = 300;
const labels = Int32Array.from({ length: ROWS }, (_, i) => (i * 7) % 10);
const runs: LabelledRuns[] = [
  { labelCount: 10, seeds: [1, 2], epochs: 3 },
  { labelCount: 50, seeds: [3], epochs: 2 },
];

describe('drawnTrainingRows', () => {
  const drawn = drawnTrainingRows(labels, runs);

  it('holds every row of every labelled subset, once, ascending', () => {
    const expected = new Set<number>();
    for (const { labelCount, seeds } of runs) for (const seed of seeds) balancedLabelSubset(labels, labelCount, seed).forEach((row) => expected.add(row));
    expect(Array.from(drawn)).toEqual([...expected].sort((a, b) => a - b));
    expect(drawn.length).toBeLessThan(10 + 10 + 50 + 1);
  });

  it('gives the head the accuracies of the full codes when only its rows have codes', async () => {
    const uniform = uniformGenerator(8);
    const full = Float32Array.from({ length: ROWS * 4 }, (_, i) => labels[Math.floor(i / 4)] * (i % 4) + uniform());
    const sparse = new Float32Array(full.length);
    drawn.forEach((row) => sparse.set(full.subarray(row * 4, row * 4 + 4), row * 4));
    const test = { inputs: tf.tensor2d(full.slice(0, 400), [100, 4]), labels: labels.slice(0, 100) };
    const accuracies = async (codes: Float32Array) => {
      const inputs = tf.tensor2d(codes, [ROWS, 4]);
      const results: number[][] = [];
      for (const { labelCount, seeds, epochs } of runs) {
        const [result] = await fewLabelClassification({ inputs, labels }, test, { labelCounts: [labelCount], seeds, epochs });
        results.push(result.accuracies);
      }
      inputs.dispose();
      return results;
    };
    const expected = await accuracies(full);
    expect(await accuracies(sparse)).toEqual(expected);
    // The drawn rows are what the head learns from: without them it learns nothing.
    expect(await accuracies(new Float32Array(full.length))).not.toEqual(expected);
    test.inputs.dispose();
  });
});
