import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { tfjsPrivateFieldError, unexportedBaseClass } from '../../src/internal/tfjs_private_fields';
import { adamInternals } from '../../src/optimizers/adam_internals';

const installed = tf.version_core;

describe('tfjs private fields', () => {
  it("finds tfjs 4.22's unexported base classes through their subclasses", () => {
    const base = unexportedBaseClass(tf.CustomCallback, tf.History, 'base class of tf.CustomCallback');
    expect(new tf.History()).toBeInstanceOf(base);
    expect(base).not.toBe(Object);
  });

  it('names the part and the tfjs versions when a class hierarchy changed', () => {
    class Base {}
    class Moved extends Base {}
    class Elsewhere {}
    class Root {}
    expect(() => unexportedBaseClass(Moved, Elsewhere, 'base class of Moved')).toThrow(
      `irmae reads tfjs's private \`base class of Moved\`, expected to be a class Elsewhere derives from, but with tfjs ${installed} ` +
        `it is Base, which Elsewhere does not derive from. This irmae release is tested with tfjs 4.22.x: ` +
        `install @tensorflow/tfjs@~4.22.0, or an irmae release made for tfjs ${installed}.`,
    );
    expect(() => unexportedBaseClass(Root, Elsewhere, 'base class of Root')).toThrow(
      'private `base class of Root`, expected to be a class Elsewhere derives from, but with tfjs',
    );
  });

  it("reads tfjs 4.22's Adam state, and names the field a later tfjs lacks", () => {
    const adam = tf.train.adam(0.1);
    expect(adamInternals(adam).accBeta1).toBeInstanceOf(tf.Variable);
    const state = adam as unknown as Record<string, unknown>;
    state.accumulatedFirstMoment = undefined;
    expect(() => adamInternals(adam)).toThrow(
      "private `AdamOptimizer.accumulatedFirstMoment`, expected to be an array, but with tfjs",
    );
    adam.dispose();
  });

  it('builds one message for every such part', () => {
    expect(tfjsPrivateFieldError('X.y', 'a number', '"text"').message).toBe(
      `irmae reads tfjs's private \`X.y\`, expected to be a number, but with tfjs ${installed} it is "text". ` +
        `This irmae release is tested with tfjs 4.22.x: install @tensorflow/tfjs@~4.22.0, or an irmae release made for tfjs ${installed}.`,
    );
  });
});
