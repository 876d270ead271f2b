/**
 * Command-line options of the figure reproductions: parsing, defaults, the
 * paper's budget, validation and the `--help` text. Pure functions, so bad
 * flags are refused before anything is trained.
 */
import { availableParallelism } from 'node:os';
import { CONV_INITIALIZATIONS, type ConvInitialization } from 'irmae';
import { integerFlag, parseFlags, positiveNumberFlag, UsageError } from './flags';
import { SCHEDULE_KINDS, type ScheduleKind } from './learning-rate-schedule';
import { FIGURE_MODEL_NAMES, SHAPE_MODEL_NAMES, type ShapeModelName } from './model-names';

/** Everything a reproduction run needs to know, after defaults are applied. */
export interface ReproductionOptions<Name extends string = ShapeModelName> {
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
  models: Name[];
  seed: number;
  /** Image pairs interpolated in Figure 3. */
  pairs: number;
  /** Models trained at the same time, each in its own worker thread; 0 trains in the main thread. */
  workers: number;
  /** Whether `--paper` chose the budget defaults. */
  paper: boolean;
  /** Whether `--standard` chose the budget defaults. */
  standard: boolean;
  /** Whether to compute the stored supervised baseline again (`--recompute-baseline`; reproductions that have one). */
  recomputeBaseline: boolean;
  /** Which shape data set the models learn and are measured on (`--variant`; the shape reproductions). */
  variant: ShapeDataVariant;
  help: boolean;
}

/**
 * The shape data sets a reproduction trains on: the paper's, or squares of
 * half the size (see `ShapeVariant`); 'two-shapes' is not one, as its images
 * hold two shapes that Figure 3's nearest-shape measures cannot fit.
 */
export const SHAPE_DATA_VARIANTS = ['paper', 'half-squares'] as const;
export type ShapeDataVariant = (typeof SHAPE_DATA_VARIANTS)[number];

/** The budget fields that `--paper` and `--standard` change. */
export type Budget = Pick<
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

const DEFAULT_SEED = 1;
/**
 * One worker per core: a worker trains on one core (Node gives the wasm
 * backend no threads), and more workers than cores measured no faster.
 */
const DEFAULT_WORKERS = availableParallelism();

/** What differs between the reproductions' command lines. */
export interface ReproductionProfile<Name extends string> {
  quick: Readonly<Budget>;
  standard: Readonly<Budget>;
  paper: Readonly<Budget>;
  /** The models, in the order the figures show them. */
  modelNames: readonly Name[];
  /** The models the quick budget trains without `--models`; default {@link fullModels}. */
  quickModels?: readonly Name[];
  /** The models `--standard` and `--paper` train without `--models`; default all of them. */
  fullModels?: readonly Name[];
  defaultOut: string;
  defaultPairs: number;
  /** The --help lines between the budget heading and --standard: what each budget shows. */
  budgetNotes: string;
  /** The --help text of --standard: what the budget is. */
  standardHelp: string;
  /** The --help text of the budgets' durations: quick, standard and paper. */
  durations: { quick: string; standard: string; paper: string };
  /** The --help text of --pairs. */
  pairsHelp: string;
  /** Whether the reproduction trains on the shapes and so takes `--variant`; without it the flag is refused. */
  shapeVariants?: boolean;
  /** The --help text of --recompute-baseline, for a reproduction that stores a baseline; without it the flag is refused. */
  baselineHelp?: string;
}

/** The command line of the shape figures' reproduction. */
export const SHAPE_PROFILE: ReproductionProfile<ShapeModelName> = {
  quick: QUICK_BUDGET,
  standard: STANDARD_BUDGET,
  paper: PAPER_BUDGET,
  modelNames: SHAPE_MODEL_NAMES,
  // LoRAE and RRAE are not in the paper's figures: they train when --models names them.
  fullModels: FIGURE_MODEL_NAMES,
  defaultOut: 'out',
  defaultPairs: 1,
  budgetNotes: `  The quick default shows Figure 2's effect; its Figure 3 is grey. Colour in
  Figure 3 needs --standard: with the reference code's PyTorch initialisation
  the codes lose hue within the first 10,000 images and stay grey at every
  budget measured, the paper's own up to 3,050,000 images per model; with
  He's initialisation of the convolutions they learn it (docs/reproduction.md).`,
  standardHelp: `the paper's recipe for ${STANDARD_BUDGET.epochs} epochs with --init ${STANDARD_BUDGET.initialisation}`,
  durations: { quick: 'about 7 minutes on 2 cores', standard: 'about half an hour on 2 cores', paper: 'about 15 hours on 2 cores' },
  pairsHelp: 'image pairs interpolated in Figure 3',
  shapeVariants: true,
};

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
  'recompute-baseline': { type: 'boolean' },
  variant: { type: 'string' },
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
export function parseReproductionArgs(argv: readonly string[]): ReproductionOptions;
export function parseReproductionArgs<Name extends string>(
  argv: readonly string[],
  profile: ReproductionProfile<Name>,
): ReproductionOptions<Name>;
export function parseReproductionArgs(
  argv: readonly string[],
  profile: ReproductionProfile<string> = SHAPE_PROFILE,
): ReproductionOptions<string> {
  const values = parseFlags(argv, OPTION_SPEC);
  if (values.paper && values.standard) throw new UsageError('--paper and --standard are two budgets; give one of them');
  const budget = values.paper ? profile.paper : values.standard ? profile.standard : profile.quick;
  const options: ReproductionOptions<string> = {
    trainSize: integerFlag(values, 'train-size', budget.trainSize, 1),
    evalSize: integerFlag(values, 'eval-size', budget.evalSize, 2),
    epochs: integerFlag(values, 'epochs', budget.epochs, 1),
    learningRate: positiveNumberFlag(values, 'lr', budget.learningRate),
    schedule: scheduleFlag(values.schedule, budget.schedule),
    warmup: integerFlag(values, 'warmup', budget.warmup, 0),
    batchSize: integerFlag(values, 'batch-size', budget.batchSize, 1),
    latentDim: integerFlag(values, 'latent-dim', budget.latentDim, 1),
    initialisation: initialisationFlag(values.init, budget.initialisation),
    out: outFlag(values.out, profile.defaultOut),
    models: modelsFlag(values.models, profile.modelNames, defaultModels(profile, values.paper === true || values.standard === true)),
    seed: integerFlag(values, 'seed', DEFAULT_SEED, 0),
    pairs: integerFlag(values, 'pairs', profile.defaultPairs, 1),
    workers: integerFlag(values, 'workers', DEFAULT_WORKERS, 0),
    paper: values.paper === true,
    standard: values.standard === true,
    recomputeBaseline: values['recompute-baseline'] === true,
    variant: variantFlag(values.variant, profile),
    help: values.help === true,
  };
  if (options.recomputeBaseline && profile.baselineHelp === undefined) {
    throw new UsageError('--recompute-baseline applies to a reproduction with a stored baseline (npm run reproduce:mnist), not to this one');
  }
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

function variantFlag(raw: string | undefined, profile: ReproductionProfile<string>): ShapeDataVariant {
  if (raw === undefined) return 'paper';
  if (profile.shapeVariants !== true) throw new UsageError('--variant applies to the shape reproductions (npm run reproduce), not to this one');
  if (!(SHAPE_DATA_VARIANTS as readonly string[]).includes(raw)) {
    throw new UsageError(`--variant must be one of ${SHAPE_DATA_VARIANTS.join(', ')}, but got ${JSON.stringify(raw)}`);
  }
  return raw as ShapeDataVariant;
}

function outFlag(raw: string | undefined, fallback: string): string {
  if (raw === undefined) return fallback;
  if (raw.trim() === '') throw new UsageError('--out must be a directory path, but got an empty string');
  return raw;
}

/** The models a budget trains without `--models`. */
function defaultModels<Name extends string>(profile: ReproductionProfile<Name>, full: boolean): readonly Name[] {
  const fullModels = profile.fullModels ?? profile.modelNames;
  return full ? fullModels : (profile.quickModels ?? fullModels);
}

/** The --help text of the models each budget trains without `--models`. */
function defaultModelsHelp(profile: ReproductionProfile<string>): string {
  const quick = defaultModels(profile, false);
  const full = defaultModels(profile, true);
  const list = (names: readonly string[]) => (names.length === profile.modelNames.length ? 'all' : names.join(', '));
  return quick.join() === full.join() ? `default: ${list(full)}` : `quick: ${list(quick)}; --standard, --paper: ${list(full)}`;
}

function modelsFlag<Name extends string>(raw: string | undefined, known: readonly Name[], fallback: readonly Name[]): Name[] {
  if (raw === undefined) return [...fallback];
  const names = raw.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) {
    throw new UsageError(`--models must list at least one of ${known.join(', ')}, but got ${JSON.stringify(raw)}`);
  }
  const unknown = names.filter((name) => !(known as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`--models accepts ${known.join(', ')}, but got unknown ${unknown.map((n) => JSON.stringify(n)).join(', ')}`);
  }
  // Keep the figures' order whatever order was typed, and each model once.
  return known.filter((name) => names.includes(name));
}

const VARIANT_HELP = `  --variant KIND   shape data set: ${SHAPE_DATA_VARIANTS.join(', ')} (squares of half the
                   size: 2 to 5 pixels wide instead of 4 to 9)   (paper)
`;

/**
 * The `--help` text.
 *
 * @param script How the script is invoked, shown in the usage line.
 * @param purpose One sentence on what the script draws.
 * @param profile The reproduction's budgets and models; default the shape figures'.
 */
export function usage(script: string, purpose: string, profile: ReproductionProfile<string> = SHAPE_PROFILE): string {
  const { quick: q, paper: p, standard: s, durations } = profile;
  return `Usage: ${script} [options]

${wrap(purpose, 78)}

Budget (quick default, ${durations.quick}; --paper gives the paper's setting):
${profile.budgetNotes}
  --standard       ${profile.standardHelp}
                   (${durations.standard})
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
  --paper          use the paper's budget (${durations.paper}); explicit flags still win

Run:
  --models LIST    comma list of ${profile.modelNames.join(', ')}
                   (${defaultModelsHelp(profile)})
  --seed N         seed of initial weights, batch order and interpolated pairs   (${DEFAULT_SEED});
                   the images are the library's fixed training and evaluation sets
  --pairs N        ${profile.pairsHelp}   (${profile.defaultPairs})
${profile.shapeVariants === true ? VARIANT_HELP : ''}  --workers N      models trained at the same time, one worker thread each;
                   0 trains them one by one in the main thread   (${DEFAULT_WORKERS}: the cores)
  --out DIR        output directory   (${profile.defaultOut}/)
${profile.baselineHelp === undefined ? '' : `  --recompute-baseline\n${profile.baselineHelp}\n`}  -h, --help       show this text

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
