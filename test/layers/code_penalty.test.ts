import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { CodePenalty, codePenalty } from '../../src/layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('CodePenalty', () => {
  it('is the identity on its input', () => {
    const input = tf.input({ shape: [3] });
    const model = tf.model({ inputs: input, outputs: codePenalty({ l1: 1 }).apply(input) as tf.SymbolicTensor });
    const x = tf.tensor2d([[1, -2, 3]]);
    expect(Array.from((model.predict(x) as tf.Tensor).dataSync())).toEqual([1, -2, 3]);
  });

  it('averages l1 * sum|e| + l2 * sum e^2 over the batch', () => {
    const codes = tf.tensor2d([
      [1, -2, 0.5],
      [0, 3, -1],
    ]);
    // By hand: sum|e| per sample 3.5 and 4, mean 3.75; sum e^2 per sample
    // 5.25 and 10, mean 7.625.
    expect(new CodePenalty({ l1: 0.1 }).penalty(codes).dataSync()[0]).toBeCloseTo(0.375, 6);
    expect(new CodePenalty({ l2: 0.01 }).penalty(codes).dataSync()[0]).toBeCloseTo(0.07625, 6);
    expect(new CodePenalty({ l1: 0.1, l2: 0.01 }).penalty(codes).dataSync()[0]).toBeCloseTo(0.45125, 6);
    expect(new CodePenalty().penalty(codes).dataSync()[0]).toBe(0);
  });

  it('round-trips through model.save and tf.loadLayersModel', async () => {
    const input = tf.input({ shape: [2] });
    const model = tf.model({
      inputs: input,
      outputs: codePenalty({ l1: 0.25, l2: 0.5 }).apply(input) as tf.SymbolicTensor,
    });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const layer = loaded.layers[1] as CodePenalty;
    expect(layer).toBeInstanceOf(CodePenalty);
    expect([layer.l1, layer.l2]).toEqual([0.25, 0.5]);
  });

  it('rejects negative or non-finite weights, naming them', () => {
    expect(() => codePenalty({ l1: -1 })).toThrow('`l1` must be a finite number >= 0, but got -1');
    expect(() => codePenalty({ l2: Number.NaN })).toThrow('`l2` must be a finite number >= 0, but got NaN');
    expect(() => codePenalty({ l2: '1' as unknown as number })).toThrow('`l2` must be a finite number >= 0, but got "1"');
  });
});
