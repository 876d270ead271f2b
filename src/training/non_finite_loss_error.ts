/**
 * Thrown by {@link trainAutoencoder} when a batch's loss is NaN or infinite.
 * The update of that batch is not applied, so the model keeps the weights it
 * had before it, and the last checkpoint on disk is left untouched. Thrown
 * out of `model.fit` by {@link stopOnNonFiniteLoss}, after tfjs applied the
 * batch's update (`updateApplied` true).
 *
 * @example
 * ```ts
 * try {
 *   await trainAutoencoder(model, xs, { learningRate: 1e30, epochs: 5 });
 * } catch (error) {
 *   if (error instanceof NonFiniteLossError) console.log(error.epoch, error.batch);
 *   // => 0 1 (0-based: the loss blew up on the second batch of the first epoch)
 * }
 * ```
 *
 * @category Training
 */
export class NonFiniteLossError extends Error {
  /**
   * @param epoch Epoch index, 0-based (as in the callbacks).
   * @param batch Batch index within the epoch, 0-based.
   * @param loss The loss value: NaN, Infinity or -Infinity.
   * @param checkpoint Path of the last checkpoint kept, if any.
   * @param updateApplied Whether the batch's update reached the weights (as
   *   in `model.fit`). Default false.
   */
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly loss: number,
    readonly checkpoint?: string,
    readonly updateApplied = false,
  ) {
    super(
      `Training stopped: the loss became ${loss} in epoch ${epoch + 1}, batch ${batch + 1} ` +
        `(0-based epoch ${epoch}, batch ${batch}); ` +
        (updateApplied ? 'the update of this batch was applied' : 'the weights are those from before this batch') +
        (checkpoint === undefined ? '.' : `, and the last good checkpoint is kept at ${checkpoint}.`),
    );
    this.name = 'NonFiniteLossError';
  }
}
