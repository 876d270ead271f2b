/** What the page sends a training worker. */
export type ToWorker =
  | { type: 'configure'; config: TrainerConfig }
  | { type: 'run' }
  | { type: 'pause' }
  /** Interpolate between evaluation digits 2 * index and 2 * index + 1 from now on (digits only). */
  | { type: 'pair'; index: number }
  /** Decode a grid over the codes' two leading principal components. */
  | { type: 'pca' };

/** The shape images of the paper, or MNIST digits. */
export type DemoData = 'shapes' | 'digits';

/** One model's training set-up. */
export interface TrainerConfig {
  data: DemoData;
  /** A variational autoencoder (digits only) instead of an AE or IRMAE. */
  vae: boolean;
  /** Linear layers between encoder and decoder: 0 for the plain AE. */
  irmLayers: number;
  latentDim: number;
  /** Training images (shapes: from the library's fixed training stream; digits: at most 9,000). */
  images: number;
  /** How the convolutions start: He et al. (2015) or PyTorch's default. */
  initialization: 'he' | 'pytorch';
  /** Adam's step size. */
  learningRate: number;
  /** Images per training step. */
  batchSize: number;
  /** Seed of the initial weights, the same for all models. */
  seed: number;
  /** Evaluation images whose codes give the spectrum. */
  evalImages: number;
  /** Training steps between reports. */
  reportEvery: number;
  /** Digits: interpolate between evaluation digits 2 * pair and 2 * pair + 1. */
  pair: number;
}

/** What a training worker sends the page. */
export type FromWorker =
  | { type: 'ready'; backend: string; simd: boolean }
  | { type: 'report'; report: TrainerReport }
  | { type: 'pca'; grid: Float32Array; steps: number; channels: number }
  | { type: 'error'; message: string };

/** A snapshot of a model as it learns. */
export interface TrainerReport {
  step: number;
  epoch: number;
  /** Mean training loss since the previous report. */
  loss: number;
  /** Training images per second since the previous report, the report's own work not counted. */
  imagesPerSecond: number;
  /** Normalised latent spectrum (largest value 1), descending. */
  spectrum: Float64Array;
  effectiveRank: number;
  /** Normalised singular values above 1e-3. */
  above1e3: number;
  /** Channels of every image below: 3 for shapes, 1 for digits. */
  channels: number;
  /** Evaluation images then their reconstructions, [2 * n, 32, 32, channels] in [0, 1]. */
  reconstructions: Float32Array;
  /** The two evaluation images interpolated between, [2, 32, 32, channels]. */
  ends: Float32Array;
  /** Decoded codes between the two at t = 0, 0.1, ..., 1: [11, 32, 32, channels]. */
  interpolation: Float32Array;
}

/** Images shown for reconstruction. */
export const RECONSTRUCTED = 6;
/** Steps of t in the interpolation (t = i / (INTERPOLATION_STEPS - 1)). */
export const INTERPOLATION_STEPS = 11;
/** Digits held out of training, from the first of MNIST's test file: the evaluation set. */
export const DIGITS_HELD_OUT = 1000;
/** Points per axis of the PCA grid: -2 to +2 standard deviations in steps of 0.4. */
export const PCA_STEPS = 11;
