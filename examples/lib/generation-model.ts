/**
 * Everything the generation example draws and measures for one trained
 * model: reconstructions, samples of a Gaussian and of a Gaussian mixture
 * fitted to the evaluation codes, a PCA traversal, and the decoded Figure 3
 * interpolations, each with its distance from the shape data.
 */
import {
  SHAPE_EVAL_SEED,
  fitGaussian,
  generateShapes,
  latentPca,
  pcaTraversal,
  sampleGaussian,
  sampleGaussianMixture,
  shapeDataDistances,
  type ShapeAutoencoder,
} from 'irmae';
import type { ShapeDataVariant } from './args';
import { encodeImages } from './encode-images';
import { decodeCodes, fitLargestMixture, interpolateCodes, type Images } from './latent-sampling';

/** What is drawn from every model; the same for all, so the numbers compare. */
export interface GenerationSettings {
  evalSize: number;
  /** The shape data set the model learned: its evaluation images, and the clean shapes distances are measured to. */
  variant: ShapeDataVariant;
  /** Figure 3's evaluation-image pairs and interpolation weights. */
  pairs: ReadonlyArray<readonly [number, number]>;
  ts: readonly number[];
  /** Seed of the mixture's k-means start and of both samplers. */
  seed: number;
  /** Codes drawn from each latent model and measured (the pictures show the first ones). */
  samples: number;
  /**
   * Most Gaussians in the mixture. Fewer are fitted when the codes are too
   * few (each component gets at least 4 (dim + 1) codes on average), and one
   * fewer again after each collapse.
   */
  components: number;
  /** Grid points per axis of the PCA traversal, over ±2 standard deviations of components 1 and 2. */
  traversalSteps: number;
  /** Evaluation images reconstructed and measured, from the first (the pictures show the first ones). */
  reconstructions: number;
}

/** One model's pictures and on-data distances. */
export interface ModelGeneration {
  /** Mean squared reconstruction error over the evaluation images, as figure2.json reports it. */
  evalMse: number;
  /** The first `settings.reconstructions` evaluation images and their reconstructions. */
  originals: Images;
  reconstructions: Images;
  mvg: Images;
  gmm: Images;
  /** Row-major traversalSteps x traversalSteps. */
  pca: Images;
  /** interpolations[pair][t]. */
  interpolations: Images[];
  /** Distance of each image from the nearest clean shape image (RMSE in [0, 1] units). */
  distances: {
    reconstruction: Float64Array;
    mvg: Float64Array;
    gmm: Float64Array;
    pca: Float64Array;
    /** [pair][t] */
    interpolation: Float64Array[];
  };
  mixture: { components: number; iterations: number; converged: boolean; logLikelihood: number };
  /** Variance of the codes along PCA components 1 and 2. */
  pcaVariances: [number, number];
}

const IMAGE_SIZE = 32;
const PIXELS = IMAGE_SIZE * IMAGE_SIZE * 3;

/** Runs every latent model on one trained autoencoder. */
export function generateFromModel(autoencoder: ShapeAutoencoder, settings: GenerationSettings): ModelGeneration {
  const { images } = generateShapes({ count: settings.evalSize, seed: SHAPE_EVAL_SEED, variant: settings.variant });
  const { codes, evalMse, dim } = encodeImages(autoencoder, images, settings.evalSize);
  const flat = { data: codes, dim };
  const { fit: mixtureFit, components } = fitLargestMixture(flat, settings.components, settings.seed);
  const pca = latentPca(flat);
  const shown = Math.min(settings.reconstructions, settings.evalSize);
  const reconstructions = decodeCodes(autoencoder, { data: codes.slice(0, shown * dim), dim, count: shown });
  const mvg = decodeCodes(autoencoder, sampleGaussian(fitGaussian(flat), settings.samples, { seed: settings.seed }));
  const gmm = decodeCodes(autoencoder, sampleGaussianMixture(mixtureFit, settings.samples, { seed: settings.seed }));
  const traversal = decodeCodes(autoencoder, pcaTraversal(pca, { components: [0, 1], steps: settings.traversalSteps, range: 2 }));
  const interpolations = settings.pairs.map(([i, j]) => decodeCodes(autoencoder, interpolateCodes(codes, dim, i, j, settings.ts)));
  const distances = (set: Images) => shapeDataDistances(concat(set), { variant: settings.variant });
  return {
    evalMse,
    originals: Array.from({ length: shown }, (_, i) => images.slice(i * PIXELS, (i + 1) * PIXELS)),
    reconstructions,
    mvg,
    gmm,
    pca: traversal,
    interpolations,
    distances: {
      reconstruction: distances(reconstructions),
      mvg: distances(mvg),
      gmm: distances(gmm),
      pca: distances(traversal),
      interpolation: interpolations.map(distances),
    },
    mixture: { components, iterations: mixtureFit.iterations, converged: mixtureFit.converged, logLikelihood: mixtureFit.logLikelihood },
    pcaVariances: [pca.variances[0], pca.variances[1]],
  };
}

function concat(images: Images): Float32Array {
  const out = new Float32Array(images.length * PIXELS);
  images.forEach((image, i) => out.set(image, i * PIXELS));
  return out;
}
