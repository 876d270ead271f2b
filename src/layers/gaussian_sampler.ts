import * as tf from '@tensorflow/tfjs';

import { randomStream, standardNormal } from '../random/random_stream';
import { assertSeed } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';

/** tfjs does not export `LayerArgs`; derived from the Layer constructor. */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * Arguments of {@link GaussianSampler}.
 *
 * @category Layers
 */
export interface GaussianSamplerArgs extends LayerArgs {
  /**
   * Seed of the noise, an integer in [0, 2^32 - 1]: sampling call k draws
   * its eps from the stream `streamSeed(seed, 'vae-noise', k)`, so a model
   * built with the same seed and called the same way draws the same noise.
   * Default: drawn once from Math.random (and saved with the model).
   */
  seed?: number;
  /** Weight of the KL term in the VAE objective, a finite number >= 0. Default 0.1, the reference code's. */
  beta?: number;
  /**
   * What the layer gives when not training (`predict`, `training: false`):
   * `'sample'` (default), a reparameterised sample as in training, what the
   * reference code's `encode` gives for its pictures; `'mean'`, the mean mu.
   */
  inference?: 'sample' | 'mean';
}

/**
 * The reparameterisation of a variational autoencoder (Kingma and Welling,
 * 2014) as the IRMAE reference code writes it: the input `[batch, 2n]` holds
 * the means mu (first n) and the log-variances logvar (last n) of a diagonal
 * Gaussian; the output `[batch, n]` is `z = mu + exp(logvar / 2) * eps`, eps
 * standard normal from the library's seeded streams (Box-Muller on a
 * {@link CounterStream}: value i in row-major order from the stream's
 * uniforms 2i, for the radius, and 2i + 1, for the angle), drawn anew at
 * each call: call k of the layer draws from `streamSeed(seed, 'vae-noise',
 * k)` (k counts the sampling calls since the layer was built or loaded;
 * `trainAutoencoder` keeps it in its checkpoints, so a resumed run draws
 * what an uninterrupted one would).
 * Gradients flow to mu and logvar; eps is a constant.
 *
 * The layer also holds the KL term of the reference's VAE objective,
 * `-beta * mean(1 + logvar - mu^2 - exp(logvar))` (mean over batch and
 * latent dimensions, no 1/2 factor), which {@link trainAutoencoder} and
 * {@link fitOutputs} add to the binary cross-entropy of a model holding this
 * layer. Registered with `tf.serialization.registerClass`.
 *
 * @example
 * ```ts
 * const sampler = gaussianSampler({ seed: 1, inference: 'mean' });
 * sampler.apply(tf.tensor2d([[0.5, -1, 0, 0]]), { training: false }).arraySync(); // => [[0.5, -1]]
 * ```
 *
 * @category Layers
 */
export class GaussianSampler extends tf.layers.Layer {
  static readonly className = 'GaussianSampler';
  readonly seed: number;
  readonly beta: number;
  readonly inference: 'sample' | 'mean';
  /** Sampling calls so far: the index of the next call's noise stream. */
  draws = 0;

  constructor(args: GaussianSamplerArgs = {}) {
    super(args);
    const { seed = Math.floor(Math.random() * 2 ** 32), beta = 0.1, inference = 'sample' } = args;
    assertSeed(seed, 'seed');
    if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0) {
      throw new Error(`\`beta\` must be a finite number >= 0, but got ${describeValue(beta)}`);
    }
    if (inference !== 'sample' && inference !== 'mean') {
      throw new Error(`\`inference\` must be 'sample' or 'mean', but got ${describeValue(inference)}`);
    }
    this.seed = seed;
    this.beta = beta;
    this.inference = inference;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const width = shape[shape.length - 1];
    if (shape.length !== 2 || width === null || width % 2 !== 0) {
      throw new Error(`GaussianSampler's input must be [batch, 2n] (means, then log-variances), but got [${shape.map((size) => size ?? 'null').join(', ')}]`);
    }
    return [shape[0], width / 2];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const stats = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
    const [batch, width] = stats.shape;
    const n = width / 2;
    if (!kwargs.training && this.inference === 'mean') return stats.slice([0, 0], [batch, n]);
    return tf.tidy(() => {
      const [mu, logvar] = tf.split(stats, 2, 1);
      return mu.add(logvar.div(2).exp().mul(this.noise(batch, n)));
    });
  }

  /** The next call's standard normal noise `[batch, n]`, from stream `draws`. */
  private noise(batch: number, n: number): tf.Tensor2D {
    const uniform = randomStream(this.seed, 'vae-noise', this.draws++);
    const values = new Float32Array(batch * n);
    for (let i = 0; i < values.length; i++) values[i] = standardNormal(uniform);
    return tf.tensor2d(values, [batch, n]);
  }

  /**
   * The weighted KL term of each sample, `-beta * mean_j(1 + logvar_j -
   * mu_j^2 - exp(logvar_j))`; its batch mean is the reference's term.
   *
   * @param stats The layer's input `[batch, 2n]`: means, then log-variances.
   * @returns `[batch]`.
   */
  klPerSample(stats: tf.Tensor): tf.Tensor1D {
    return tf.tidy(() => {
      const [mu, logvar] = tf.split(stats, 2, 1);
      return tf.mean(tf.onesLike(mu).add(logvar).sub(mu.square()).sub(logvar.exp()), 1).mul(-this.beta) as tf.Tensor1D;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed, beta: this.beta, inference: this.inference };
  }
}
tf.serialization.registerClass(GaussianSampler);

/**
 * Creates a {@link GaussianSampler}: `[batch, 2n]` means and log-variances to
 * reparameterised samples `[batch, n]`, with the VAE's KL term.
 *
 * @param args `seed`, `beta` (default 0.1), `inference` (default `'sample'`) and the usual layer arguments.
 * @returns The layer.
 * @throws Error naming `seed`, `beta` or `inference` when invalid.
 *
 * @example
 * ```ts
 * const stats = tf.input({ shape: [64] });
 * const z = gaussianSampler({ seed: 7 }).apply(stats) as tf.SymbolicTensor;
 * z.shape; // => [null, 32]
 * ```
 *
 * @category Layers
 */
export function gaussianSampler(args: GaussianSamplerArgs = {}): GaussianSampler {
  return new GaussianSampler(args);
}
