import { readFileSync } from 'node:fs';

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { ImplicitRankMinimizer, implicitRankMinimizer } from '../../src/layers';
import { NuclearNormRegularizer, nuclearNormRegularizer } from '../../src/regularizers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// The @example blocks of src/regularizers, run as written, with their stated
// results. (The class example is pinned beside the value and gradient it
// shows, in nuclear_norm_regularizer.test.ts.)
describe('JSDoc examples', () => {
  it('nuclearNormRegularizer: on the linear layer between an encoder and a decoder', () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 16, inputShape: [64] })); // encoder
    model.add(implicitRankMinimizer(1, 16, { kernelRegularizer: nuclearNormRegularizer({ lambda: 1e-3 }) }));
    model.add(tf.layers.dense({ units: 64 })); // decoder
    expect(model.layers[1].losses.length).toBe(1);
  });
});

describe('docs/custom-autoencoder.md, the nuclear norm section', () => {
  it("builds the layer its snippet shows: one map with LoRAE's penalty", () => {
    const doc = readFileSync(new URL('../../docs/custom-autoencoder.md', import.meta.url), 'utf8');
    const snippet = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]).find((code) => code.includes('nuclearNormRegularizer('));
    const line = snippet?.split('\n').find((code) => code.startsWith('const irm = '));
    expect(line).toBe("const irm = implicitRankMinimizer(1, dim, { kernelRegularizer: nuclearNormRegularizer({ lambda: 1e-3 }) });");
    const build = new Function('implicitRankMinimizer', 'nuclearNormRegularizer', 'dim', `${line}\nreturn irm;`);
    const irm = build(implicitRankMinimizer, nuclearNormRegularizer, 16) as ImplicitRankMinimizer;
    expect(irm.n).toBe(1);
    expect(irm.kernelRegularizer).toBeInstanceOf(NuclearNormRegularizer);
    expect(irm.kernelRegularizer?.getConfig()).toEqual({ lambda: 1e-3, method: 'svd' });
  });
});
