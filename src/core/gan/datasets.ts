import { Rng } from '../rng';

/** A 2-D point set as interleaved x, y pairs. */
export type Points = Float32Array;

/** A square viewing window [min, max] on both axes. */
export interface Extent {
  min: number;
  max: number;
}

/** An isotropic Gaussian mixture with equal weights: the datasets whose modes we can count. */
export interface Mixture {
  /** Mode centres, interleaved x, y. */
  centres: Float64Array;
  sigma: number;
}

export const DATASETS = ['ring', 'grid', 'spiral', 'moons', 'gaussian', 'points'] as const;
export type DatasetName = (typeof DATASETS)[number];

/** A 2-D toy distribution we can sample from; mixtures also expose their modes (for metrics and D*). */
export interface Dataset2d {
  name: DatasetName;
  extent: Extent;
  /** Set for Gaussian mixtures (ring, grid, single Gaussian); null for spiral, moons and user points. */
  mixture: Mixture | null;
  /** n fresh samples, drawn with `rng`. */
  sample(n: number, rng: Rng): Points;
}

/** Ring of `k` Gaussians: centres at angle 2*pi*i/k, i = 0..k-1 (not linspace(0, 2*pi, k), which repeats one). */
export function ringCentres(k = 8, radius = 2): Float64Array {
  const c = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    const a = (2 * Math.PI * i) / k;
    c[2 * i] = radius * Math.cos(a);
    c[2 * i + 1] = radius * Math.sin(a);
  }
  return c;
}

/** n x n grid of centres, `spacing` apart, centred at the origin. */
export function gridCentres(n = 5, spacing = 2): Float64Array {
  const c = new Float64Array(2 * n * n);
  const off = ((n - 1) * spacing) / 2;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      c[2 * (i * n + j)] = i * spacing - off;
      c[2 * (i * n + j) + 1] = j * spacing - off;
    }
  }
  return c;
}

function mixtureDataset(name: DatasetName, mixture: Mixture, extent: Extent): Dataset2d {
  const k = mixture.centres.length / 2;
  return {
    name,
    extent,
    mixture,
    sample(n, rng) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const m = Math.floor(rng.next() * k);
        out[2 * i] = mixture.centres[2 * m]! + mixture.sigma * rng.normal();
        out[2 * i + 1] = mixture.centres[2 * m + 1]! + mixture.sigma * rng.normal();
      }
      return out;
    },
  };
}

/** The WGAN-GP toy ring: 8 modes, radius 2, sigma 0.02. */
export function ring(): Dataset2d {
  return mixtureDataset('ring', { centres: ringCentres(8, 2), sigma: 0.02 }, { min: -3, max: 3 });
}

/** 25 modes on a 5 x 5 grid, spacing 2, sigma 0.05. */
export function grid(): Dataset2d {
  return mixtureDataset('grid', { centres: gridCentres(5, 2), sigma: 0.05 }, { min: -5.5, max: 5.5 });
}

/** One Gaussian at the origin, sigma 0.5: a GAN should have no trouble here. */
export function gaussian(): Dataset2d {
  return mixtureDataset('gaussian', { centres: new Float64Array([0, 0]), sigma: 0.5 }, { min: -3, max: 3 });
}

/** Swiss roll in 2-D: t in [1.5 pi, 4.5 pi], (t cos t, t sin t) / 5, plus noise 0.05. */
export function spiral(): Dataset2d {
  return {
    name: 'spiral',
    extent: { min: -3, max: 3 },
    mixture: null,
    sample(n, rng) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const t = 1.5 * Math.PI * (1 + 2 * rng.next());
        out[2 * i] = (t * Math.cos(t)) / 5 + 0.05 * rng.normal();
        out[2 * i + 1] = (t * Math.sin(t)) / 5 + 0.05 * rng.normal();
      }
      return out;
    },
  };
}

/** Two interleaved half circles (as scikit-learn's make_moons), scaled by 1.5 and centred, noise 0.05. */
export function moons(): Dataset2d {
  return {
    name: 'moons',
    extent: { min: -3, max: 3 },
    mixture: null,
    sample(n, rng) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const a = Math.PI * rng.next();
        const upper = rng.next() < 0.5;
        const x = upper ? Math.cos(a) : 1 - Math.cos(a);
        const y = upper ? Math.sin(a) : 0.5 - Math.sin(a);
        out[2 * i] = 1.5 * (x - 0.5) + 0.05 * rng.normal();
        out[2 * i + 1] = 1.5 * (y - 0.25) + 0.05 * rng.normal();
      }
      return out;
    },
  };
}

/** A user's points (drawn or from CSV): pick one uniformly and add Gaussian jitter. */
export function pointsDataset(points: ArrayLike<number>, jitter: number): Dataset2d {
  const n = Math.floor(points.length / 2);
  if (n < 1) throw new Error('a point dataset needs at least one point');
  const p = Float32Array.from(points);
  return {
    name: 'points',
    extent: pointsExtent(p, jitter),
    mixture: null,
    sample(m, rng) {
      const out = new Float32Array(2 * m);
      for (let i = 0; i < m; i++) {
        const j = Math.floor(rng.next() * n);
        out[2 * i] = p[2 * j]! + jitter * rng.normal();
        out[2 * i + 1] = p[2 * j + 1]! + jitter * rng.normal();
      }
      return out;
    },
  };
}

/** A square window holding every point and its jitter on both axes, with a 15% margin (at least 2 wide). */
export function pointsExtent(p: ArrayLike<number>, jitter = 0): Extent {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < p.length; i++) {
    lo = Math.min(lo, p[i]!);
    hi = Math.max(hi, p[i]!);
  }
  const mid = (lo + hi) / 2;
  const half = Math.max(1, 0.5 * (hi - lo) * 1.15 + 3 * jitter);
  return { min: mid - half, max: mid + half };
}

/** Build a dataset by name; `points` (interleaved x, y) and `jitter` are used by 'points' only. */
export function makeDataset(name: DatasetName, points: ArrayLike<number> = [], jitter = 0.02): Dataset2d {
  switch (name) {
    case 'ring':
      return ring();
    case 'grid':
      return grid();
    case 'gaussian':
      return gaussian();
    case 'spiral':
      return spiral();
    case 'moons':
      return moons();
    case 'points':
      return pointsDataset(points, jitter);
  }
}
