/**
 * Command-line options of the figure reproductions: parsing, defaults, the
 * paper's budget, validation and the `--help` text. Pure functions, so bad
 * flags are refused before anything is trained.
 */
import { availableParallelism } from 'node:os';
import { CONV_INITIALIZATIONS, type ConvInitialization } from 'irmae';
import { integerFlag, parseFlags, positiveNumberFlag, UsageError } from './flags';
import { SCHEDULE_KINDS, type ScheduleKind } from './learning-rate-schedule';
import { FIGURE_MODEL_NAMES, type FigureModelName } from './model-names';

/** Everything a reproduction run needs to know, after defaults are applied. */
export interface ReproductionOptions {
  /** Training images per model. */
  trainSize: number;
  /** Evaluation images encoded for Figure 2 and drawn from for Figure 3. */
  evalSize: number;
  epochs: number;
  /** Peak Adam learning rate. */
  learningRate: number;
  /** How the learning rate moves after the warm-up: constant, or a cosine or linear decay to 0. */
  schedule: ScheduleKind;
  /** Training images over which the learning rate rises linearly from 0 to its peak. */
  warmup: number;
  batchSize: number;
  latentDim: number;
  /** How the encoder's and decoder's convolutions start ('pytorch', the reference code's, or 'he'). */
  initialisation: ConvInitialization;
  /** Output directory: figures, tables and model checkpoints. */
  out: string;
  models: FigureModelName[];
  seed: number;
  /** Image pairs interpolated in Figure 3. */
  pairs: number;
  /** Models trained at the same time, each in its own worker thread; 0 trains in the main thread. */
  workers: number;
  /** Whether `--paper` chose the budget defaults. */
  paper: boolean;
  /** Whether `--standard` chose the budget defaults. */
  standard: boolean;
  help: boolean;
}

/** The budget fields that `--paper` and `--standard` change. */
type Budget = Pick<
  ReproductionOptions,
  'trainSize' | 'evalSize' | 'epochs' | 'learningRate' | 'schedule' | 'warmup' | 'batchSize' | 'latentDim' | 'initialisation'
>;

/**
 * The quick default: sized by measurement so that all five models train and
 * both figures are drawn in under 15 minutes on 2 cores with the wasm
 * backend, while the low-rank effect of IRMAE is already visible.
 * docs/reproduction.md explains each number.
 */
export const QUICK_BUDGET: Readonly<Budget> = {
  trainSize: 6000,
  evalSize: 10_000,
  epochs: 4,
  learningRate: 2e-3,
  schedule: 'constant',
  warmup: 0,
  batchSize: 16,
  latentDim: 32,
  initialisation: 'pytorch',
};

/** The paper's setting (Jing, Zbontar and LeCun 2020, section 4.1). */
export const PAPER_BUDGET: Readonly<Budget> = {
  trainSize: 50_000,
  evalSize: 10_000,
  epochs: 100,
  learningRate: 1e-4,
  schedule: 'constant',
  warmup: 0,
  batchSize: 32,
  latentDim: 32,
  initialisation: 'pytorch',
};

/**
 * The standard budget: the paper's batch, learning rate and training set
 * for 3 epochs, with He's initialisation of the convolutions instead of
 * PyTorch's, under which the models lose hue early and Figure 3 stays grey
 * at any budget measured (docs/reproduction.md, "Colour in Figure 3").
 */
export const STANDARD_BUDGET: Readonly<Budget> = {
  ...PAPER_BUDGET,
  epochs: 3,
  initialisation: 'he',
};

const DEFAULT_OUT = 'out';
const DEFAULT_SEED = 1;
const DEFAULT_PAIRS = 1;
/**
 * One worker per core: a worker trains on one core (Node gives the wasm
 * backend no threads), and more workers than cores measured no faster.
 */
const DEFAULT_WORKERS = availableParallelism();

export { UsageError } from './flags';

const OPTION_SPEC = {
  'train-size': { type: 'string' },
  'eval-size': { type: 'string' },
  epochs: { type: 'string' },
  lr: { type: 'string' },
  schedule: { type: 'string' },
  warmup: { type: 'string' },
  'batch-size': { type: 'string' },
  'latent-dim': { type: 'string' },
  init: { type: 'string' },
  out: { type: 'string' },
  models: { type: 'string' },
  seed: { type: 'string' },
  pairs: { type: 'string' },
  workers: { type: 'string' },
  paper: { type: 'boolean' },
  standard: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Parses the command line of a reproduction script.
 *
 * Explicit flags win over the budget: `--paper --epochs 10` is the paper's
 * setting cut to 10 epochs.
 *
 * @param argv Arguments after the script name, e.g. `process.argv.slice(2)`.
 * @returns The complete options.
 * @throws {UsageError} For unknown flags, missing values, malformed numbers,
 *   sizes that are not positive integers, and unknown model names.
 */
export function parseReproductionArgs(argv: readonly string[]): ReproductionOptions {
  const values = parseFlags(argv, OPTION_SPEC);
  if (values.paper && values.standard) throw new UsageError('--paper and --standard are two budgets; give one of them');
  const budget = values.paper ? PAPER_BUDGET : values.standard ? STANDARD_BUDGET : QUICK_BUDGET;
  const options: ReproductionOptions = {
    trainSize: integerFlag(values, 'train-size', budget.trainSize, 1),
    evalSize: integerFlag(values, 'eval-size', budget.evalSize, 2),
    epochs: integerFlag(values, 'epochs', budget.epochs, 1),
    learningRate: positiveNumberFlag(values, 'lr', budget.learningRate),
    schedule: scheduleFlag(values.schedule, budget.schedule),
    warmup: integerFlag(values, 'warmup', budget.warmup, 0),
    batchSize: integerFlag(values, 'batch-size', budget.batchSize, 1),
    latentDim: integerFlag(values, 'latent-dim', budget.latentDim, 1),
    initialisation: initialisationFlag(values.init, budget.initialisation),
    out: outFlag(values.out),
    models: modelsFlag(values.models),
    seed: integerFlag(values, 'seed', DEFAULT_SEED, 0),
    pairs: integerFlag(values, 'pairs', DEFAULT_PAIRS, 1),
    workers: integerFlag(values, 'workers', DEFAULT_WORKERS, 0),
    paper: values.paper === true,
    standard: values.standard === true,
    help: values.help === true,
  };
  if (2 * options.pairs > options.evalSize) {
    throw new UsageError(
      `--pairs needs 2 distinct evaluation images per pair, so at most ` +
        `${Math.floor(options.evalSize / 2)} with --eval-size ${options.evalSize}, but got ${options.pairs}`,
    );
  }
  return options;
}

function scheduleFlag(raw: string | undefined, fallback: ScheduleKind): ScheduleKind {
  if (raw === undefined) return fallback;
  if (!(SCHEDULE_KINDS as readonly string[]).includes(raw)) {
    throw new UsageError(`--schedule must be one of ${SCHEDULE_KINDS.join(', ')}, but got ${JSON.stringify(raw)}`);
  }
  return raw as ScheduleKind;
}

function initialisationFlag(raw: string | undefined, fallback: ConvInitialization): ConvInitialization {
  if (raw === undefined) return fallback;
  if (!(CONV_INITIALIZATIONS as readonly string[]).includes(raw)) {
    throw new UsageError(`--init must be one of ${CONV_INITIALIZATIONS.join(', ')}, but got ${JSON.stringify(raw)}`);
  }
  return raw as ConvInitialization;
}

function outFlag(raw: string | undefined): string {
  if (raw === undefined) return DEFAULT_OUT;
  if (raw.trim() === '') throw new UsageError('--out must be a directory path, but got an empty string');
  return raw;
}

function modelsFlag(raw: string | undefined): FigureModelName[] {
  if (raw === undefined) return [...FIGURE_MODEL_NAMES];
  const names = raw.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) {
    throw new UsageError(`--models must list at least one of ${FIGURE_MODEL_NAMES.join(', ')}, but got ${JSON.stringify(raw)}`);
  }
  const unknown = names.filter((name) => !(FIGURE_MODEL_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `--models accepts ${FIGURE_MODEL_NAMES.join(', ')}, but got unknown ${unknown.map((n) => JSON.stringify(n)).join(', ')}`,
    );
  }
  // Keep the paper's order whatever order was typed, and each model once.
  return FIGURE_MODEL_NAMES.filter((name) => names.includes(name));
}

/**
 * The `--help` text.
 *
 * @param script How the script is invoked, shown in the usage line.
 * @param purpose One sentence on what the script draws.
 */
export function usage(script: string, purpose: string): string {
  const q = QUICK_BUDGET;
  const p = PAPER_BUDGET;
  const s = STANDARD_BUDGET;
  return `Usage: ${script} [options]

${wrap(purpose, 78)}

Budget (quick default, about 7 minutes on 2 cores; --paper gives the paper's setting):
  The quick default shows Figure 2's effect; its Figure 3 is grey. Colour in
  Figure 3 needs --standard: with the reference code's PyTorch initialisation
  the codes lose hue within the first 10,000 images and stay grey at every
  budget measured, the paper's own up to 3,050,000 images per model; with
  He's initialisation of the convolutions they learn it (docs/reproduction.md).
  --standard       the paper's recipe for ${s.epochs} epochs with --init ${s.initialisation}
                   (about half an hour on 2 cores)
  --train-size N   training images per model          (${q.trainSize}; paper ${p.trainSize})
  --eval-size N    evaluation images                  (${q.evalSize}; paper ${p.evalSize})
  --epochs N       passes over the training images    (${q.epochs}; paper ${p.epochs})
  --lr X           Adam learning rate (peak)          (${q.learningRate}; paper ${p.learningRate})
  --schedule KIND  learning rate after the warm-up: ${SCHEDULE_KINDS.join(', ')} (decay to 0)
                                                      (${q.schedule}; paper ${p.schedule})
  --warmup N       images of linear warm-up to --lr   (${q.warmup}; paper ${p.warmup})
  --batch-size N   images per training step           (${q.batchSize}; paper ${p.batchSize})
  --latent-dim N   code size                          (${q.latentDim}; paper ${p.latentDim})
  --init KIND      convolutions' initialisation: ${CONV_INITIALIZATIONS.join(', ')}
                                                      (${q.initialisation}; paper ${p.initialisation}; standard ${s.initialisation})
  --paper          use the paper's budget (about 15 hours on 2 cores); explicit flags still win

Run:
  --models LIST    comma list of ${FIGURE_MODEL_NAMES.join(', ')}   (all)
  --seed N         seed of initial weights, batch order and interpolated pairs   (${DEFAULT_SEED});
                   the images are the library's fixed training and evaluation sets
  --pairs N        image pairs interpolated in Figure 3   (${DEFAULT_PAIRS})
  --workers N      models trained at the same time, one worker thread each;
                   0 trains them one by one in the main thread   (${DEFAULT_WORKERS}: the cores)
  --out DIR        output directory   (${DEFAULT_OUT}/)
  -h, --help       show this text

Models are trained once and checkpointed under DIR/models/<name>/; a rerun
with the same budget reuses finished models and resumes unfinished ones.
`;
}

/** Breaks text into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}
