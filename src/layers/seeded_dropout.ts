import * as tf from '@tensorflow/tfjs';

import { CounterStream } from '../random/counter_stream';
import { streamSeed } from '../random/stream_seed';
import { assertSeed } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';

/** tfjs does not export `LayerArgs`; derived from the Layer constructor. */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * Arguments of {@link SeededDropout}.
 *
 * @category Layers
 */
export interface SeededDropoutArgs extends LayerArgs {
  /** Fraction of the inputs set to zero in training, a number in [0, 1). Default 0.5. */
  rate?: number;
  /**
   * Seed of the masks, an integer in [0, 2^32 - 1]: training call k draws
   * its mask from the stream `streamSeed(seed, 'dropout', k)`. Default:
   * drawn once from Math.random (and saved with the model).
   */
  seed?: number;
}

/**
 * Inverted dropout (Srivastava et al., JMLR 2014) with seeded masks that
 * change from call to call: in training each input is kept with probability
 * 1 - rate and scaled by 1 / (1 - rate), else set to 0; in inference the
 * layer passes its input through. PyTorch's `nn.Dropout` does the same.
 *
 * tfjs's own `tf.layers.dropout({ seed })` restarts its generator from the
 * seed at every call, so every batch drops the same units; this layer draws
 * call k's mask from the library's stream `streamSeed(seed, 'dropout', k)`
 * (k counts the training calls since the layer was built or loaded), so a
 * model built with one seed and trained the same way drops the same units,
 * and different batches drop different ones. Registered with
 * `tf.serialization.registerClass`.
 *
 * @example
 * ```ts
 * const dropout = seededDropout({ rate: 0.5, seed: 1 });
 * dropout.apply(tf.ones([1, 4]), { training: false }).arraySync(); // => [[1, 1, 1, 1]]
 * dropout.apply(tf.ones([1, 4]), { training: true }).arraySync(); // each 0 or 2
 * ```
 *
 * @category Layers
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  /** Training calls so far: the index of the next call's mask stream. */
  draws = 0;

  constructor(args: SeededDropoutArgs = {}) {
    super(args);
    const { rate = 0.5, seed = Math.floor(Math.random() * 2 ** 32) } = args;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new Error(`\`rate\` must be a number in [0, 1), but got ${describeValue(rate)}`);
    }
    assertSeed(seed, 'seed');
    this.rate = rate;
    this.seed = seed;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [...((Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || this.rate === 0) return x;
    return tf.tidy(() => x.mul(this.mask(x.shape)));
  }

  /** The next training call's mask: 0 or 1 / (1 - rate) per input, from stream `draws`. */
  private mask(shape: number[]): tf.Tensor {
    const stream = new CounterStream(streamSeed(this.seed, 'dropout', this.draws++));
    const kept = 1 / (1 - this.rate);
    const values = new Float32Array(shape.reduce((size, side) => size * side, 1));
    for (let i = 0; i < values.length; i++) values[i] = stream.unit(i) < this.rate ? 0 : kept;
    return tf.tensor(values, shape);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/**
 * Creates a {@link SeededDropout}: inverted dropout whose masks come from the
 * library's seeded streams, a new mask at each training call.
 *
 * @param args `rate` (default 0.5), `seed` and the usual layer arguments.
 * @returns The layer.
 * @throws Error naming `rate` or `seed` when invalid.
 *
 * @example
 * ```ts
 * const hidden = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 8 }), seededDropout({ seed: 3 })] });
 * ```
 *
 * @category Layers
 */
export function seededDropout(args: SeededDropoutArgs = {}): SeededDropout {
  return new SeededDropout(args);
}
