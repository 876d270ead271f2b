/**
 * Codes drawn from a latent model, as a flat row-major buffer ready for
 * `tf.tensor2d(samples.data, [samples.count, samples.dim])` and for the
 * decoder. It is a {@link FlatCodes}, so it can be passed back to every
 * function that takes codes (a metric, {@link fitGaussian}, ...).
 *
 * @category Generation
 */
export interface CodeSamples {
  /** Sample i is `data[i * dim .. (i + 1) * dim - 1]`, float32. */
  data: Float32Array;
  /** The latent dimension. */
  dim: number;
  /** The number of samples (rows). */
  count: number;
}

/** An empty {@link CodeSamples} of `count` rows. @internal */
export function emptySamples(count: number, dim: number): CodeSamples {
  return { data: new Float32Array(count * dim), dim, count };
}
