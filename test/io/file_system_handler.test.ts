import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fileSystemHandler, registerFileSystemRouter } from '../../src/io';
import { publishDirectory } from '../../src/io/publish_directory';

let scratch: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'irmae-io-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function denseModel(seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 3, inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 1, biasInitializer: tf.initializers.constant({ value: 0.25 }) }),
    ],
  });
}

function values(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync() as Float32Array));
}

describe('fileSystemHandler', () => {
  it('saves model.json + weights.bin and loads the same model back', async () => {
    const dir = join(scratch, 'dense');
    const model = denseModel(1);
    const result = await model.save(fileSystemHandler(dir));
    expect(result.modelArtifactsInfo.weightDataBytes).toBe((2 * 3 + 3 + 3 * 1 + 1) * 4);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    expect((await stat(join(dir, 'weights.bin'))).size).toBe(52);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    expect(json.weightsManifest[0].weights.map((w: { shape: number[] }) => w.shape)).toEqual([[2, 3], [3], [3, 1], [1]]);

    const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
    expect(values(loaded)).toEqual(values(model));
    const x = tf.tensor2d([[0.5, -1]]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(x) as tf.Tensor).dataSync()),
    );
  });

  it('replaces an earlier save in one piece, leaving no temporary directory', async () => {
    const dir = join(scratch, 'replace');
    await denseModel(1).save(fileSystemHandler(dir));
    const second = denseModel(2);
    await second.save(fileSystemHandler(dir));
    expect(values(await tf.loadLayersModel(fileSystemHandler(dir)))).toEqual(values(second));
    expect((await readdir(scratch)).filter((name) => name.startsWith('replace'))).toEqual(['replace']);
  });

  it("restores the optimizer's state saved with includeOptimizer", async () => {
    const dir = join(scratch, 'with-optimizer');
    const model = denseModel(3);
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    await model.fit(tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor2d([[1], [0], [1]]), { epochs: 2, batchSize: 3, verbose: 0 });
    await model.save(fileSystemHandler(dir), { includeOptimizer: true });
    const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
    const saved = await model.optimizer.getWeights();
    const restored = await loaded.optimizer.getWeights();
    // Iteration count 2, then first and second moments of the 4 weights.
    expect(restored).toHaveLength(1 + 2 * 4);
    expect(restored[0].tensor.dataSync()[0]).toBe(2);
    restored.forEach((weight, i) => expect(Array.from(weight.tensor.dataSync())).toEqual(Array.from(saved[i].tensor.dataSync())));
  });

  it('names the missing path when there is nothing to load', async () => {
    const dir = join(scratch, 'absent');
    await expect(tf.loadLayersModel(fileSystemHandler(dir))).rejects.toThrow(
      `Cannot read a tfjs model from ${join(dir, 'model.json')}: ENOENT`,
    );
    expect(() => fileSystemHandler('')).toThrow('`dir` must be a non-empty path string, but got ""');
  });
});

describe('publishDirectory', () => {
  it('leaves the previous content intact when writing fails', async () => {
    const target = join(scratch, 'published');
    await mkdir(target);
    await writeFile(join(target, 'a.txt'), 'old');
    const failing = publishDirectory(target, async (staging) => {
      await mkdir(staging);
      await writeFile(join(staging, 'a.txt'), 'half');
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(await readFile(join(target, 'a.txt'), 'utf8')).toBe('old');
    expect((await readdir(scratch)).filter((name) => name.startsWith('published'))).toEqual(['published']);
  });
});

describe('registerFileSystemRouter', () => {
  it("serves file:// URLs once, and leaves an existing file:// handler (tfjs-node's) alone", async () => {
    expect(registerFileSystemRouter()).toBe(true);
    expect(registerFileSystemRouter()).toBe(false);
    const dir = join(scratch, 'routed');
    const model = denseModel(4);
    await model.save(`file://${dir}`);
    const loaded = await tf.loadLayersModel(`file://${dir}/model.json`);
    expect(values(loaded)).toEqual(values(model));
  });
});
