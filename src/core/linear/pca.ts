/**
 * PCA and probabilistic PCA in closed form from the eigenvalues of a data covariance (lectures 002, 004).
 * Conventions: the covariance is the maximum-likelihood one, S = (1/N) sum_n (x_n - mean)(x_n - mean)^T,
 * so that the mean squared reconstruction error of the best rank-d linear map on the same data equals
 * the sum of the discarded eigenvalues exactly (Eckart-Young).
 */

/** Sum of the eigenvalues after the first d (values in descending order): the rank-d PCA residual. */
export function pcaResidual(values: ArrayLike<number>, d: number): number {
  let s = 0;
  for (let i = d; i < values.length; i++) s += Math.max(0, values[i]!);
  return s;
}

export interface PpcaFit {
  /** Latent dimensions. */
  d: number;
  /** Observed dimensions. */
  D: number;
  /** Noise variance: the mean of the discarded eigenvalues. */
  sigma2: number;
  /** W = U_d (Lambda_d - sigma2 I)^{1/2}, D x d row-major (R = I). */
  W: Float64Array;
  /** Mean log-likelihood per data point (nats) of the data the covariance came from, at the ML fit. */
  logLik: number;
}

/**
 * Tipping & Bishop's maximum-likelihood PPCA from the covariance's eigen-decomposition (values
 * descending, unit eigenvectors as rows of `vectors`, D x D). At the optimum tr(C^{-1} S) = D, so the mean
 * log-likelihood is -1/2 (D log 2 pi + sum_{i<=d} log lambda_i + (D - d) log sigma2 + D).
 */
export function ppcaFit(
  values: ArrayLike<number>,
  vectors: ArrayLike<number>,
  D: number,
  d: number,
): PpcaFit {
  if (d < 1 || d >= D) throw new RangeError(`PPCA needs 1 <= d < D, got d = ${d}, D = ${D}`);
  const sigma2 = pcaResidual(values, d) / (D - d);
  if (!(sigma2 > 0)) throw new RangeError('PPCA: the discarded eigenvalues are all zero (sigma^2 = 0)');
  const W = new Float64Array(D * d);
  let logDet = (D - d) * Math.log(sigma2);
  for (let j = 0; j < d; j++) {
    const lam = Math.max(values[j]!, sigma2);
    logDet += Math.log(lam);
    const scale = Math.sqrt(lam - sigma2);
    for (let k = 0; k < D; k++) W[k * d + j] = vectors[j * D + k]! * scale;
  }
  const logLik = -0.5 * (D * Math.log(2 * Math.PI) + logDet + D);
  return { d, D, sigma2, W, logLik };
}
