/**
 * k-means on rows of a flat float64 buffer, started by k-means++ seeding
 * (Arthur and Vassilvitskii, "k-means++: the advantages of careful seeding",
 * SODA 2007), then Lloyd iterations until no assignment changes.
 *
 * @param x - n rows of d values, row-major.
 * @param uniform - The seeded uniform stream that picks the seeds.
 * @returns The cluster of each row, in [0, k).
 * @throws If the rows hold fewer than k distinct points (k-means++ then has
 *   no new point to pick).
 * @internal
 */
export function kMeans(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  uniform: () => number,
  maxIterations = 100,
): Int32Array {
  const centres = kMeansPlusPlus(x, n, d, k, uniform);
  const labels = new Int32Array(n).fill(-1);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (!assign(x, n, d, centres, k, labels)) break;
    updateCentres(x, n, d, centres, k, labels);
  }
  return labels;
}

function kMeansPlusPlus(x: Float64Array, n: number, d: number, k: number, uniform: () => number): Float64Array {
  const centres = new Float64Array(k * d);
  const first = Math.min(Math.floor(uniform() * n), n - 1);
  centres.set(x.subarray(first * d, (first + 1) * d), 0);
  const nearest = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i], squaredDistance(x, i * d, centres, (c - 1) * d, d));
      total += nearest[i];
    }
    if (total === 0) {
      throw new Error(`\`components\` must be at most the number of distinct codes, but got ${k} and the codes hold ${c}`);
    }
    // Pick row i with probability nearest[i] / total.
    let target = uniform() * total;
    let pick = -1;
    for (let i = 0; i < n && target >= 0; i++) {
      if (nearest[i] > 0) pick = i;
      target -= nearest[i];
    }
    centres.set(x.subarray(pick * d, (pick + 1) * d), c * d);
  }
  return centres;
}

/** Assigns each row to its nearest centre; returns whether any label changed. */
function assign(x: Float64Array, n: number, d: number, centres: Float64Array, k: number, labels: Int32Array): boolean {
  let changed = false;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c++) {
      const distance = squaredDistance(x, i * d, centres, c * d, d);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    if (labels[i] !== best) changed = true;
    labels[i] = best;
  }
  return changed;
}

/** Moves each centre to the mean of its rows; an empty cluster keeps its centre. */
function updateCentres(x: Float64Array, n: number, d: number, centres: Float64Array, k: number, labels: Int32Array): void {
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    counts[labels[i]] += 1;
    for (let j = 0; j < d; j++) sums[labels[i] * d + j] += x[i * d + j];
  }
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    for (let j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j] / counts[c];
  }
}

function squaredDistance(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const delta = a[aOffset + j] - b[bOffset + j];
    sum += delta * delta;
  }
  return sum;
}
