/**
 * The Gaussian mixture's EM on codes of the MNIST measures' size (10,000
 * codes of 128 numbers, 4 full-covariance components, as `generation.py`
 * fits): its two steps, each beside the one-row loop it replaced, in turns
 * and in one run, so a load that comes and goes falls on both; then whole
 * EM iterations of `fitGaussianMixture`.
 *
 *   npm run bench:mixture [-- --rows 10000 --dim 128 --rounds 5 --iterations 10]
 *
 * The E-step's part is `mahalanobisNorms` (the norms `‖L⁻¹(x - μ)‖²`), the
 * M-step's `weightedScatter`; both must equal the one-row loop to the bit,
 * which the bench checks as it times.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { fitGaussianMixture } from '../src/generation';
import { invertLower, mahalanobisNorms } from '../src/generation/gaussian_log_density';
import { weightedScatter } from '../src/generation/weighted_scatter';
import { randomStream } from '../src/random/random_stream';
import { integerFlag, parseCommandLine, parseFlags } from '../examples/lib/flags';

const COMPONENTS = 4;

const { rows, dim, rounds, iterations } = parseCommandLine('bench/gaussian_mixture.ts', () => {
  const flags = parseFlags(process.argv.slice(2), {
    rows: { type: 'string' },
    dim: { type: 'string' },
    rounds: { type: 'string' },
    iterations: { type: 'string' },
  });
  return {
    rows: integerFlag(flags, 'rows', 10_000, 8),
    dim: integerFlag(flags, 'dim', 128, 1),
    rounds: integerFlag(flags, 'rounds', 5, 1),
    iterations: integerFlag(flags, 'iterations', 10, 1),
  };
});

/** Codes drawn around four centres, each coordinate with its own scale, and per-row weights with some zeros. */
function workload() {
  const random = randomStream(1, 'bench-gaussian-mixture');
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const x = new Float64Array(rows * dim);
  for (let i = 0; i < rows; i++) for (let j = 0; j < dim; j++) x[i * dim + j] = normal() * (1 + j / 16) + (i % COMPONENTS) * (j % 3);
  const mean = Float64Array.from({ length: dim }, (_, j) => j % 3);
  const covariance = new Matrix(dim, dim);
  for (let j = 0; j < dim; j++) {
    for (let k = 0; k <= j; k++) {
      const value = j === k ? (1 + j / 16) ** 2 + 1 : 0.1;
      covariance.set(j, k, value);
      covariance.set(k, j, value);
    }
  }
  const weights = Float64Array.from({ length: rows }, () => (random() < 0.1 ? 0 : random()));
  return { x, mean, covariance, weights };
}

/** The E-step's norms as they were computed before: one row at a time. */
function mahalanobisRowByRow(x: Float64Array, mean: Float64Array, inverse: Float64Array): Float64Array {
  const norms = new Float64Array(rows);
  const centred = new Float64Array(dim);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < dim; j++) centred[j] = x[i * dim + j] - mean[j];
    for (let r = 0; r < dim; r++) {
      let y = 0;
      for (let c = 0; c <= r; c++) y += inverse[r * dim + c] * centred[c];
      norms[i] += y * y;
    }
  }
  return norms;
}

/** The M-step's scatter as it was computed before: one row at a time. */
function scatterRowByRow(x: Float64Array, mean: Float64Array, weights: Float64Array): Float64Array {
  const scatter = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < rows; i++) {
    const weight = weights[i];
    if (weight === 0) continue;
    for (let j = 0; j < dim; j++) centred[j] = x[i * dim + j] - mean[j];
    for (let a = 0; a < dim; a++) {
      const weighted = weight * centred[a];
      for (let b = 0; b <= a; b++) scatter[a * dim + b] += weighted * centred[b];
    }
  }
  return scatter;
}

/** Median milliseconds of each function over `rounds` rounds, the functions in turns, after one call each. */
function timeInTurns(functions: ReadonlyArray<() => unknown>): number[] {
  functions.forEach((run) => run());
  const times = functions.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    functions.forEach((run, f) => {
      const started = performance.now();
      run();
      times[f].push(performance.now() - started);
    });
  }
  return times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]);
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

function main(): void {
  const { x, mean, covariance, weights } = workload();
  const inverse = invertLower(new CholeskyDecomposition(covariance).lowerTriangularMatrix);
  const [eBlocked, eRows] = timeInTurns([() => mahalanobisNorms(x, rows, mean, inverse), () => mahalanobisRowByRow(x, mean, inverse)]);
  const [mBlocked, mRows] = timeInTurns([() => weightedScatter(x, mean, weights, 1, 0), () => scatterRowByRow(x, mean, weights)]);
  const eSame = sameBits(mahalanobisNorms(x, rows, mean, inverse), mahalanobisRowByRow(x, mean, inverse));
  const mSame = sameBits(weightedScatter(x, mean, weights, 1, 0), scatterRowByRow(x, mean, weights));

  console.log(`Gaussian mixture EM, ${rows} codes of ${dim}, median of ${rounds} rounds (ms per component)`);
  console.log(`  E-step norms    eight rows a pass ${eBlocked.toFixed(1)}  one row ${eRows.toFixed(1)}  ${(eRows / eBlocked).toFixed(2)}x  same bits: ${eSame}`);
  console.log(`  M-step scatter  eight rows a pass ${mBlocked.toFixed(1)}  one row ${mRows.toFixed(1)}  ${(mRows / mBlocked).toFixed(2)}x  same bits: ${mSame}`);

  const codes = new Matrix(rows, dim);
  for (let i = 0; i < rows; i++) for (let j = 0; j < dim; j++) codes.set(i, j, x[i * dim + j]);
  const start = performance.now();
  fitGaussianMixture(codes, COMPONENTS, { seed: 1, maxIterations: 0 });
  const startSeconds = (performance.now() - start) / 1000;
  const fitStarted = performance.now();
  fitGaussianMixture(codes, COMPONENTS, { seed: 1, maxIterations: iterations, tolerance: 0 });
  const perIteration = ((performance.now() - fitStarted) / 1000 - startSeconds) / iterations;
  console.log(`  fitGaussianMixture, ${COMPONENTS} components: start (k-means, first steps) ${startSeconds.toFixed(2)} s, ${perIteration.toFixed(2)} s per EM iteration`);
  if (!eSame || !mSame) {
    console.error('The blocked steps differ from the one-row loops.');
    process.exitCode = 1;
  }
}

main();
