import type { Extent, Mixture } from './datasets';

/** Number of generated samples the mode metrics use (VEEGAN / PacGAN protocol). */
export const METRIC_SAMPLES = 2500;

export interface ModeCoverage {
  /** Modes nearest to at least one high-quality sample. */
  captured: number;
  total: number;
  /** Fraction of samples within 3 sigma of their nearest mode centre. */
  hqFraction: number;
  /** KL(histogram of high-quality samples over modes || uniform), in nats; null when there are none. */
  klUniform: number | null;
  /** High-quality samples per mode. */
  counts: Uint32Array;
}

/**
 * Mode coverage by the VEEGAN / PacGAN rule: a sample is high quality when it lies within 3 sigma of
 * its nearest mode centre; a mode is captured when it is the nearest mode of at least one
 * high-quality sample.
 */
export function modeCoverage(samples: ArrayLike<number>, mixture: Mixture): ModeCoverage {
  const k = mixture.centres.length / 2;
  const c = mixture.centres;
  const counts = new Uint32Array(k);
  const n = Math.floor(samples.length / 2);
  const r2 = (3 * mixture.sigma) ** 2;
  let hq = 0;
  for (let i = 0; i < n; i++) {
    const x = samples[2 * i]!;
    const y = samples[2 * i + 1]!;
    let best = 0;
    let bestD = Infinity;
    for (let m = 0; m < k; m++) {
      const d = (x - c[2 * m]!) ** 2 + (y - c[2 * m + 1]!) ** 2;
      if (d < bestD) {
        bestD = d;
        best = m;
      }
    }
    if (bestD <= r2) {
      hq++;
      counts[best]!++;
    }
  }
  let captured = 0;
  for (let m = 0; m < k; m++) if (counts[m]! > 0) captured++;
  return { captured, total: k, hqFraction: n ? hq / n : 0, klUniform: klToUniform(counts), counts };
}

/**
 * KL(p || uniform) of a histogram, in nats: sum p log(p K). Null for an empty histogram: with no
 * high-quality sample there is no distribution over modes to compare (not log K).
 */
export function klToUniform(counts: ArrayLike<number>): number | null {
  const k = counts.length;
  let total = 0;
  for (let m = 0; m < k; m++) total += counts[m]!;
  if (total === 0) return null;
  let kl = 0;
  for (let m = 0; m < k; m++) {
    const p = counts[m]! / total;
    if (p > 0) kl += p * Math.log(p * k);
  }
  return Math.max(0, kl);
}

/**
 * Normalised 2-D histogram on a bins x bins grid over the extent, plus one last cell for everything
 * outside it (so samples that fly off the window still count as a mismatch).
 */
export function histogram2d(points: ArrayLike<number>, extent: Extent, bins: number): Float64Array {
  const h = new Float64Array(bins * bins + 1);
  const scale = bins / (extent.max - extent.min);
  const n = Math.floor(points.length / 2);
  for (let i = 0; i < n; i++) {
    const ix = Math.floor((points[2 * i]! - extent.min) * scale);
    const iy = Math.floor((points[2 * i + 1]! - extent.min) * scale);
    const inside = ix >= 0 && iy >= 0 && ix < bins && iy < bins;
    h[inside ? iy * bins + ix : bins * bins]!++;
  }
  if (n > 0) for (let i = 0; i < h.length; i++) h[i]! /= n;
  return h;
}

/** Jensen-Shannon divergence of two discrete distributions, in nats (0 .. log 2). */
export function jsDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = q[i]!;
    const m = (a + b) / 2;
    if (a > 0) js += 0.5 * a * Math.log(a / m);
    if (b > 0) js += 0.5 * b * Math.log(b / m);
  }
  return Math.max(0, js);
}

/** JS divergence between the histograms of real and generated points on a bins x bins grid. */
export function gridJs(real: ArrayLike<number>, fake: ArrayLike<number>, extent: Extent, bins = 50): number {
  return jsDivergence(histogram2d(real, extent, bins), histogram2d(fake, extent, bins));
}
