import { fromFloat16Bits, toFloat16Bits } from '../internal/float16';

/**
 * Name of the file that holds the pinned MNIST feature network: shipped in
 * the package beside its bundles (`dist/mnist-features.bin`), and in the
 * sources at `src/presets/mnist-features.bin`.
 *
 * @category Presets
 */
export const MNIST_FEATURES_FILE = 'mnist-features.bin';

/**
 * What the file of the pinned MNIST feature network says about itself:
 * which network, how it was trained, how well it classifies, and the layout
 * of the numbers that follow. The SHA-256 of the whole file, this record
 * included, is what {@link MNIST_FEATURES_SHA256} pins.
 *
 * @category Presets
 */
export interface MnistFeatureRecord {
  /** Always `'irmae-mnist-features'`. */
  format: 'irmae-mnist-features';
  /** The version of this layout, 1. */
  version: 1;
  /** The network: {@link createMnistClassifier}'s architecture with these weights. */
  network: {
    /** The preset whose architecture the weights fill: `'createMnistClassifier'`. */
    preset: 'createMnistClassifier';
    /** One line per layer, input to output, with its output shape. */
    layers: string[];
    /** Its trainable parameters. */
    parameters: number;
    /** The layer whose outputs are the features: `'features'`, after its ReLU. */
    featureLayer: string;
    /** Width of the features, 128. */
    featureDim: number;
  };
  /** The weights, in the order of `model.getWeights()`, stored as IEEE 754 half floats, little-endian. */
  weights: { dtype: 'float16'; shapes: number[][] };
  /**
   * The Gaussian moments of the features of the MNIST test digits: mean
   * `[featureDim]` then covariance `[featureDim, featureDim]` (row-major,
   * unbiased, N - 1), float64 little-endian, after the weights.
   */
  testMoments: { count: number; dtype: 'float64' };
  /** Share of the 10,000 MNIST test digits the stored weights classify right. */
  testAccuracy: number;
  /** How the weights were trained (`tools/train-digit-features.ts`). */
  recipe: {
    /** The training images: `'MNIST train, 60,000 digits, 32 x 32 (loadMnist), values in [0, 1]'`. */
    data: string;
    /** Seed of `createMnistClassifier`'s initial weights. */
    initSeed: number;
    /** Seed of the shuffle and the shifts (`trainClassifier`'s `seed`). */
    seed: number;
    epochs: number;
    batchSize: number;
    /** Adam's peak learning rate. */
    learningRate: number;
    schedule: 'constant' | 'cosine';
    /** Largest shift of the seeded shift augmentation, pixels. */
    shift: number;
  };
  /** Where the weights were computed; a rebuild gives the same file only on the same. */
  build: {
    /** The tfjs backend: `'wasm'`. */
    backend: string;
    /** The wasm training kernels' matrix products ({@link gemmPath}). */
    gemmPath: string;
    /** The Node.js major line, e.g. `'v20'`. */
    node: string;
    /** The version of `@tensorflow/tfjs-core`. */
    tfjs: string;
  };
}

/** The file's contents, decoded. */
export interface MnistFeatureContents {
  record: MnistFeatureRecord;
  /** One array per weight, in the order of `record.weights.shapes`. */
  weights: Float32Array[];
  /** The test features' mean, `[featureDim]`. */
  mean: Float64Array;
  /** The test features' covariance, `[featureDim * featureDim]` row-major. */
  covariance: Float64Array;
}

/** The first 8 bytes of the file. */
const MAGIC = 'IRMAE-MF';
/** Magic, then the JSON record's length as a little-endian uint32. */
const PREAMBLE = 12;

/**
 * The bytes of a feature network file: `IRMAE-MF`, the record's length
 * (uint32 little-endian), the record as JSON padded with spaces to a
 * multiple of 8 bytes, the weights as float16 (padded with zeros to a
 * multiple of 8 bytes), then the test features' mean and covariance as
 * float64. Every value is little-endian. The same contents give the same
 * bytes.
 *
 * @param contents The record, weights and moments; the weights are rounded to float16 here.
 * @returns The file.
 * @internal
 */
export function encodeMnistFeatureFile(contents: MnistFeatureContents): Uint8Array {
  const { record, weights, mean, covariance } = contents;
  const json = new TextEncoder().encode(JSON.stringify(record));
  const header = new Uint8Array(Math.ceil((PREAMBLE + json.length) / 8) * 8 - PREAMBLE).fill(0x20);
  header.set(json);
  const halves = weights.reduce((total, weight) => total + weight.length, 0);
  const weightBytes = Math.ceil((2 * halves) / 8) * 8;
  const bytes = new Uint8Array(PREAMBLE + header.length + weightBytes + 8 * (mean.length + covariance.length));
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC));
  view.setUint32(8, header.length, true);
  bytes.set(header, PREAMBLE);
  let offset = PREAMBLE + header.length;
  for (const weight of weights) {
    for (const value of weight) {
      view.setUint16(offset, toFloat16Bits(value), true);
      offset += 2;
    }
  }
  offset = PREAMBLE + header.length + weightBytes;
  for (const value of [...mean, ...covariance]) {
    view.setFloat64(offset, value, true);
    offset += 8;
  }
  return bytes;
}

/**
 * Reads a feature network file written by {@link encodeMnistFeatureFile}.
 *
 * @param bytes The file.
 * @param source The file's name or URL, for errors.
 * @returns The record, the weights as float32 and the moments.
 * @throws Error naming `source` when the file is not one, or its sizes disagree with its record.
 * @internal
 */
export function decodeMnistFeatureFile(bytes: Uint8Array, source: string): MnistFeatureContents {
  const fail = (what: string): never => {
    throw new Error(`${source} is not an irmae MNIST feature network file: ${what}`);
  };
  if (bytes.length < PREAMBLE || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    fail(`it does not start with '${MAGIC}'`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (PREAMBLE + headerLength > bytes.length) fail(`its record of ${headerLength} bytes runs past its end (${bytes.length} bytes)`);
  let record: MnistFeatureRecord;
  try {
    record = JSON.parse(new TextDecoder().decode(bytes.subarray(PREAMBLE, PREAMBLE + headerLength))) as MnistFeatureRecord;
  } catch (cause) {
    return fail(`its record is not JSON (${(cause as Error).message})`);
  }
  if (record.format !== 'irmae-mnist-features' || record.version !== 1) {
    fail(`its record is of format ${JSON.stringify(record.format)} version ${JSON.stringify(record.version)}, not 'irmae-mnist-features' 1`);
  }
  const sizes = record.weights.shapes.map((shape) => shape.reduce((product, side) => product * side, 1));
  const halves = sizes.reduce((total, size) => total + size, 0);
  const weightBytes = Math.ceil((2 * halves) / 8) * 8;
  const dim = record.network.featureDim;
  const expected = PREAMBLE + headerLength + weightBytes + 8 * (dim + dim * dim);
  if (bytes.length !== expected) fail(`it has ${bytes.length} bytes, but its record describes ${expected}`);
  let offset = PREAMBLE + headerLength;
  const weights = sizes.map((size) => {
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++, offset += 2) values[i] = fromFloat16Bits(view.getUint16(offset, true));
    return values;
  });
  offset = PREAMBLE + headerLength + weightBytes;
  const float64 = (count: number) => {
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++, offset += 8) values[i] = view.getFloat64(offset, true);
    return values;
  };
  const mean = float64(dim);
  const covariance = float64(dim * dim);
  return { record, weights, mean, covariance };
}

/**
 * Where the file lies beside the module that uses it: `src/presets/` in
 * the sources, `dist/` in the package. Written as `new URL('./…',
 * import.meta.url)`, the form that Vite, webpack 5, Parcel and Rollup's
 * asset plugins recognise and turn into an asset of the app.
 *
 * @internal
 */
export function mnistFeatureFileUrl(): URL {
  return new URL('./mnist-features.bin', import.meta.url);
}
