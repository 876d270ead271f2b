import * as tf from '@tensorflow/tfjs';

import type { CheckpointCallback } from '../checkpoints/checkpoint_callback';
import { NonFiniteLossError } from './non_finite_loss_error';
import { resolveLogs } from '../internal/resolve_logs';

/**
 * A `tf.Callback` that ends `model.fit` at the first batch whose loss is NaN
 * or infinite, by throwing a {@link NonFiniteLossError} naming the epoch and
 * the batch (tfjs has already applied that batch's update; restore the last
 * checkpoint to go back to good weights). Created by {@link stopOnNonFiniteLoss}.
 *
 * @category Training
 */
export class StopOnNonFiniteLoss extends tf.Callback {
  private epoch = 0;

  /** @param checkpoints Checkpoints whose newest path the error names, if any. */
  constructor(private readonly checkpoints?: CheckpointCallback) {
    super();
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  /** @throws NonFiniteLossError when `logs.loss` is NaN or infinite. */
  override async onBatchEnd(batch: number, logs?: Record<string, unknown>): Promise<void> {
    const { loss } = await resolveLogs(logs);
    if (typeof loss === 'number' && !Number.isFinite(loss)) {
      throw new NonFiniteLossError(this.epoch, batch, loss, this.checkpoints?.latest, true);
    }
  }
}

/**
 * Stops `model.fit` on a NaN or infinite loss, as {@link trainAutoencoder}
 * does, with a {@link NonFiniteLossError} naming epoch and batch (and the
 * newest checkpoint, given the {@link checkpointCallback}).
 *
 * @param options `checkpoints`: the checkpoint callback of the same run.
 * @returns The callback.
 * @example
 * ```ts
 * const checkpoints = checkpointCallback('runs/ae');
 * await model.fit(xs, xs, { epochs: 20, callbacks: [checkpoints, stopOnNonFiniteLoss({ checkpoints })] });
 * // throws NonFiniteLossError: "Training stopped: the loss became NaN in epoch 3, batch 2 ..."
 * ```
 * @category Training
 */
export function stopOnNonFiniteLoss({ checkpoints }: { checkpoints?: CheckpointCallback } = {}): StopOnNonFiniteLoss {
  return new StopOnNonFiniteLoss(checkpoints);
}

/**
 * @deprecated Use {@link StopOnNonFiniteLoss}, the class named after its
 *   factory as tfjs names `EarlyStopping` after `earlyStopping`; removed in 0.3.
 * @category Training
 */
export const NonFiniteLossStop = StopOnNonFiniteLoss;
/** @deprecated Use {@link StopOnNonFiniteLoss}; removed in 0.3. */
export type NonFiniteLossStop = StopOnNonFiniteLoss;
