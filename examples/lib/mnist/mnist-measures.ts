/**
 * What the MNIST reproduction measures besides the spectra, and how much of
 * it each budget pays for: the Fréchet distance of generated digits in the
 * pinned feature network's features, and the few-label classification test.
 */
import { balancedLabelSubset } from 'irmae';
import type { MnistOptions } from './mnist-reproduction';

/**
 * One labelled count of the few-label protocol. Plain data, so it can be
 * posted to a worker.
 */
export interface LabelledRuns {
  /** Labelled training digits, class-balanced, drawn per seed. */
  labelCount: number;
  /** Seeds of the subsets (and of the classifier's weights, dropout and shuffle). */
  seeds: number[];
  /**
   * Epochs over the labelled digits, fixed in advance: the reference's best
   * test accuracy over 500 epochs would choose the stopping point on the
   * test set.
   */
  epochs: number;
}

export interface MnistMeasures {
  /**
   * Generated digits per set (reconstructions, Gaussian and mixture samples,
   * interpolation points) compared with the test digits, and the training
   * digits of the floor; the PCA grid is always its 100 digits.
   */
  fidSamples: number;
  /** The head on each model's frozen codes. */
  frozen: LabelledRuns[];
  /** The supervised baseline: the MNIST encoder trained from scratch with the head. */
  supervised: LabelledRuns[];
}

const FIVE_SEEDS = [1, 2, 3, 4, 5];

/**
 * Epochs per labelled count: 200 for 10 and 100 labels (200 steps), 50 for
 * 1,000 (500 steps), 10 for 10,000 (1,000 steps). On the standard AE's
 * frozen codes the head's test accuracy is then within 0.7 points of its
 * value after 300 to 500 epochs up to 1,000 labels; at 10,000 it is still
 * rising (93.9 % after 10 epochs, 96.8 % after 100), a cost the supervised
 * baseline, which trains the whole encoder, could not pay (docs/mnist.md).
 */
const EPOCHS: Readonly<Record<number, number>> = { 10: 200, 100: 200, 1_000: 50, 10_000: 10 };

/** The runs at each count, every one for the epochs of {@link EPOCHS}. */
function labelledRuns(seeds: (labelCount: number) => number[], labelCounts: readonly number[]): LabelledRuns[] {
  return labelCounts.map((labelCount) => ({ labelCount, seeds: seeds(labelCount), epochs: EPOCHS[labelCount] }));
}

/**
 * The standard and paper budgets' measures: every set at 10,000 digits,
 * every count with five seeds; the supervised baseline, which trains the
 * whole encoder, with two seeds at 1,000 and one at 10,000 labels.
 */
export const FULL_MEASURES: Readonly<MnistMeasures> = {
  fidSamples: 10_000,
  frozen: labelledRuns(() => FIVE_SEEDS, [10, 100, 1_000, 10_000]),
  supervised: labelledRuns((count) => (count <= 100 ? FIVE_SEEDS : count <= 1_000 ? [1, 2] : [1]), [10, 100, 1_000, 10_000]),
};

/** The quick budget's: 2,000 digits per set, up to 1,000 labels with two seeds, the baseline with one. */
export const QUICK_MEASURES: Readonly<MnistMeasures> = {
  fidSamples: 2_000,
  frozen: labelledRuns(() => [1, 2], [10, 100, 1_000]),
  supervised: labelledRuns(() => [1], [10, 100]),
};

/** The measures a run's budget pays for. */
export function mnistMeasures(options: Pick<MnistOptions, 'standard' | 'paper'>): Readonly<MnistMeasures> {
  return options.standard || options.paper ? FULL_MEASURES : QUICK_MEASURES;
}

/**
 * The training rows that the few-label runs draw: the union of
 * `balancedLabelSubset(labels, labelCount, seed)` over every count and seed,
 * the subsets `fewLabelClassification` trains on. The head reads no other
 * row, so only these need codes.
 *
 * @returns Row indices, ascending.
 */
export function drawnTrainingRows(labels: ArrayLike<number>, runs: readonly LabelledRuns[]): Uint32Array {
  const drawn = new Uint8Array(labels.length);
  for (const { labelCount, seeds } of runs) {
    for (const seed of seeds) for (const row of balancedLabelSubset(labels, labelCount, seed)) drawn[row] = 1;
  }
  return Uint32Array.from(drawn.keys()).filter((row) => drawn[row] === 1);
}

/** An accuracy in [0, 1] as a percentage with one decimal. */
export function percent(accuracy: number): string {
  return `${(100 * accuracy).toFixed(1)} %`;
}
