/** What the page sends a training worker. */
export type ToWorker =
  | { type: 'configure'; config: TrainerConfig }
  | { type: 'run' }
  | { type: 'pause' };

/** One model's training set-up. */
export interface TrainerConfig {
  /** Linear layers between encoder and decoder: 0 for the plain AE. */
  irmLayers: number;
  latentDim: number;
  /** Training images (from the library's fixed training stream). */
  images: number;
  /** How the convolutions start: He et al. (2015) or PyTorch's default. */
  initialization: 'he' | 'pytorch';
  /** Adam's step size. */
  learningRate: number;
  /** Images per training step. */
  batchSize: number;
  /** Seed of the initial weights, the same for both models. */
  seed: number;
  /** Evaluation images whose codes give the spectrum. */
  evalImages: number;
  /** Training steps between reports. */
  reportEvery: number;
}

/** What a training worker sends the page. */
export type FromWorker =
  | { type: 'ready'; backend: string; simd: boolean }
  | { type: 'report'; report: TrainerReport }
  | { type: 'error'; message: string };

/** A snapshot of a model as it learns. */
export interface TrainerReport {
  step: number;
  epoch: number;
  /** Mean training loss since the previous report. */
  loss: number;
  /** Training images per second since the previous report. */
  imagesPerSecond: number;
  /** Normalised latent spectrum (largest value 1), descending. */
  spectrum: Float64Array;
  effectiveRank: number;
  /** Normalised singular values above 1e-3. */
  above1e3: number;
  /** Evaluation images then their reconstructions, [2 * n, 32, 32, 3] in [0, 1]. */
  reconstructions: Float32Array;
  /** The two evaluation images interpolated between, [2, 32, 32, 3]. */
  ends: Float32Array;
  /** Decoded codes between the two at t = 0, 0.1, ..., 1: [11, 32, 32, 3]. */
  interpolation: Float32Array;
}

/** Images shown for reconstruction. */
export const RECONSTRUCTED = 6;
/** Steps of t in the interpolation (t = i / (INTERPOLATION_STEPS - 1)). */
export const INTERPOLATION_STEPS = 11;
