import * as tf from '@tensorflow/tfjs';

import { assertPositiveInteger } from '../internal/assert_args';
import { renamedOption } from '../internal/renamed_option';
import { restoreNewestCheckpoint, saveCheckpoint } from './checkpoint';
import { resolveLogs } from '../internal/resolve_logs';

/** The epoch logs seen so far, as tfjs's `History.history` holds them. */
export type LogHistory = Record<string, number[]>;

/**
 * A `tf.Callback` that writes a checkpoint after every epoch of
 * `model.fit` / `model.fitDataset`: the model, its optimizer
 * state and the epoch logs, to `<dir>/epoch-NNNN/`, atomically, keeping the
 * newest `keepCheckpoints`. {@link CheckpointCallback.resume} loads the newest one back,
 * so an interrupted run continues where it stopped. A file-system `dir`
 * needs `import 'irmae/node'` once (Node); in a browser, use an
 * `indexeddb://<name>` dir. Created by {@link checkpointCallback}.
 *
 * @category Training
 */
export class CheckpointCallback extends tf.Callback {
  private history: LogHistory = {};
  private newest: string | undefined;

  /**
   * @param dir Directory of the checkpoints.
   * @param keepCheckpoints How many of the newest checkpoints to keep, a positive integer.
   */
  constructor(
    readonly dir: string,
    readonly keepCheckpoints: number,
  ) {
    super();
  }

  /** @deprecated Use `keepCheckpoints`; removed in 0.3. */
  get keep(): number {
    return this.keepCheckpoints;
  }

  /** Path of the newest checkpoint written or restored, if any. */
  get latest(): string | undefined {
    return this.newest;
  }

  /**
   * Loads the newest checkpoint in `dir` into `model` (weights and
   * optimizer state; compile the model first) and its logs into this
   * callback. A checkpoint that cannot be restored (truncated, corrupt) is
   * skipped for the one before it, saying so through `log`.
   *
   * @param model The model to restore, compiled as it was when saved.
   * @param log Where the note on a skipped checkpoint goes. Default `console.warn`.
   * @returns The number of epochs done: pass it as `initialEpoch` to
   *   `model.fit`. 0 when there is no checkpoint yet.
   * @throws Error naming the newest checkpoint and what to delete when none
   *   can be restored.
   */
  async resume(model: tf.LayersModel, log: (line: string) => void = console.warn): Promise<number> {
    const restored = await restoreNewestCheckpoint<LogHistory>(model, this.dir, log);
    this.newest = restored?.checkpoint;
    if (restored === undefined) return 0;
    this.history = restored.state.history;
    return restored.state.epochsDone;
  }

  /** Records the epoch's logs and writes the checkpoint. */
  override async onEpochEnd(epoch: number, logs?: Record<string, unknown>): Promise<void> {
    const history: LogHistory = { ...this.history, epoch: [...(this.history.epoch ?? []), epoch] };
    for (const [key, value] of Object.entries(await resolveLogs(logs))) history[key] = [...(history[key] ?? []), value];
    this.history = history;
    this.newest = await saveCheckpoint(this.dir, this.model, { epochsDone: epoch + 1, history }, this.keepCheckpoints);
  }
}

/**
 * Options of {@link checkpointCallback}.
 *
 * @category Training
 */
export interface CheckpointCallbackOptions {
  /** How many of the newest checkpoints to keep, a positive integer; default 1. */
  keepCheckpoints?: number;
  /** @deprecated Use `keepCheckpoints`; removed in 0.3. */
  keep?: number;
}

/**
 * Checkpoints for tfjs's own training loop: a callback that saves the model,
 * optimizer and logs after every epoch, and resumes from the newest
 * checkpoint. A resumed `model.fit` ends with the weights of an
 * uninterrupted one when its batches do not depend on the run (shuffle off,
 * or a dataset whose order is fixed per epoch, e.g. `shapeDataset` with
 * `firstEpoch`). Node only (file system).
 *
 * @param dir Directory of the checkpoints, created when missing.
 * @param options `keepCheckpoints`: how many of the newest checkpoints to keep
 *   (default 1), as {@link TrainAutoencoderOptions} names it.
 * @returns The callback.
 * @throws Error naming `keepCheckpoints` when it is not a positive integer, or
 *   `keepCheckpoints` and its deprecated `keep` when both are given and differ.
 * @example
 * ```ts
 * const checkpoints = checkpointCallback('runs/ae', { keepCheckpoints: 2 });
 * const initialEpoch = await checkpoints.resume(model); // 0 on the first run
 * await model.fit(xs, xs, { epochs: 20, initialEpoch, shuffle: false, callbacks: [checkpoints] });
 * ```
 * @category Training
 */
export function checkpointCallback(dir: string, options: CheckpointCallbackOptions = {}): CheckpointCallback {
  const keepCheckpoints = renamedOption(options, 'keepCheckpoints', 'keep') ?? 1;
  assertPositiveInteger(keepCheckpoints, 'keepCheckpoints');
  return new CheckpointCallback(dir, keepCheckpoints);
}

