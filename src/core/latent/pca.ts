import { symmetricEigen } from './symmetricEigen';

/**
 * A 2-D PCA view of latent codes: y = C (z - mean), C's rows the top two principal directions (unit
 * length, orthogonal). Used when the latent space has more than two dimensions.
 */
export interface Pca2 {
  dim: number;
  mean: Float64Array;
  /** 2 x dim row-major: first and second principal directions. */
  components: Float64Array;
  /** Variance of the data along each of the two directions. */
  variances: [number, number];
  /** Total variance (trace of the covariance), for "explains X% of the variance". */
  totalVariance: number;
}

/**
 * Top-2 principal directions of n points in d dimensions (row-major n x d), from the eigen-decomposition
 * of the d x d sample covariance. Each direction's sign is fixed so its largest-magnitude entry is
 * positive: refreshing the scatter during training does not flip the picture at random.
 */
export function pca2(points: ArrayLike<number>, n: number, d: number): Pca2 {
  if (points.length !== n * d)
    throw new RangeError(`expected ${n} x ${d} points, got ${points.length} values`);
  if (d < 2) throw new RangeError('PCA to 2-D needs at least 2 dimensions');
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k]! += points[i * d + k]!;
  for (let k = 0; k < d; k++) mean[k]! /= Math.max(1, n);
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) row[k] = points[i * d + k]! - mean[k]!;
    for (let a = 0; a < d; a++) {
      const ra = row[a]!;
      if (ra === 0) continue;
      const o = a * d;
      for (let b = a; b < d; b++) cov[o + b]! += ra * row[b]!;
    }
  }
  const denom = Math.max(1, n - 1);
  let total = 0;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const c = cov[a * d + b]! / denom;
      cov[a * d + b] = c;
      cov[b * d + a] = c;
    }
    total += cov[a * d + a]!;
  }
  const { values, vectors } = symmetricEigen(cov, d);
  const components = vectors.slice(0, 2 * d);
  for (let r = 0; r < 2; r++) {
    let big = 0;
    for (let k = 0; k < d; k++)
      if (Math.abs(components[r * d + k]!) > Math.abs(big)) big = components[r * d + k]!;
    if (big < 0) for (let k = 0; k < d; k++) components[r * d + k] = -components[r * d + k]!;
  }
  return { dim: d, mean, components, variances: [values[0]!, values[1]!], totalVariance: total };
}
