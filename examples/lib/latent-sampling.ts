/**
 * Drawing from a trained model's latent: interpolated codes, the largest
 * Gaussian mixture that fits, and decoding codes to images in batches.
 */
import * as tf from '@tensorflow/tfjs';
import { MixtureCollapseError, fitGaussianMixture, type Autoencoder, type CodeSamples } from 'irmae';

/** HWC images, decoder output (tanh, so in [-1, 1], for the autoencoders). */
export type Images = Float32Array[];

/** Codes per decoder call. */
const BATCH = 250;

/**
 * The mixture with the most components, up to `most`, that EM fits without
 * a collapse: fewer when the codes are too few (each component gets at least
 * 4 (dim + 1) codes on average), and one fewer again after each collapse.
 */
export function fitLargestMixture(codes: { data: Float32Array; dim: number }, most: number, seed: number) {
  const count = codes.data.length / codes.dim;
  let components = Math.max(1, Math.min(most, Math.floor(count / (4 * (codes.dim + 1)))));
  for (;;) {
    try {
      return { fit: fitGaussianMixture(codes, components, { seed }), components };
    } catch (error) {
      if (!(error instanceof MixtureCollapseError) || components === 1) throw error;
      components -= 1;
    }
  }
}

/** The codes (1 - t) z_i + t z_j for each t. */
export function interpolateCodes(codes: Float32Array, dim: number, i: number, j: number, ts: readonly number[]): CodeSamples {
  const data = new Float32Array(ts.length * dim);
  ts.forEach((t, step) => {
    for (let k = 0; k < dim; k++) data[step * dim + k] = (1 - t) * codes[i * dim + k] + t * codes[j * dim + k];
  });
  return { data, dim, count: ts.length };
}

/** Decodes codes in batches to one HWC image each. */
export function decodeCodes(autoencoder: Pick<Autoencoder, 'decode'>, samples: CodeSamples): Images {
  const images: Images = [];
  for (let start = 0; start < samples.count; start += BATCH) {
    const size = Math.min(BATCH, samples.count - start);
    const batch = samples.data.subarray(start * samples.dim, (start + size) * samples.dim);
    const decoded = tf.tidy(() => autoencoder.decode(tf.tensor2d(batch, [size, samples.dim])));
    const values = decoded.dataSync() as Float32Array;
    decoded.dispose();
    const pixels = values.length / size;
    for (let i = 0; i < size; i++) images.push(values.slice(i * pixels, (i + 1) * pixels));
  }
  return images;
}

/**
 * Applies `map` to the codes in batches and gathers its rows: the features
 * of decoded codes, for example, without keeping the images.
 *
 * @param map Codes `[size, dim]` to rows `[size, rowDim]`, inside `tf.tidy`.
 * @returns The rows, row-major [count, rowDim].
 */
export function mapCodeBatches(samples: CodeSamples, map: (codes: tf.Tensor2D) => tf.Tensor2D): { data: Float32Array; dim: number } {
  let data = new Float32Array(0);
  let dim = 0;
  for (let start = 0; start < samples.count; start += BATCH) {
    const size = Math.min(BATCH, samples.count - start);
    const rows = tf.tidy(() => map(tf.tensor2d(samples.data.subarray(start * samples.dim, (start + size) * samples.dim), [size, samples.dim])));
    if (dim === 0) {
      dim = rows.shape[1];
      data = new Float32Array(samples.count * dim);
    }
    data.set(rows.dataSync(), start * dim);
    rows.dispose();
  }
  return { data, dim };
}
