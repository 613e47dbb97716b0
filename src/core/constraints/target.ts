import type { Dataset2d, Mixture } from '../gan/datasets';
import { gaussianCellMass, gridCentres2d, type Grid2d } from '../gan/density';
import { Rng } from '../rng';
import { tilt, type Constraint } from './shapes';

/**
 * The constrained target of eq. 21 on a grid: pi(cell) ∝ p(cell) · tilt(cell centre), normalised to sum
 * to 1 over the grid. p(cell) is the data's probability mass per cell: exact (normal CDF) for Gaussian
 * mixtures (ring, grid, one Gaussian); for spiral and moons, a Gaussian KDE of `kdeSamples` real points with
 * a one-cell bandwidth (an approximation, said wherever it is shown).
 */
export interface ConstrainedTarget {
  grid: Grid2d;
  /** pi per cell, storage order of density.ts (row 0 = lowest y); sums to 1. */
  mass: Float64Array;
  /** Share of p's mass (on the grid) that the tilt keeps: the acceptance rate of exact rejection from p. */
  keptMass: number;
  /** True when p per cell is exact (a Gaussian mixture), false for a KDE estimate. */
  exact: boolean;
}

export const KDE_SAMPLES = 20_000;

export function baseCellMass(ds: Dataset2d, grid: Grid2d, seed = 7): { mass: Float64Array; exact: boolean } {
  if (ds.mixture) return { mass: gaussianCellMass(ds.mixture.centres, ds.mixture.sigma, grid), exact: true };
  const h = (grid.extent.max - grid.extent.min) / grid.size;
  return { mass: gaussianCellMass(ds.sample(KDE_SAMPLES, new Rng(seed)), h, grid), exact: false };
}

/** Multiply cell masses by the constraint's tilt at the cell centres and normalise. */
export function constrainMass(
  base: ArrayLike<number>,
  grid: Grid2d,
  c: Constraint,
): { mass: Float64Array; kept: number } {
  const centres = gridCentres2d(grid);
  const out = new Float64Array(base.length);
  let total = 0;
  let before = 0;
  for (let i = 0; i < out.length; i++) {
    before += base[i]!;
    out[i] = base[i]! * tilt(c, centres[2 * i]!, centres[2 * i + 1]!);
    total += out[i]!;
  }
  if (total > 0) for (let i = 0; i < out.length; i++) out[i]! /= total;
  return { mass: out, kept: before > 0 ? total / before : 0 };
}

export function constrainedTarget(ds: Dataset2d, c: Constraint, size = 120): ConstrainedTarget {
  const grid: Grid2d = { extent: ds.extent, size };
  const base = baseCellMass(ds, grid);
  const { mass, kept } = constrainMass(base.mass, grid, c);
  return { grid, mass, keptMass: kept, exact: base.exact };
}

/**
 * Share of pi's mass that belongs to each mixture component: w_m ∝ ∫ N(x; c_m, sigma^2) tilt(x) dx, on the
 * grid. A mode of the target is a component with at least `minShare` of it.
 */
export function modeShares(mixture: Mixture, grid: Grid2d, c: Constraint): Float64Array {
  const k = mixture.centres.length / 2;
  const w = new Float64Array(k);
  const centres = gridCentres2d(grid);
  let total = 0;
  for (let m = 0; m < k; m++) {
    const cm = gaussianCellMass([mixture.centres[2 * m]!, mixture.centres[2 * m + 1]!], mixture.sigma, grid);
    let s = 0;
    for (let i = 0; i < cm.length; i++)
      if (cm[i]! > 0) s += cm[i]! * tilt(c, centres[2 * i]!, centres[2 * i + 1]!);
    w[m] = s;
    total += s;
  }
  if (total > 0) for (let m = 0; m < k; m++) w[m]! /= total;
  return w;
}

/** n points drawn from the grid target: a cell by its mass, then uniformly inside the cell. */
export function sampleTarget(t: ConstrainedTarget, n: number, rng: Rng): Float32Array {
  const cdf = new Float64Array(t.mass.length);
  let acc = 0;
  for (let i = 0; i < cdf.length; i++) cdf[i] = acc += t.mass[i]!;
  const w = (t.grid.extent.max - t.grid.extent.min) / t.grid.size;
  const out = new Float32Array(2 * n);
  for (let j = 0; j < n; j++) {
    const u = rng.next() * acc;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    out[2 * j] = t.grid.extent.min + (Math.floor(lo % t.grid.size) + rng.next()) * w;
    out[2 * j + 1] = t.grid.extent.min + (Math.floor(lo / t.grid.size) + rng.next()) * w;
  }
  return out;
}
