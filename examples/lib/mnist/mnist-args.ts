/**
 * The MNIST reproduction's command line: the shape reproduction's flags
 * (see `parseReproductionArgs`) with MNIST's budgets and models.
 */
import { PAPER_BUDGET, type Budget, type ReproductionProfile } from '../args';
import { MNIST_MODEL_NAMES, MNIST_QUICK_MODELS, type MnistModelName } from './mnist-models';

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

/**
 * The standard budget: the first 50,000 training digits twice, Adam 1e-3
 * from He's initialization of the networks, batch 32. At the reference's
 * 1e-4, 12,000 digits leave both models blurred and IRMAE l = 8 barely
 * moves its path through digits; at 1e-3 the contrast shows from 3,200
 * digits on (docs/mnist.md). Two epochs of three models fit an hour on 2
 * cores (about 63 training digits per second per core for these networks).
 */
export const MNIST_STANDARD_BUDGET: Readonly<Budget> = {
  ...MNIST_PAPER_BUDGET,
  trainSize: 50_000,
  epochs: 2,
  learningRate: 1e-3,
  initialisation: 'he',
};

/** The quick default: the standard recipe on the first 6,000 digits, under 8 minutes on 2 cores with its measures. */
export const MNIST_QUICK_BUDGET: Readonly<Budget> = {
  ...MNIST_STANDARD_BUDGET,
  trainSize: 6_000,
};

export const MNIST_PROFILE: ReproductionProfile<MnistModelName> = {
  quick: MNIST_QUICK_BUDGET,
  standard: MNIST_STANDARD_BUDGET,
  paper: MNIST_PAPER_BUDGET,
  modelNames: MNIST_MODEL_NAMES,
  quickModels: MNIST_QUICK_MODELS,
  defaultOut: 'out/mnist',
  defaultPairs: 8,
  budgetNotes: `  The models are the reference code's MNIST runs: AE (l = 0), IRMAE (l = 8)
  and VAE, n = 128; --eval-size counts test digits (at most 10000) and
  --train-size training digits (at most 60000), each the first of its file.`,
  standardHelp: `${MNIST_STANDARD_BUDGET.trainSize} digits, ${MNIST_STANDARD_BUDGET.epochs} epochs, Adam ${MNIST_STANDARD_BUDGET.learningRate}, --init ${MNIST_STANDARD_BUDGET.initialisation}`,
  durations: { quick: 'about 7 minutes on 2 cores', standard: 'about an hour of training on 2 cores for the five models, then the measures', paper: 'about 40 hours on 2 cores' },
  pairsHelp: 'test-digit pairs interpolated, of different digits',
  baselineHelp: `                   train the supervised baseline again (it is stored per recipe in
                   examples/results/mnist/supervised-baseline.json and reused)`,
};
