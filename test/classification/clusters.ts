import { CounterStream, streamSeed } from '../../src';

/**
 * Codes `[classes * perClass, dim]` of `perClass` rows per class around the
 * corners 4 * e_c (dim >= classes), with uniform noise in ±0.2 per value,
 * rows in class order 0, 1, ..., 0, 1, ...: coordinate c of a row of class c
 * is above 3.8, every other below 0.2, so a reasonable classifier gets every
 * row right, even from one row per class.
 */
export function separableClusters(
  classes: number,
  perClass: number,
  seed: number,
  dim = classes,
): { codes: Float32Array; labels: Uint8Array } {
  const stream = new CounterStream(streamSeed(seed, 'test-clusters'));
  const rows = classes * perClass;
  const codes = new Float32Array(rows * dim);
  const labels = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    labels[row] = row % classes;
    for (let j = 0; j < dim; j++) {
      codes[row * dim + j] = (j === labels[row] ? 4 : 0) + 0.4 * (stream.unit(row * dim + j) - 0.5);
    }
  }
  return { codes, labels };
}

/** Labels drawn uniformly from 0 .. classes - 1, independent of anything else. */
export function randomLabels(rows: number, classes: number, seed: number): Uint8Array {
  const stream = new CounterStream(streamSeed(seed, 'test-labels'));
  return Uint8Array.from({ length: rows }, (_, i) => stream.integerBelow(i, classes));
}
