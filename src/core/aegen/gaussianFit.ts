/**
 * A Gaussian fitted to codes (mean and full covariance, maximum likelihood) and sampling from it by its
 * Cholesky factor: the "sample the autoencoder's latent space from the codes' own distribution" baseline.
 */
export interface GaussianFit {
  d: number;
  mean: Float64Array;
  cov: Float64Array;
  /** Lower-triangular L with L L^T = cov (+ a 1e-6 ridge). */
  chol: Float64Array;
}

export function fitGaussian(codes: ArrayLike<number>, n: number, d: number): GaussianFit {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k] = mean[k]! + codes[i * d + k]! / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      const da = codes[i * d + a]! - mean[a]!;
      for (let b = 0; b < d; b++)
        cov[a * d + b] = cov[a * d + b]! + (da * (codes[i * d + b]! - mean[b]!)) / n;
    }
  return { d, mean, cov, chol: cholesky(cov, d, 1e-6) };
}

/** Cholesky factor of a symmetric positive semi-definite matrix plus ridge * I. */
export function cholesky(a: ArrayLike<number>, d: number, ridge = 0): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let v = a[i * d + j]! + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) v -= L[i * d + k]! * L[j * d + k]!;
      L[i * d + j] = i === j ? Math.sqrt(Math.max(v, 1e-12)) : v / L[j * d + j]!;
    }
  return L;
}

/** count samples mean + L eps from standard normals eps (count x d, row-major). */
export function sampleGaussian(fit: GaussianFit, eps: ArrayLike<number>, count: number): Float32Array {
  const { d, mean, chol } = fit;
  const out = new Float32Array(count * d);
  for (let i = 0; i < count; i++)
    for (let a = 0; a < d; a++) {
      let v = mean[a]!;
      for (let k = 0; k <= a; k++) v += chol[a * d + k]! * eps[i * d + k]!;
      out[i * d + a] = v;
    }
  return out;
}

/** KL(N(mean, cov) || N(0, I)) = 1/2 (tr cov + |mean|^2 - d - log det cov): how far codes are from the prior. */
export function klToStandardNormal(fit: GaussianFit): number {
  const { d, mean, cov, chol } = fit;
  let tr = 0;
  let m2 = 0;
  let logDet = 0;
  for (let a = 0; a < d; a++) {
    tr += cov[a * d + a]!;
    m2 += mean[a]! ** 2;
    logDet += 2 * Math.log(chol[a * d + a]!);
  }
  return 0.5 * (tr + m2 - d - logDet);
}
