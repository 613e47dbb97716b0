import { normalQuantile } from './normalQuantile';

/**
 * How tiles of the decoded manifold are spaced along each axis:
 * - 'quantile': equal prior probability per tile, z = Phi^-1((i + 0.5) / N) (Kingma & Welling, fig. 4),
 *   so the grid covers the prior's mass evenly and never reaches its empty far tails;
 * - 'linear': evenly spaced from -range to +range (both ends included), in prior standard deviations.
 */
export type GridSpacing = 'quantile' | 'linear';

export const MANIFOLD_MIN_N = 2;
export const MANIFOLD_MAX_N = 64;

function checkN(n: number): void {
  if (!Number.isInteger(n) || n < MANIFOLD_MIN_N || n > MANIFOLD_MAX_N) {
    throw new RangeError(
      `manifold grid size must be an integer in ${MANIFOLD_MIN_N}..${MANIFOLD_MAX_N}, got ${n}`,
    );
  }
}

/** The N coordinates along one axis, ascending. */
export function gridCoordinates(n: number, spacing: GridSpacing, range = 3): Float64Array {
  checkN(n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = spacing === 'quantile' ? normalQuantile((i + 0.5) / n) : -range + (2 * range * i) / (n - 1);
  }
  return out;
}

export interface ManifoldSpec {
  n: number;
  spacing: GridSpacing;
  /** Half-width of the linear range in prior sd (ignored for 'quantile'). */
  range?: number;
  /** Latent dimension varied left to right. */
  dimX: number;
  /** Latent dimension varied bottom to top. */
  dimY: number;
}

function checkDims(spec: ManifoldSpec, d: number): void {
  for (const k of [spec.dimX, spec.dimY]) {
    if (!Number.isInteger(k) || k < 0 || k >= d)
      throw new RangeError(`manifold dimension ${k} is not in 0..${d - 1}`);
  }
  if (spec.dimX === spec.dimY) throw new RangeError('the manifold needs two different dimensions');
}

/**
 * z of the tile in row `row` (0 = top) and column `col` (0 = left): a copy of `base` with
 * z[dimX] = coords[col] and z[dimY] = coords[N - 1 - row], so "up" is the positive dimY direction,
 * as on a plot.
 */
export function manifoldTileLatent(
  base: ArrayLike<number>,
  spec: ManifoldSpec,
  row: number,
  col: number,
): Float32Array {
  const coords = gridCoordinates(spec.n, spec.spacing, spec.range);
  checkDims(spec, base.length);
  const z = Float32Array.from(base);
  z[spec.dimX] = coords[col]!;
  z[spec.dimY] = coords[spec.n - 1 - row]!;
  return z;
}

/**
 * All N * N tile latents, row-major (row 0 is the top row), as one [N*N, d] batch ready to decode.
 * Dimensions other than dimX and dimY keep their values from `base` (the sliders).
 */
export function manifoldLatents(base: ArrayLike<number>, spec: ManifoldSpec): Float32Array {
  const { n, dimX, dimY } = spec;
  const d = base.length;
  checkDims(spec, d);
  const coords = gridCoordinates(n, spec.spacing, spec.range);
  const out = new Float32Array(n * n * d);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const o = (row * n + col) * d;
      for (let k = 0; k < d; k++) out[o + k] = base[k]!;
      out[o + dimX] = coords[col]!;
      out[o + dimY] = coords[n - 1 - row]!;
    }
  }
  return out;
}
