import * as tf from '@tensorflow/tfjs';

import { assertNonNegativeNumber, assertPositiveInteger } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import { isTensor } from '../internal/is_tensor';
import { ImplicitRankMinimizer } from '../layers/implicit_rank_minimizer';
import { CovarianceAccumulator } from '../metrics/covariance_accumulator';
import { effectiveRank } from '../metrics/effective_rank';
import { latentSpectrum } from '../metrics/latent_spectrum';
import { thresholdRank } from '../metrics/threshold_rank';

/**
 * Options of {@link rankMonitor}.
 *
 * @category Training
 */
export interface RankMonitorOptions {
  /** Held-out inputs `[n, ...]` whose codes are measured (n >= 2); not disposed by the monitor. */
  data: tf.Tensor;
  /** Measure every this many epochs (or batches, see `unit`); a positive integer. Default 1. */
  every?: number;
  /** `'epoch'` (default) or `'batch'`: what `every` counts. */
  unit?: 'epoch' | 'batch';
  /**
   * The code layer: its name or the layer. Default: the model's one
   * {@link ImplicitRankMinimizer} (its output, the code after the linear maps).
   */
  layer?: string | tf.layers.Layer;
  /** Relative cut-off of the counted singular values (see {@link thresholdRank}). Default 1e-2. */
  threshold?: number;
  /** Batch size of the encoding pass. Default 256. */
  batchSize?: number;
  /** Where the progress line goes; `false` for none. Default `console.log`. */
  log?: ((line: string) => void) | false;
}

/**
 * One measurement of {@link RankMonitor}.
 *
 * @category Training
 */
export interface RankRecord {
  /** Epoch of the measurement, 0-based. */
  epoch: number;
  /** Batch within the epoch, 0-based, for `unit: 'batch'`; undefined after a whole epoch. */
  batch?: number;
  /** Normalised latent spectrum of the held-out codes (largest 1), descending. */
  spectrum: Float64Array;
  /** Effective rank of that spectrum (Roy and Vetterli). */
  effectiveRank: number;
  /** How many normalised singular values exceed `threshold`. */
  rankAboveThreshold: number;
}

/**
 * A `tf.Callback` that measures, while a model trains, the latent spectrum
 * and effective rank of the codes of a held-out set: every `every` epochs
 * (or batches), it encodes `data` up to the code layer in batches, streams
 * the codes through a {@link CovarianceAccumulator} and records the
 * {@link latentSpectrum}, its {@link effectiveRank} and its
 * {@link thresholdRank}. With `unit: 'epoch'` the values join that epoch's
 * logs as `effectiveRank` and `rankAboveThreshold`, so they appear in the
 * `History` that `model.fit` returns; all measurements are in
 * {@link RankMonitor.records}. Works in `model.fit`, `model.fitDataset` and
 * {@link trainAutoencoder}. Created by {@link rankMonitor}.
 *
 * @category Training
 */
export class RankMonitor extends tf.Callback {
  /** Every measurement so far, oldest first. */
  readonly records: RankRecord[] = [];
  private codeModel: tf.LayersModel | undefined;
  private epoch = 0;
  private batches = 0;

  /** @param options See {@link RankMonitorOptions}; checked by {@link rankMonitor}. */
  constructor(private readonly options: Required<Omit<RankMonitorOptions, 'layer'>> & Pick<RankMonitorOptions, 'layer'>) {
    super();
  }

  /** Finds the code layer and builds the view of the model up to it. */
  override async onTrainBegin(): Promise<void> {
    const layer = codeLayer(this.model, this.options.layer);
    this.codeModel = tf.model({ inputs: this.model.inputs, outputs: layer.output as tf.SymbolicTensor });
  }

  /**
   * Lets go of the view. It owns no tensor: its layers and weights are the
   * trained model's, so `dispose()` on it would dispose the trained model's
   * weights; dropping the reference is what frees it.
   */
  override async onTrainEnd(): Promise<void> {
    this.codeModel = undefined;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  override async onBatchEnd(batch: number): Promise<void> {
    if (this.options.unit !== 'batch') return;
    this.batches += 1;
    if (this.batches % this.options.every === 0) await this.measure(batch);
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    if (this.options.unit !== 'epoch' || (epoch + 1) % this.options.every !== 0) return;
    const record = await this.measure(undefined);
    if (logs !== undefined) {
      logs.effectiveRank = record.effectiveRank;
      logs.rankAboveThreshold = record.rankAboveThreshold;
    }
  }

  /** Encodes `data` batch by batch, reading each batch's codes without blocking (`data()`, not `dataSync()`). */
  private async measure(batch: number | undefined): Promise<RankRecord> {
    const { data, batchSize, threshold, log } = this.options;
    const accumulator = new CovarianceAccumulator();
    const count = data.shape[0] ?? 0;
    for (let start = 0; start < count; start += batchSize) {
      const size = Math.min(batchSize, count - start);
      const codes = tf.tidy(() => (this.codeModel!.predict(data.slice(start, size)) as tf.Tensor).reshape([size, -1]) as tf.Tensor2D);
      try {
        await accumulator.addAsync(codes);
      } finally {
        codes.dispose();
      }
    }
    const spectrum = latentSpectrum(accumulator);
    const record: RankRecord = {
      epoch: this.epoch,
      ...(batch !== undefined && { batch }),
      spectrum,
      effectiveRank: effectiveRank(spectrum),
      rankAboveThreshold: thresholdRank(spectrum, threshold),
    };
    this.records.push(record);
    if (log !== false) log(progressLine(record, threshold));
    return record;
  }
}

/** "epoch 3: effective rank 2.41, 3 of 8 singular values above 1e-2" */
function progressLine(record: RankRecord, threshold: number): string {
  const at = record.batch === undefined ? `epoch ${record.epoch + 1}` : `epoch ${record.epoch + 1}, batch ${record.batch + 1}`;
  return (
    `${at}: effective rank ${record.effectiveRank.toFixed(2)}, ` +
    `${record.rankAboveThreshold} of ${record.spectrum.length} singular values above ${threshold}`
  );
}

/** The layer whose output is the code: named, given, or the one ImplicitRankMinimizer. */
function codeLayer(model: tf.LayersModel, layer: string | tf.layers.Layer | undefined): tf.layers.Layer {
  if (layer instanceof tf.layers.Layer) {
    if (!model.layers.includes(layer)) {
      throw new Error(`\`layer\` must be a layer of the trained model, but "${layer.name}" is not one of its layers`);
    }
    return layer;
  }
  if (typeof layer === 'string') return model.getLayer(layer);
  const candidates = model.layers.filter((candidate) => candidate instanceof ImplicitRankMinimizer);
  if (candidates.length !== 1) {
    throw new Error(
      `rankMonitor needs \`layer\` (the code layer's name) when the model does not have exactly one ` +
        `ImplicitRankMinimizer, but it has ${candidates.length}`,
    );
  }
  return candidates[0];
}

/**
 * Watches the rank of the codes fall while a model trains: a callback for
 * `model.fit` (or {@link trainAutoencoder}) that measures the latent
 * spectrum and effective rank of a held-out set every N epochs or batches,
 * adds them to the epoch logs (hence to `History`) and prints a progress
 * line. See {@link RankMonitor}.
 *
 * @param options See {@link RankMonitorOptions}.
 * @returns The callback; its `records` hold every measurement.
 * @throws Error naming the option when `data` is not a tensor of at least 2
 *   samples, `every` or `batchSize` not a positive integer, `unit` not
 *   'epoch' or 'batch', or `threshold` not a finite number >= 0. (A missing
 *   or ambiguous code layer is reported when training begins.)
 * @example
 * ```ts
 * const monitor = rankMonitor({ data: heldOut, every: 5 });
 * const history = await model.fit(xs, xs, { epochs: 20, callbacks: [monitor] });
 * // prints a line every 5 epochs, such as
 * // "epoch 5: effective rank 2.31, 3 of 8 singular values above 0.01"
 * history.history.effectiveRank.length; // => 4 (epochs 5, 10, 15, 20)
 * monitor.records[3].spectrum; // the normalised spectrum after epoch 20
 * ```
 * @category Training
 */
export function rankMonitor(options: RankMonitorOptions): RankMonitor {
  const { data, every = 1, unit = 'epoch', layer, threshold = 1e-2, batchSize = 256, log = console.log } =
    options ?? ({} as RankMonitorOptions);
  if (!isTensor(data) || data.rank < 2 || data.shape[0] < 2) {
    throw new Error(`\`data\` must be a tensor of at least 2 samples, [n, ...], but got ${describeValue(data)}`);
  }
  assertPositiveInteger(every, 'every');
  assertPositiveInteger(batchSize, 'batchSize');
  if (unit !== 'epoch' && unit !== 'batch') {
    throw new Error(`\`unit\` must be 'epoch' or 'batch', but got ${describeValue(unit)}`);
  }
  assertNonNegativeNumber(threshold, 'threshold', 'a finite number >= 0');
  return new RankMonitor({ data, every, unit, layer, threshold, batchSize, log });
}
