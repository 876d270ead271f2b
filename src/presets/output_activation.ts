import { describeValue } from '../internal/describe_value';

/**
 * The last activation of a decoder preset: `'tanh'`, the reference code's
 * autoencoders, images in [-1, 1]; `'sigmoid'`, its VAEs, images in (0, 1)
 * for the binary cross-entropy.
 *
 * @category Presets
 */
export type OutputActivation = 'tanh' | 'sigmoid';

/** Options of the decoder presets beyond their networks' own. */
export interface DecoderOutputOptions {
  /** The last activation, see {@link OutputActivation}. Default `'tanh'`. */
  outputActivation?: OutputActivation;
}

/**
 * @returns The decoder's last activation, `'tanh'` when not given.
 * @throws Error naming `outputActivation` when it is neither `'tanh'` nor `'sigmoid'`.
 */
export function checkOutputActivation(value: unknown = 'tanh'): OutputActivation {
  if (value !== 'tanh' && value !== 'sigmoid') {
    throw new Error(`\`outputActivation\` must be 'tanh' or 'sigmoid', but got ${describeValue(value)}`);
  }
  return value;
}
