import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { registerFileSystemRouter } from '../../src/io';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('registerFileSystemRouter with a file:// handler already registered', () => {
  it('keeps that handler (as with tfjs-node) and registers nothing', async () => {
    // Stands in for tfjs-node, which registers file:// routers on import.
    const saved: string[] = [];
    const existing = (url: string | string[]) =>
      typeof url === 'string' && url.startsWith('file://')
        ? tf.io.withSaveHandler(async () => {
            saved.push(url);
            return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
          })
        : (null as unknown as tf.io.IOHandler);
    tf.io.registerSaveRouter(existing);
    tf.io.registerLoadRouter(existing);

    expect(registerFileSystemRouter()).toBe(false);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    await model.save('file:///nowhere/model');
    expect(saved).toEqual(['file:///nowhere/model']);
  });
});
