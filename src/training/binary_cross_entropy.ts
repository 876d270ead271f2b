import * as tf from '@tensorflow/tfjs';

/**
 * Probabilities are clipped to [EPSILON, 1 - EPSILON] before the logarithm,
 * as Keras and tfjs's `binaryCrossentropy` do, so that a saturated sigmoid
 * (exactly 0 or 1 in float32) gives a finite loss and gradient. PyTorch's
 * `binary_cross_entropy` instead clamps the logarithm at -100; the two agree
 * unless a probability is within 1e-7 of 0 or 1.
 */
const EPSILON = 1e-7;

/**
 * Binary cross-entropy of each sample, `-mean(y log p + (1 - y) log(1 - p))`
 * over every axis but the first: with the batch mean, PyTorch's
 * `F.binary_cross_entropy(p, y)` (mean over all values), the reference VAE's
 * reconstruction loss.
 *
 * @param yTrue Targets in [0, 1], `[batch, ...]`.
 * @param yPred Probabilities in [0, 1] (a sigmoid's output), same shape.
 * @returns `[batch]`.
 */
export function binaryCrossEntropyPerSample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
    const logLikelihood = yTrue.mul(p.log()).add(tf.onesLike(yTrue).sub(yTrue).mul(tf.onesLike(p).sub(p).log()));
    const axes = Array.from({ length: yPred.rank - 1 }, (_, i) => i + 1);
    return tf.mean(logLikelihood, axes).neg();
  });
}
