import { symmetricEigen } from '../latent/symmetricEigen';

/** Mean and covariance of n points in d dimensions (row-major n x d), in float64. */
export interface Moments {
  dim: number;
  count: number;
  mean: Float64Array;
  /** d x d row-major, divided by n - 1. */
  cov: Float64Array;
}

export function moments(points: ArrayLike<number>, n: number, d: number): Moments {
  if (points.length !== n * d) throw new RangeError(`expected ${n} x ${d} values, got ${points.length}`);
  if (n < 2) throw new RangeError('a covariance needs at least 2 points');
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k]! += points[i * d + k]!;
  for (let k = 0; k < d; k++) mean[k]! /= n;
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
  for (let a = 0; a < d; a++)
    for (let b = a; b < d; b++) {
      const c = cov[a * d + b]! / (n - 1);
      cov[a * d + b] = c;
      cov[b * d + a] = c;
    }
  return { dim: d, count: n, mean, cov };
}

/** C = A B for n x n row-major matrices. */
function matMul(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const a = A[i * n + k]!;
      if (a === 0) continue;
      for (let j = 0; j < n; j++) C[i * n + j]! += a * B[k * n + j]!;
    }
  return C;
}

/** The symmetric square root V sqrt(L) V^T of a symmetric PSD matrix (tiny negative eigenvalues -> 0). */
export function sqrtPsd(A: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(A, n);
  const S = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    const s = Math.sqrt(Math.max(0, values[r]!));
    if (s === 0) continue;
    for (let i = 0; i < n; i++) {
      const vi = vectors[r * n + i]! * s;
      for (let j = 0; j < n; j++) S[i * n + j]! += vi * vectors[r * n + j]!;
    }
  }
  return S;
}

/**
 * Fréchet distance between N(m1, C1) and N(m2, C2) (Dowson & Landau 1982; FID when the features are
 * Inception's): |m1 - m2|^2 + tr C1 + tr C2 - 2 tr (C1 C2)^{1/2}.
 * C1 C2 is not symmetric, but with S = C1^{1/2} it has the same eigenvalues as S C2 S (AB and BA share
 * them), which is symmetric PSD: so tr (C1 C2)^{1/2} = sum of sqrt(eig(S C2 S)), and both steps use the
 * Jacobi eigen-solver of the latent explorer (exact to float64 rounding at d = 128, no complex maths).
 */
export function frechetDistance(a: Moments, b: Moments): number {
  const d = a.dim;
  if (b.dim !== d) throw new RangeError(`feature dimensions differ: ${a.dim} vs ${b.dim}`);
  let dm = 0;
  let tr = 0;
  for (let k = 0; k < d; k++) {
    dm += (a.mean[k]! - b.mean[k]!) ** 2;
    tr += a.cov[k * d + k]! + b.cov[k * d + k]!;
  }
  const S = sqrtPsd(a.cov, d);
  const M = matMul(matMul(S, b.cov, d), S, d);
  // symmetrise away rounding before the eigen-solver
  for (let i = 0; i < d; i++)
    for (let j = i + 1; j < d; j++) {
      const v = (M[i * d + j]! + M[j * d + i]!) / 2;
      M[i * d + j] = v;
      M[j * d + i] = v;
    }
  const { values } = symmetricEigen(M, d);
  let trSqrt = 0;
  for (const v of values) trSqrt += Math.sqrt(Math.max(0, v));
  return Math.max(0, dm + tr - 2 * trSqrt);
}
