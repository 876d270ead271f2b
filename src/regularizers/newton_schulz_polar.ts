import * as tf from '@tensorflow/tfjs';

/** Below this Frobenius norm the matrix counts as zero (float32's smallest normal number). */
const ZERO_NORM = 1.1754943508222875e-38;

/**
 * An approximation of the polar factor `U V^T` of a matrix W = U S V^T made of
 * matrix products only, so that it runs on every tfjs backend, WebGL included,
 * without reading the matrix back: the Newton-Schulz iteration
 * `X <- 1.5 X - 0.5 X X^T X` from `X0 = W / ||W||_F` (Higham, "Functions of
 * Matrices", 2008, eq. 8.20). Each step maps every singular value
 * `x -> 1.5 x - 0.5 x^3`, so the result is `U f(S / ||W||_F) V^T` with f the
 * iterated map: 1 to float32 rounding for singular values that converged,
 * growing about 1.5x per step from `sigma / ||W||_F` for those that did not,
 * and 0 for exact zeros. In float32, rounding leaves noise of about
 * `1e-7 ||W||_F` in every direction, which the steps amplify too: on a
 * rank-deficient W many steps turn the null spaces' noise into spurious
 * directions (see {@link NuclearNormRegularizerArgs.iterations}).
 *
 * @param matrix W, `[rows, cols]`.
 * @param iterations Number of steps, a positive integer.
 * @returns The approximate polar factor, `[rows, cols]`; zeros for W = 0.
 * @internal
 */
export function newtonSchulzPolar(matrix: tf.Tensor2D, iterations: number): tf.Tensor2D {
  const [rows, cols] = matrix.shape;
  // The Gram matrix on the smaller side: X (X^T X) or (X X^T) X.
  const wide = rows < cols;
  let x = tf.tidy(() => tf.div(matrix, tf.maximum(tf.norm(matrix), ZERO_NORM)) as tf.Tensor2D);
  for (let k = 0; k < iterations; k++) {
    const previous = x;
    x = tf.tidy(() => {
      const cubed = wide ? tf.matMul(tf.matMul(previous, previous, false, true), previous) : tf.matMul(previous, tf.matMul(previous, previous, true, false));
      return tf.sub(tf.mul(previous, 1.5), tf.mul(cubed, 0.5));
    });
    previous.dispose();
  }
  return x;
}
