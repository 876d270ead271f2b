/**
 * The MNIST reproduction's command line: the shape reproduction's flags
 * (see `parseReproductionArgs`) with MNIST's budgets and models.
 */
import { PAPER_BUDGET, type Budget, type ReproductionProfile } from '../args';
import { MNIST_MODEL_NAMES, type MnistModelName } from './mnist-models';

/** Digits in the MNIST training and test files. */
export const MNIST_TRAIN_COUNT = 60_000;
export const MNIST_TEST_COUNT = 10_000;

/**
 * The reference code's setting for MNIST: the 60,000 training digits for 100
 * epochs, batch 32, Adam 1e-4, n = 128, every measure on the 10,000 test
 * digits, PyTorch's initialization.
 */
export const MNIST_PAPER_BUDGET: Readonly<Budget> = {
  ...PAPER_BUDGET,
  trainSize: MNIST_TRAIN_COUNT,
  evalSize: MNIST_TEST_COUNT,
  latentDim: 128,
};

/** The quick default, sized by measurement to finish in under 10 minutes on 2 cores (docs/mnist.md). */
export const MNIST_QUICK_BUDGET: Readonly<Budget> = {
  ...MNIST_PAPER_BUDGET,
  trainSize: 12_000,
  epochs: 1,
  learningRate: 1e-3,
  initialisation: 'he',
};

/** The standard budget, found by measurement to show the paper's contrast within an hour on 2 cores (docs/mnist.md). */
export const MNIST_STANDARD_BUDGET: Readonly<Budget> = {
  ...MNIST_PAPER_BUDGET,
  epochs: 3,
  initialisation: 'he',
};

export const MNIST_PROFILE: ReproductionProfile<MnistModelName> = {
  quick: MNIST_QUICK_BUDGET,
  standard: MNIST_STANDARD_BUDGET,
  paper: MNIST_PAPER_BUDGET,
  modelNames: MNIST_MODEL_NAMES,
  defaultOut: 'out/mnist',
  defaultPairs: 8,
  budgetNotes: `  The models are the reference code's MNIST runs: AE (l = 0), IRMAE (l = 8)
  and VAE, n = 128; --eval-size counts test digits (at most 10000) and
  --train-size training digits (at most 60000), each the first of its file.`,
  durations: { quick: 'under 10 minutes on 2 cores', standard: 'under an hour on 2 cores', paper: 'days on 2 cores' },
  pairsHelp: 'test-digit pairs interpolated, of different digits',
};
