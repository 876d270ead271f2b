/**
 * A fixed 6 x 4 code matrix and its statistics computed by NumPy 1.24.2
 * (Debian's /usr/bin/python3), pasted with full precision:
 *
 *   import numpy as np
 *   X = np.array(CODES)
 *   C = np.cov(X, rowvar=False)                      # COVARIANCE
 *   X.T @ X / (X.shape[0] - 1)                       # SECOND_MOMENT
 *   s = np.linalg.svd(C, compute_uv=False)           # COVARIANCE_SINGULAR_VALUES
 *   s / s.max(); s / s.sum()                         # SPECTRUM_MAX, SPECTRUM_SUM
 *   p = s / s.sum(); np.exp(-(p * np.log(p)).sum())  # EFFECTIVE_RANK
 *   sx = np.linalg.svd(X, compute_uv=False)          # CODES_SINGULAR_VALUES
 *   q = sx / sx.sum() + 1e-7; np.exp(-(q * np.log(q)).sum())        # RANKME
 *   np.linalg.norm(X, 'fro')**2 / np.linalg.norm(X, 2)**2           # STABLE_RANK
 *   lam = np.linalg.eigvalsh(C); lam.sum()**2 / (lam**2).sum()       # PARTICIPATION_RATIO
 *   np.linalg.norm(X, 'nuc')                                         # NUCLEAR_NORM
 */
export const CODES = [
  [0.5, -1.2, 3.0, 0.1],
  [1.5, 0.3, -2.0, 0.4],
  [-0.7, 2.2, 0.9, -1.1],
  [2.1, -0.4, 1.3, 0.8],
  [0.0, 1.1, -0.6, 2.5],
  [-1.3, 0.6, 0.2, -0.9],
];

export const COVARIANCE = [
  [1.6710000000000003, -0.844, -0.12799999999999997, 0.7280000000000002],
  [-0.844, 1.394666666666667, -0.8986666666666665, -0.262],
  [-0.12799999999999997, -0.8986666666666665, 2.9186666666666667, -0.594],
  [0.7280000000000002, -0.262, -0.594, 1.7080000000000006],
];

export const SECOND_MOMENT = [
  [1.818, -0.6620000000000001, 0.0680000000000001, 0.8540000000000001],
  [-0.6620000000000001, 1.6200000000000003, -0.6559999999999998, -0.10600000000000005],
  [0.0680000000000001, -0.6559999999999998, 3.1799999999999997, -0.42600000000000005],
  [0.8540000000000001, -0.10600000000000005, -0.42600000000000005, 1.816],
];

export const COVARIANCE_SINGULAR_VALUES = [
  3.446916505740467, 2.8569749130223085, 0.9600801789841914, 0.42836173558636736,
];
export const SPECTRUM_MAX = [1.0, 0.8288494682897962, 0.2785330533493578, 0.12427389374618653];
export const SPECTRUM_SUM = [
  0.44809765208742036, 0.37140550067456446, 0.1248100072345874, 0.05568684000342774,
];
export const EFFECTIVE_RANK = 3.152259615657279;
export const CODES_SINGULAR_VALUES = [
  4.18726588907071, 3.813233731304189, 2.5219798202776436, 1.9327883150467229,
];
export const RANKME = 3.824273144100434;
export const STABLE_RANK = 2.405151970015489;
export const PARTICIPATION_RATIO = 2.797890618164747;
export const NUCLEAR_NORM = 12.455267755699266;
