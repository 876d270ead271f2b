import * as tf from '@tensorflow/tfjs';

import { assertNonNegativeNumber, assertPositiveInteger } from '../internal/assert_args';
import { describeValue } from '../internal/describe_value';
import { RankReduction } from '../layers/rank_reduction';

/**
 * Options of {@link adaptiveRank}. Names and defaults follow the RRAEs
 * library's `RRAE_gen_Tracker` (`patience_init` -> `patienceInit`, ...),
 * except where noted.
 *
 * @category Training
 */
export interface AdaptiveRankOptions {
  /**
   * The {@link RankReduction} to drive: the layer or its name. Default: the
   * model's one RankReduction (nested models included). Its rank when
   * training begins is the starting k (the library's `k_init`): choose it
   * large.
   */
  layer?: string | RankReduction;
  /**
   * Steps whose loss is within `epsPerc` % of the running mean that end the
   * initial phase; the running mean then is the loss to keep ("ideal loss").
   * Default 50, the library's example scripts' value (the library's own
   * default, None, ends the initial phase only on `perfLoss`).
   */
  patienceInit?: number;
  /** Steps below the ideal loss before k drops by one. Default 1. */
  patienceConv?: number;
  /**
   * Steps that stagnate (within `eps0` %) or worsen, above the ideal loss,
   * before k is taken as too low (k + 1 and the weights of the last drop are
   * restored), and steps of stagnation (within `epsPerc` %) that then end
   * training. Default 500.
   */
  patienceNotRight?: number;
  /** A loss known to be reachable: going below it ends the initial phase. Default 0. */
  perfLoss?: number;
  /** Stagnation threshold in percent while k drops. Default 1. */
  eps0?: number;
  /** Stagnation threshold in percent in the initial and final phases. Default 5. */
  epsPerc?: number;
  /**
   * Smallest k. Default 1 (the library's default is 0, which the layer
   * cannot take: a rank is positive).
   */
  kMin?: number;
  /** Steps after k is settled before training stops. Default Infinity (stop on stagnation). */
  convergedSteps?: number;
  /** Steps in the running mean of the loss (the library's `stagn_window`). Default 20. */
  window?: number;
  /** Where the decisions are reported; `false` for none. Default `console.log`. */
  log?: ((line: string) => void) | false;
}

/**
 * One decision of {@link AdaptiveRank}.
 *
 * @category Training
 */
export interface RankChange {
  /** Training step (batch) counted from the start of training, 0-based. */
  step: number;
  /** k after the decision. */
  rank: number;
  /**
   * `'ideal'`: the initial phase ended, `idealLoss` is set; `'lower'`: k
   * dropped by one; `'raise'`: k went back up by one and the weights saved
   * at the last drop were restored; `'stop'`: training was stopped.
   */
  event: 'ideal' | 'lower' | 'raise' | 'stop';
  /** Loss of the step. */
  loss: number;
}

/**
 * The adaptive rank of aRRAE (Mounayer et al., "Rank Reduction
 * Autoencoders", arXiv 2405.13980): a callback that sets the `rank` of a
 * {@link RankReduction} between training steps, as the RRAEs library's
 * generic algorithm does (`RRAE_gen_Tracker` in `RRAEs/trackers/trackers.py`,
 * driven by `Trainor_class.fit`):
 *
 * 1. Train at the starting k until the loss stagnates (`patienceInit` steps
 *    within `epsPerc` % of the running mean of the last `window` losses);
 *    that mean is the ideal loss.
 * 2. Each time the loss is below the ideal loss (`patienceConv` steps), save
 *    the weights and lower k by one, down to `kMin`.
 * 3. When the loss stays above the ideal loss and stagnates or worsens for
 *    `patienceNotRight` steps, k was too low: raise it by one, restore the
 *    weights saved at the last drop (the library reloads that checkpoint),
 *    and keep k from then on.
 * 4. Once k is settled, stop training (`model.stopTraining`) after
 *    `patienceNotRight` steps of stagnation, or after `convergedSteps`.
 *
 * The running mean starts after `window` + 1 steps, as in the library. The
 * saved weights are one in-memory copy of the model's weights. Unlike the
 * library, which starts a new optimizer when it reloads, the optimizer keeps
 * its state. Works in {@link trainAutoencoder} and `model.fit` (it reads
 * `logs.loss` at each batch end). Created by {@link adaptiveRank}.
 *
 * @category Training
 */
export class AdaptiveRank extends tf.Callback {
  /** Every decision so far, oldest first. */
  readonly changes: RankChange[] = [];
  /** The ideal loss once the initial phase has ended, else NaN. */
  idealLoss = Number.NaN;

  private layer: RankReduction | undefined;
  private saved: tf.Tensor[] | undefined;
  private step = 0;
  private readonly losses: number[] = [];
  private state = freshState(0);

  /** @param options See {@link AdaptiveRankOptions}; checked by {@link adaptiveRank}. */
  constructor(private readonly options: Required<Omit<AdaptiveRankOptions, 'layer'>> & Pick<AdaptiveRankOptions, 'layer'>) {
    super();
  }

  /** Finds the layer; its rank is the starting k. */
  override async onTrainBegin(): Promise<void> {
    this.layer = rankLayer(this.model, this.options.layer);
    this.state = freshState(this.layer.rank);
    this.step = 0;
    this.losses.length = 0;
    this.idealLoss = Number.NaN;
  }

  /** Frees the saved weights. */
  override async onTrainEnd(): Promise<void> {
    this.release();
  }

  override async onBatchEnd(_batch: number, logs?: tf.Logs): Promise<void> {
    const loss = logs?.loss;
    if (typeof loss !== 'number' || this.layer === undefined) return;
    const step = this.step++;
    const { window } = this.options;
    this.losses[step % window] = loss;
    // Trainor_class.fit: `if step > stagn_window: avg_loss = sum(prev_losses) / stagn_window`.
    const average = step > window ? this.losses.reduce((a, b) => a + b, 0) / window : Number.POSITIVE_INFINITY;
    const decision = this.decide(loss, average);
    if (decision === undefined) return;
    if (decision === 'lower') {
      this.release();
      this.saved = this.model.getWeights().map((weight) => weight.clone());
      this.layer.rank = this.state.k;
    } else if (decision === 'raise') {
      if (this.saved !== undefined) this.model.setWeights(this.saved);
      this.layer.rank = this.state.k;
    } else if (decision === 'stop') {
      this.model.stopTraining = true;
    }
    const change: RankChange = { step, rank: this.state.k, event: decision, loss };
    this.changes.push(change);
    if (this.options.log !== false) this.options.log(describeChange(change, this.idealLoss));
  }

  /** One step of RRAE_gen_Tracker.__call__; returns what changed, if anything. */
  private decide(current: number, average: number): RankChange['event'] | undefined {
    const o = this.options;
    const s = this.state;
    const relative = (Math.abs(current - average) / Math.abs(average)) * 100; // NaN while average is Infinity
    if (s.initPhase) {
      if (relative < o.epsPerc) {
        s.patience += 1;
        if (s.patience === o.patienceInit) {
          s.patience = 0;
          s.initPhase = false;
          this.idealLoss = average;
        }
      }
      if (current < o.perfLoss) {
        this.idealLoss = o.perfLoss;
        s.initPhase = false;
        s.patience = 0;
      }
      return s.initPhase ? undefined : 'ideal';
    }
    if (s.k <= o.kMin && !s.converged) s.converged = true;
    if (!s.converged) {
      if (current < this.idealLoss) {
        s.patience = 0;
        s.patienceConv += 1;
        if (s.patienceConv === o.patienceConv) {
          s.patienceConv = 0;
          s.k -= 1;
          return 'lower';
        }
      } else {
        s.patienceConv = 0;
        if (relative < o.eps0 || current > average) {
          s.patience += 1;
          if (s.patience === o.patienceNotRight) {
            s.patience = 0;
            s.converged = true;
            // Raise k back to the last saved one; with no drop yet, keep k (nothing to reload).
            if (this.saved === undefined) return undefined;
            s.k += 1;
            return 'raise';
          }
        }
      }
      return undefined;
    }
    s.convergedSteps += 1;
    if (s.convergedSteps >= o.convergedSteps) return 'stop';
    if (relative < o.epsPerc) {
      s.patience += 1;
      if (s.patience === o.patienceNotRight) return 'stop';
    }
    return undefined;
  }

  private release(): void {
    if (this.saved !== undefined) tf.dispose(this.saved);
    this.saved = undefined;
  }

  /** k as the schedule holds it: the layer's rank while training, undefined before. */
  get rank(): number | undefined {
    return this.layer === undefined ? undefined : this.state.k;
  }
}

interface TrackerState {
  k: number;
  initPhase: boolean;
  converged: boolean;
  patience: number;
  patienceConv: number;
  convergedSteps: number;
}

function freshState(k: number): TrackerState {
  return { k, initPhase: true, converged: false, patience: 0, patienceConv: 0, convergedSteps: 0 };
}

function describeChange(change: RankChange, idealLoss: number): string {
  const at = `step ${change.step + 1}, loss ${change.loss.toPrecision(4)}`;
  switch (change.event) {
    case 'ideal':
      return `${at}: ideal loss ${idealLoss.toPrecision(4)}, rank ${change.rank}`;
    case 'lower':
      return `${at}: rank lowered to ${change.rank}`;
    case 'raise':
      return `${at}: rank too low, back to ${change.rank} with the weights saved at that rank`;
    case 'stop':
      return `${at}: stopped at rank ${change.rank}`;
  }
}

/** Every layer of `model`, nested models' layers included. */
function allLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.flatMap((layer) => (layer instanceof tf.LayersModel ? [layer, ...allLayers(layer)] : [layer]));
}

/** The RankReduction to drive: given, named, or the model's one. */
function rankLayer(model: tf.LayersModel, layer: string | RankReduction | undefined): RankReduction {
  const layers = allLayers(model);
  if (layer !== undefined) {
    const found = typeof layer === 'string' ? layers.find((candidate) => candidate.name === layer) : layer;
    const shown = typeof layer === 'string' ? `"${layer}"` : `"${layer.name}"`;
    if (found === undefined || !layers.includes(found)) {
      throw new Error(`\`layer\` must be a RankReduction of the trained model, but ${shown} is not one of its layers`);
    }
    if (!(found instanceof RankReduction)) {
      throw new Error(`\`layer\` must be a RankReduction of the trained model, but ${shown} is a ${found.getClassName()}`);
    }
    return found;
  }
  const candidates = layers.filter((candidate): candidate is RankReduction => candidate instanceof RankReduction);
  if (candidates.length !== 1) {
    throw new Error(
      `adaptiveRank needs \`layer\` when the model does not have exactly one RankReduction, but it has ${candidates.length}`,
    );
  }
  return candidates[0];
}

/**
 * aRRAE's adaptive bottleneck: a callback that lowers the rank k of a
 * {@link RankReduction} while the loss stays at the level reached at the
 * starting k, and settles on the smallest k that keeps it, following the
 * RRAEs library's generic algorithm (see {@link AdaptiveRank}).
 *
 * @param options See {@link AdaptiveRankOptions}.
 * @returns The callback; `changes` records its decisions, `idealLoss` the loss it keeps.
 * @throws Error naming the option when a patience, `kMin` or `window` is not
 *   a positive integer, `perfLoss`, `eps0` or `epsPerc` not a finite number
 *   >= 0, or `convergedSteps` not a positive integer or Infinity. (A missing
 *   or ambiguous layer is reported when training begins.)
 * @example
 * ```ts
 * const schedule = adaptiveRank({ patienceInit: 50, log: false });
 * await trainAutoencoder(model, images, { epochs: 100, callbacks: [schedule] });
 * schedule.changes.at(-1); // e.g. { step: 9120, rank: 6, event: 'stop', loss: 0.0123 }
 * ```
 * @category Training
 */
export function adaptiveRank(options: AdaptiveRankOptions = {}): AdaptiveRank {
  const {
    layer,
    patienceInit = 50,
    patienceConv = 1,
    patienceNotRight = 500,
    perfLoss = 0,
    eps0 = 1,
    epsPerc = 5,
    kMin = 1,
    convergedSteps = Number.POSITIVE_INFINITY,
    window = 20,
    log = console.log,
  } = options ?? {};
  assertPositiveInteger(patienceInit, 'patienceInit');
  assertPositiveInteger(patienceConv, 'patienceConv');
  assertPositiveInteger(patienceNotRight, 'patienceNotRight');
  assertPositiveInteger(kMin, 'kMin');
  assertPositiveInteger(window, 'window');
  assertNonNegativeNumber(perfLoss, 'perfLoss');
  assertNonNegativeNumber(eps0, 'eps0');
  assertNonNegativeNumber(epsPerc, 'epsPerc');
  if (convergedSteps !== Number.POSITIVE_INFINITY) assertPositiveInteger(convergedSteps, 'convergedSteps');
  if (layer !== undefined && typeof layer !== 'string' && !(layer instanceof RankReduction)) {
    throw new Error(`\`layer\` must be a RankReduction or its name, but got ${describeValue(layer)}`);
  }
  if (log !== false && typeof log !== 'function') {
    throw new Error(`\`log\` must be a function or false, but got ${describeValue(log)}`);
  }
  return new AdaptiveRank({
    layer,
    patienceInit,
    patienceConv,
    patienceNotRight,
    perfLoss,
    eps0,
    epsPerc,
    kMin,
    convergedSteps,
    window,
    log,
  });
}
