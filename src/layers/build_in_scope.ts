import * as tf from '@tensorflow/tfjs';

/**
 * Builds `layer` by calling it once on a batch of zeros, as its first real
 * call would: tfjs creates the weights inside the layer's name scope, so they
 * are named `<layer name>/<weight>` as in a model. Calling `build()` directly
 * would register unscoped names (`kernel_1`), which collide with tfjs's own
 * uniquified names and repeat across layers, so a model holding two such
 * layers could not be saved. Like any eager first call, this one counts as a
 * use for `layer.dispose()`.
 *
 * @param layer An unbuilt layer taking `[batch, dim]` inputs.
 * @param dim Size of the input's last axis.
 */
export function buildInScope(layer: tf.layers.Layer, dim: number): void {
  tf.tidy(() => {
    layer.apply(tf.zeros([1, dim]));
  });
}
