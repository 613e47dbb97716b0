import type { Rng } from '../rng';

/**
 * Way (c), through the prior (lecture 000 eq. 17): a mixture prior p(z) = sum_k w_k N(z; mu_k, diag s_k^2)
 * whose components sit where the trained generator lands in C. Fit once after training: draw codes z ~ N(0, I),
 * keep each with probability tilt(G(z)), cluster the kept codes by k-means and give each cluster a diagonal
 * Gaussian (its mean and per-coordinate variance) and a weight (its share of the kept codes). Sampling is then
 * one shot, z from the mixture and x = G(z): the Gaussians' tails still reach codes that G maps outside C.
 */
export interface LatentMixture {
  dim: number;
  weights: Float64Array;
  /** K x dim, row-major. */
  means: Float64Array;
  /** K x dim variances (floored at VAR_FLOOR). */
  vars: Float64Array;
}

const VAR_FLOOR = 1e-4;

/**
 * k-means (k-means++ start, `iters` Lloyd steps) on the n codes (n x dim, row-major), then one diagonal
 * Gaussian per non-empty cluster. Needs at least one code.
 */
export function fitLatentMixture(
  codes: ArrayLike<number>,
  dim: number,
  k: number,
  rng: Rng,
  iters = 15,
): LatentMixture {
  const n = Math.floor(codes.length / dim);
  if (n < 1) throw new Error('no feasible codes to fit the mixture prior to');
  k = Math.min(k, n);
  const d2 = (i: number, c: Float64Array, j: number) => {
    let s = 0;
    for (let t = 0; t < dim; t++) s += (codes[i * dim + t]! - c[j * dim + t]!) ** 2;
    return s;
  };
  const centres = new Float64Array(k * dim);
  const first = Math.floor(rng.next() * n);
  for (let t = 0; t < dim; t++) centres[t] = codes[first * dim + t]!;
  const best = new Float64Array(n).fill(Infinity);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += best[i] = Math.min(best[i]!, d2(i, centres, j - 1));
    let u = rng.next() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++)
      if ((u -= best[i]!) <= 0) {
        pick = i;
        break;
      }
    for (let t = 0; t < dim; t++) centres[j * dim + t] = codes[pick * dim + t]!;
  }
  const label = new Int32Array(n);
  for (let it = 0; it <= iters; it++) {
    for (let i = 0; i < n; i++) {
      let bj = 0;
      let bd = Infinity;
      for (let j = 0; j < k; j++) {
        const d = d2(i, centres, j);
        if (d < bd) [bd, bj] = [d, j];
      }
      label[i] = bj;
    }
    if (it === iters) break;
    const sum = new Float64Array(k * dim);
    const cnt = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      cnt[label[i]!]!++;
      for (let t = 0; t < dim; t++) sum[label[i]! * dim + t]! += codes[i * dim + t]!;
    }
    for (let j = 0; j < k; j++)
      if (cnt[j]! > 0) for (let t = 0; t < dim; t++) centres[j * dim + t] = sum[j * dim + t]! / cnt[j]!;
  }
  // Final statistics per cluster (empty clusters dropped).
  const cnt = new Float64Array(k);
  const mean = new Float64Array(k * dim);
  const sq = new Float64Array(k * dim);
  for (let i = 0; i < n; i++) {
    const j = label[i]!;
    cnt[j]!++;
    for (let t = 0; t < dim; t++) {
      const v = codes[i * dim + t]!;
      mean[j * dim + t]! += v;
      sq[j * dim + t]! += v * v;
    }
  }
  const keep = [...cnt.keys()].filter((j) => cnt[j]! > 0);
  const out: LatentMixture = {
    dim,
    weights: new Float64Array(keep.length),
    means: new Float64Array(keep.length * dim),
    vars: new Float64Array(keep.length * dim),
  };
  keep.forEach((j, q) => {
    out.weights[q] = cnt[j]! / n;
    for (let t = 0; t < dim; t++) {
      const m = mean[j * dim + t]! / cnt[j]!;
      out.means[q * dim + t] = m;
      out.vars[q * dim + t] = Math.max(VAR_FLOOR, sq[j * dim + t]! / cnt[j]! - m * m);
    }
  });
  return out;
}

/** n codes from the mixture (n x dim, row-major). */
export function sampleLatentMixture(m: LatentMixture, n: number, rng: Rng): Float32Array {
  const out = new Float32Array(n * m.dim);
  for (let i = 0; i < n; i++) {
    let u = rng.next();
    let j = 0;
    while (j < m.weights.length - 1 && (u -= m.weights[j]!) > 0) j++;
    for (let t = 0; t < m.dim; t++)
      out[i * m.dim + t] = m.means[j * m.dim + t]! + Math.sqrt(m.vars[j * m.dim + t]!) * rng.normal();
  }
  return out;
}
