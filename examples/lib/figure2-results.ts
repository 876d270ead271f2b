/**
 * Figure 2's numbers: each model's normalised covariance spectrum and rank
 * measures, with the run's budget, as JSON and CSV.
 */
import {
  effectiveRank,
  factorProbe,
  latentSpectrum,
  numericalRank,
  thresholdRank,
  type FactorScore,
  type FactorTable,
} from 'irmae';

import type { ReproductionOptions } from './args';
import type { TrainingBudget } from './budget-training';

/** One model's row of Figure 2. */
export interface ModelSpectrum {
  model: string;
  label: string;
  /** Singular values of the code covariance divided by the largest, descending. */
  spectrum: number[];
  /** Roy and Vetterli's exp-entropy rank of the spectrum. */
  effectiveRank: number;
  /** NumPy's matrix_rank rule for float32 data: values > max * dim * 2^-23. */
  numericalRank: number;
  /** Normalised values above 1e-2. */
  thresholdRank1e2: number;
  /** Normalised values above 1e-3. */
  thresholdRank1e3: number;
  /** Mean squared reconstruction error on the evaluation images, pixels in [0, 1]. */
  evalMse: number;
  /**
   * Factor probe of the codes: held-out R² of a linear fit for x, y, size, r,
   * g, b and the hue columns r-g and g-b, held-out accuracy for kind (see
   * `factorProbe`).
   */
  probe: Record<string, number>;
  /**
   * The same probe on the codes and their pairwise products (`factorProbe`
   * with `features: 'quadratic'`): near 1 where the codes hold a factor that
   * the linear probe reads only in part, such as a colour scaled by the area.
   */
  quadraticProbe: Record<string, number>;
  /**
   * Set when a probe had no more fitted rows than features (a small
   * `--eval-size`): its scores are then NaN (`null` in JSON), see
   * `FactorScore.notMeasurable`. Absent when both probes were measured.
   */
  notMeasurable?: Partial<Record<ProbeName, NonNullable<FactorScore['notMeasurable']>>>;
  /** How this run got the weights, when known. */
  training?: {
    /** 'trained' from scratch, 'resumed' from a checkpoint, or 'reused' as finished. */
    origin: 'trained' | 'resumed' | 'reused';
    /** Mean training loss of the last epoch. */
    finalLoss: number;
    /** Seconds spent training in this run. */
    trainSeconds: number;
  };
}

/** The two factor probes of a {@link ModelSpectrum}. */
export type ProbeName = 'probe' | 'quadraticProbe';

/** Everything that decides the numbers, to report beside them: the models' training budget and the evaluation set. */
export interface RunDescription extends TrainingBudget, Pick<ReproductionOptions, 'evalSize'> {
  /** tfjs backend the models ran on, e.g. 'wasm'. */
  backend: string;
  /** Seconds from start to the written figure. */
  wallTimeSeconds: number;
}

/** The rank measures of a model's codes, see {@link ModelSpectrum}. */
export type RankMeasures = Pick<ModelSpectrum, 'spectrum' | 'effectiveRank' | 'numericalRank' | 'thresholdRank1e2' | 'thresholdRank1e3'>;

/**
 * The normalised covariance spectrum of row-major [samples, dim] codes and
 * the rank measures read from it.
 */
export function rankMeasures(codes: Float32Array, dim: number): RankMeasures {
  const spectrum = latentSpectrum({ data: codes, dim }, { normalize: 'max' });
  return {
    spectrum: Array.from(spectrum),
    effectiveRank: effectiveRank(spectrum),
    numericalRank: numericalRank(spectrum),
    thresholdRank1e2: thresholdRank(spectrum, 1e-2),
    thresholdRank1e3: thresholdRank(spectrum, 1e-3),
  };
}

/**
 * Measures one model's codes.
 *
 * @param codes Row-major [samples, dim] codes after the linear layers.
 * @param factors The evaluation images' generative factors, one entry per code.
 */
export function measureSpectrum(
  model: string,
  label: string,
  codes: Float32Array,
  dim: number,
  evalMse: number,
  factors: FactorTable,
): ModelSpectrum {
  const linear = factorProbe({ data: codes, dim }, factors);
  const quadratic = factorProbe({ data: codes, dim }, factors, { features: 'quadratic' });
  const scores = (probe: FactorScore[]) => Object.fromEntries(probe.map(({ factor, score }) => [factor, score]));
  const notMeasurable = Object.fromEntries(
    ([['probe', linear], ['quadraticProbe', quadratic]] as const).flatMap(([name, probe]) =>
      probe[0]?.notMeasurable ? [[name, probe[0].notMeasurable]] : [],
    ),
  );
  return {
    model,
    label,
    ...rankMeasures(codes, dim),
    evalMse,
    probe: scores(linear),
    quadraticProbe: scores(quadratic),
    ...(Object.keys(notMeasurable).length > 0 && { notMeasurable }),
  };
}

/** figure2.json: the run, then one entry per model. */
export function figure2Json(run: RunDescription, models: readonly ModelSpectrum[]): string {
  return `${JSON.stringify({ figure: 2, minimalRank: 7, run, models }, null, 2)}\n`;
}

/**
 * The shape data's seven factors, then the hue columns r - g and g - b (see
 * `hueColumns`), in the order the probe reports them.
 */
export const PROBE_FACTORS = ['x', 'y', 'size', 'r', 'g', 'b', 'kind', 'r-g', 'g-b'] as const;

const SUMMARY_COLUMNS = [
  'model',
  'label',
  'effective_rank',
  'numerical_rank',
  'threshold_rank_1e-2',
  'threshold_rank_1e-3',
  'eval_mse',
  ...PROBE_FACTORS.map((factor) => `probe_${factor}`),
  ...PROBE_FACTORS.map((factor) => `quadratic_probe_${factor}`),
  'train_size',
  'eval_size',
  'epochs',
  'learning_rate',
  'schedule',
  'warmup',
  'batch_size',
  'latent_dim',
  'seed',
  'initialisation',
  'backend',
  'wall_time_s',
];

/**
 * figure2.csv: one row per model, its measures and the run's budget, then
 * the normalised spectrum as columns s1, s2, ... (s1 is always 1).
 */
export function figure2Csv(run: RunDescription, models: readonly ModelSpectrum[]): string {
  const dim = Math.max(0, ...models.map((m) => m.spectrum.length));
  const header = [...SUMMARY_COLUMNS, ...Array.from({ length: dim }, (_, i) => `s${i + 1}`)];
  const rows = models.map((m) => [
    m.model,
    m.label,
    m.effectiveRank,
    m.numericalRank,
    m.thresholdRank1e2,
    m.thresholdRank1e3,
    m.evalMse,
    ...PROBE_FACTORS.map((factor) => m.probe[factor] ?? ''),
    ...PROBE_FACTORS.map((factor) => m.quadraticProbe[factor] ?? ''),
    run.trainSize,
    run.evalSize,
    run.epochs,
    run.learningRate,
    run.schedule,
    run.warmup,
    run.batchSize,
    run.latentDim,
    run.seed,
    run.initialisation,
    run.backend,
    Number(run.wallTimeSeconds.toFixed(1)),
    ...m.spectrum,
  ]);
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
