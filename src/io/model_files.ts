import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** File name of the model topology and weights manifest, as tfjs-node writes it. */
export const MODEL_JSON = 'model.json';
/** File name of the concatenated weights, as tfjs-node writes it. */
export const WEIGHTS_BIN = 'weights.bin';

/**
 * Writes model artifacts as `model.json` + `weights.bin` into `dir` (created
 * if missing), the layout of tfjs-node's `file://` handler, and flushes both
 * files to disk so that a later rename publishes complete files.
 *
 * @param dir Directory to write into.
 * @param artifacts What `model.save` hands to a save handler.
 */
export async function writeModelFiles(dir: string, artifacts: tf.io.ModelArtifacts): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('Cannot write a binary (protobuf) model topology as model.json; save a tfjs LayersModel');
  }
  const weightData =
    artifacts.weightData == null ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology ?? {},
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.trainingConfig != null && { trainingConfig: artifacts.trainingConfig }),
    ...(artifacts.signature != null && { signature: artifacts.signature }),
    ...(artifacts.userDefinedMetadata != null && { userDefinedMetadata: artifacts.userDefinedMetadata }),
    ...(artifacts.modelInitializer != null && { modelInitializer: artifacts.modelInitializer }),
  };
  await writeDurably(join(dir, WEIGHTS_BIN), new Uint8Array(weightData));
  await writeDurably(join(dir, MODEL_JSON), JSON.stringify(modelJson));
}

/**
 * Reads `model.json` and the weight files its manifest names from `dir`.
 *
 * @param dir Directory holding `model.json`.
 * @returns The model artifacts, weights concatenated in manifest order.
 * @throws Error naming the directory when `model.json` is missing or is not JSON.
 */
export async function readModelFiles(dir: string): Promise<tf.io.ModelArtifacts> {
  const jsonPath = join(dir, MODEL_JSON);
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    throw new Error(`Cannot read a tfjs model from ${jsonPath}: ${(error as Error).message}`);
  }
  return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      for (const file of group.paths) {
        const bytes = await readFile(join(dir, file));
        buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      }
    }
    return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
  });
}

/** Writes a file and fsyncs it, so a crash after a later rename cannot leave it empty. */
async function writeDurably(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
