/**
 * The sets of generated digits whose Fréchet distance to the test digits the
 * MNIST reproduction reports, as codes to decode: reconstructions,
 * interpolation midpoints and interior points, Gaussian and mixture samples,
 * and the PCA grid.
 */
import { fitGaussian, latentPca, pcaTraversal, sampleGaussian, sampleGaussianMixture, type CodeSamples, type GaussianMixtureModel } from 'irmae';
import { interpolateCodes } from '../latent-sampling';

/** The sets, in the order results.json and the summary list them. */
export const GENERATED_SET_NAMES = ['reconstructions', 'midpoints', 'interior', 'mvg', 'gmm', 'pca'] as const;
export type GeneratedSetName = (typeof GENERATED_SET_NAMES)[number];

/** What each set holds, for results.json and the docs. */
export const GENERATED_SET_DESCRIPTIONS: Readonly<Record<GeneratedSetName, string>> = {
  reconstructions: 'the first test digits decoded from their codes',
  midpoints: 'interpolation midpoints (t = 0.5) between test digits 2i and 2i + 1 of different classes',
  interior: 'all 8 interior points (t = 1/9 ... 8/9) of the first such pairs',
  mvg: 'samples of the Gaussian fitted to the test codes',
  gmm: 'samples of the Gaussian mixture fitted to the test codes',
  pca: 'the 10 x 10 PCA grid over components 1 and 2, ±2 standard deviations',
};

/** Interior interpolation points per pair, as in the pictures' 10 steps. */
const INTERIOR_TS = Array.from({ length: 8 }, (_, i) => (i + 1) / 9);

export interface GeneratedSetsInput {
  /** The measured test codes, row-major [testCount, dim]. */
  codes: Float32Array;
  dim: number;
  /** The test labels, to pair digits of different classes. */
  labels: ArrayLike<number>;
  /** Digits per set (the PCA grid excepted). */
  samples: number;
  mixture: GaussianMixtureModel;
  /** Seed of both samplers. */
  seed: number;
  /** Points per axis of the PCA grid. */
  traversalSteps: number;
}

/** The sets drawn as codes to decode; the reconstructions come from the test digits' own pass. */
export type DecodedSetName = Exclude<GeneratedSetName, 'reconstructions'>;

/**
 * The codes of every set but the reconstructions, whose images the test
 * digits' encoding pass has already decoded. The interpolation pairs are test digits 2i and
 * 2i + 1 of different classes among the first `samples` test digits (the
 * reference's pairing, taken further); the interior points come from the
 * first `samples / 8` pairs, `samples` points.
 */
export function generatedCodeSets(input: GeneratedSetsInput): Record<DecodedSetName, CodeSamples> {
  const { codes, dim, labels, samples, seed } = input;
  const testCount = codes.length / dim;
  const count = Math.min(samples, testCount);
  const pairs = differentClassPairs(labels, count);
  const flat = { data: codes, dim };
  return {
    midpoints: concatCodes(pairs.map(([i, j]) => interpolateCodes(codes, dim, i, j, [0.5])), dim),
    interior: concatCodes(pairs.slice(0, Math.ceil(count / INTERIOR_TS.length)).map(([i, j]) => interpolateCodes(codes, dim, i, j, INTERIOR_TS)), dim),
    mvg: sampleGaussian(fitGaussian(flat), count, { seed }),
    gmm: sampleGaussianMixture(input.mixture, count, { seed }),
    pca: pcaTraversal(latentPca(flat), { components: [0, 1], steps: input.traversalSteps, range: 2 }),
  };
}

/** Pairs (2i, 2i + 1) below `count` whose digits differ. */
function differentClassPairs(labels: ArrayLike<number>, count: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; 2 * i + 1 < count; i++) if (labels[2 * i] !== labels[2 * i + 1]) pairs.push([2 * i, 2 * i + 1]);
  return pairs;
}

function concatCodes(parts: readonly CodeSamples[], dim: number): CodeSamples {
  const count = parts.reduce((sum, part) => sum + part.count, 0);
  const data = new Float32Array(count * dim);
  let offset = 0;
  for (const part of parts) {
    data.set(part.data, offset);
    offset += part.data.length;
  }
  return { data, dim, count };
}
