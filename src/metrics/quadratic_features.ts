import { Matrix } from 'ml-matrix';

/**
 * The columns of `codes` standardised (centred, unit variance; a constant
 * column stays 0), followed by every product of two of them, squares
 * included: [samples, dim + dim · (dim + 1) / 2].
 *
 * An affine fit on these features spans the same functions as one on the
 * raw codes and their raw products, so centring and scaling with all rows'
 * statistics tell the fit nothing about the held-out rows; they only keep the
 * product columns on comparable scales.
 */
export function quadraticFeatures(codes: Matrix): Matrix {
  const dim = codes.columns;
  const scaled = codes.clone().subRowVector(codes.mean('column'));
  const deviations = scaled.standardDeviation('column');
  const scale = deviations.map((deviation) => (deviation > 0 ? 1 / deviation : 0));
  scaled.mulRowVector(scale);
  const features = new Matrix(codes.rows, dim + (dim * (dim + 1)) / 2);
  for (let row = 0; row < codes.rows; row++) {
    const z = scaled.getRow(row);
    let column = 0;
    for (const value of z) features.set(row, column++, value);
    for (let i = 0; i < dim; i++) {
      for (let j = i; j < dim; j++) features.set(row, column++, z[i] * z[j]);
    }
  }
  return features;
}
