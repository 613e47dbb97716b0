import type { Extent, Mixture } from './datasets';

/**
 * Densities on a grid of cells, for the optimum of each objective (optimum.ts).
 * Cell (ix, iy) covers [min + ix w, min + (ix + 1) w] x [min + iy w, ...], stored at iy * size + ix
 * (row 0 is the lowest y; views flip it). Densities are given as probability mass per cell, computed
 * exactly for Gaussians with the normal CDF, so narrow modes (sigma 0.02) are not missed between grid
 * points.
 */
export interface Grid2d {
  extent: Extent;
  size: number;
}

/** Cell centres, interleaved x, y, in storage order: what to feed a network to draw its heatmap. */
export function gridCentres2d(g: Grid2d): Float32Array {
  const w = (g.extent.max - g.extent.min) / g.size;
  const out = new Float32Array(2 * g.size * g.size);
  for (let iy = 0; iy < g.size; iy++) {
    for (let ix = 0; ix < g.size; ix++) {
      out[2 * (iy * g.size + ix)] = g.extent.min + (ix + 0.5) * w;
      out[2 * (iy * g.size + ix) + 1] = g.extent.min + (iy + 0.5) * w;
    }
  }
  return out;
}

/** erf by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7). */
export function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}

export function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

/**
 * Probability mass per cell of an equal-weight mixture of isotropic Gaussians N(centre_i, sd^2 I).
 * With data points as centres this is a Gaussian KDE with bandwidth sd. Sums to 1 minus the mass
 * that falls outside the grid.
 */
export function gaussianCellMass(centres: ArrayLike<number>, sd: number, g: Grid2d): Float64Array {
  const { size } = g;
  const w = (g.extent.max - g.extent.min) / size;
  const out = new Float64Array(size * size);
  const n = Math.floor(centres.length / 2);
  if (n === 0) return out;
  const mx = new Float64Array(size);
  const my = new Float64Array(size);
  const reach = Math.ceil((6 * sd) / w) + 1;
  for (let i = 0; i < n; i++) {
    const cx = centres[2 * i]!;
    const cy = centres[2 * i + 1]!;
    const x0 = Math.max(0, Math.floor((cx - g.extent.min) / w) - reach);
    const x1 = Math.min(size - 1, Math.floor((cx - g.extent.min) / w) + reach);
    const y0 = Math.max(0, Math.floor((cy - g.extent.min) / w) - reach);
    const y1 = Math.min(size - 1, Math.floor((cy - g.extent.min) / w) + reach);
    if (x0 > x1 || y0 > y1) continue;
    axisMass(cx, sd, g.extent.min, w, x0, x1, mx);
    axisMass(cy, sd, g.extent.min, w, y0, y1, my);
    for (let iy = y0; iy <= y1; iy++) {
      const a = my[iy]! / n;
      if (a === 0) continue;
      for (let ix = x0; ix <= x1; ix++) out[iy * size + ix]! += a * mx[ix]!;
    }
  }
  return out;
}

function axisMass(
  c: number,
  sd: number,
  min: number,
  w: number,
  i0: number,
  i1: number,
  out: Float64Array,
): void {
  let prev = normalCdf((min + i0 * w - c) / sd);
  for (let i = i0; i <= i1; i++) {
    const next = normalCdf((min + (i + 1) * w - c) / sd);
    out[i] = next - prev;
    prev = next;
  }
}

/** Default KDE bandwidth for a grid: one cell width. */
export function defaultBandwidth(g: Grid2d): number {
  return (g.extent.max - g.extent.min) / g.size;
}

/**
 * p_data per cell. A known mixture is smoothed by the same kernel as the generator's KDE (its sd becomes
 * sqrt(sigma^2 + h^2)), so that D* compares like with like; other data use a KDE of real samples.
 */
export function dataCellMass(
  mixture: Mixture | null,
  realSamples: ArrayLike<number>,
  h: number,
  g: Grid2d,
): Float64Array {
  if (mixture) return gaussianCellMass(mixture.centres, Math.hypot(mixture.sigma, h), g);
  return gaussianCellMass(realSamples, h, g);
}
