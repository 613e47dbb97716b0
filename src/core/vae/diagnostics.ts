import type { MixtureData } from './priors/prior';

/**
 * Posterior-collapse diagnostics (lecture 002), on plain arrays (the engine sends them to the page).
 * mu, logVar: n x d row-major posterior parameters of n examples.
 */

/** The IWAE paper's threshold: a unit is active when Cov_x(E_q[z_i | x]) > 0.01. */
export const ACTIVE_UNIT_THRESHOLD = 0.01;

/** Var over examples of mu_i (= E_q[z_i | x]) per dimension: the active-unit statistic A_i. */
export function posteriorMeanVariance(mu: ArrayLike<number>, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) {
      const v = mu[r * d + j]!;
      mean[j]! += v;
      sq[j]! += v * v;
    }
  }
  // Population variance, as Burda et al. compute it over the test set.
  return mean.map((m, j) => Math.max(0, sq[j]! / n - (m / n) ** 2));
}

/** Dimensions whose A_i exceeds the threshold. */
export function activeUnits(variance: ArrayLike<number>, threshold = ACTIVE_UNIT_THRESHOLD): number {
  let c = 0;
  for (let j = 0; j < variance.length; j++) if (variance[j]! > threshold) c++;
  return c;
}

/**
 * Mean over examples of KL(q(z_j|x) || N(m_j, exp(s_j))) per dimension, in closed form, for a
 * factorized Gaussian prior (K = 1 mixture): what the total KL splits into.
 */
export function klPerDimClosedForm(
  mu: ArrayLike<number>,
  logVar: ArrayLike<number>,
  n: number,
  d: number,
  prior: MixtureData,
): Float64Array {
  if (prior.k !== 1) throw new Error('closed-form KL per dimension needs a single Gaussian prior');
  const out = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) {
      const m = prior.means[j]!;
      const s = prior.logVars[j]!;
      const lv = logVar[r * d + j]!;
      const dm = mu[r * d + j]! - m;
      out[j]! += 0.5 * (s - lv + (Math.exp(lv) + dm * dm) / Math.exp(s) - 1);
    }
  }
  return out.map((v) => v / n);
}

/** log of a 1-D mixture's density along dimension j of the prior: sum_k w_k N(z; m_kj, exp(s_kj)). */
export function marginalLogDensity(prior: MixtureData, j: number, z: number): number {
  const d = prior.dim;
  let best = -Infinity;
  const terms: number[] = [];
  for (let k = 0; k < prior.k; k++) {
    const s = prior.logVars[k * d + j]!;
    const dz = z - prior.means[k * d + j]!;
    const t = Math.log(prior.weights[k]!) - 0.5 * (Math.log(2 * Math.PI) + s + (dz * dz) / Math.exp(s));
    terms.push(t);
    if (t > best) best = t;
  }
  if (best === -Infinity) return best;
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - best);
  return best + Math.log(sum);
}

/**
 * For a mixture prior, whose KL does not split by dimension: per dimension j the KL from q(z_j|x) to
 * the prior's marginal along j, by Monte Carlo with the fixed standard normals `eps` (S values). These
 * show which dimensions carry information but do not add up to the total KL.
 */
export function klPerDimMarginal(
  mu: ArrayLike<number>,
  logVar: ArrayLike<number>,
  n: number,
  d: number,
  prior: MixtureData,
  eps: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(d);
  const S = eps.length;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) {
      const m = mu[r * d + j]!;
      const lv = logVar[r * d + j]!;
      const sd = Math.exp(0.5 * lv);
      let acc = 0;
      for (let s = 0; s < S; s++) {
        const e = eps[s]!;
        const logQ = -0.5 * (Math.log(2 * Math.PI) + lv + e * e);
        acc += logQ - marginalLogDensity(prior, j, m + sd * e);
      }
      out[j]! += acc / S;
    }
  }
  return out.map((v) => v / n);
}

/** A density on a square grid of cells over [lo, hi]^2, row 0 at the top (largest y). */
export interface DensityGrid {
  size: number;
  lo: number;
  hi: number;
  /** size x size densities, row-major. */
  values: Float64Array;
}

function gridCentre(g: { size: number; lo: number; hi: number }, i: number): number {
  return g.lo + ((i + 0.5) / g.size) * (g.hi - g.lo);
}

/**
 * The aggregated posterior q(z) = (1/n) sum_x q(z|x) on dimensions (a, b): a mixture of n diagonal
 * Gaussians (each example's posterior, marginalised to the pair), evaluated at each cell's centre.
 */
export function aggregatePosteriorGrid(
  mu: ArrayLike<number>,
  logVar: ArrayLike<number>,
  n: number,
  d: number,
  pair: [number, number],
  grid: { size: number; lo: number; hi: number },
): DensityGrid {
  const [a, b] = pair;
  const values = new Float64Array(grid.size * grid.size);
  const xs = Array.from({ length: grid.size }, (_, i) => gridCentre(grid, i));
  for (let r = 0; r < n; r++) {
    const ma = mu[r * d + a]!;
    const mb = mu[r * d + b]!;
    const va = Math.exp(logVar[r * d + a]!);
    const vb = Math.exp(logVar[r * d + b]!);
    const norm = 1 / (2 * Math.PI * Math.sqrt(va * vb) * n);
    const ga = xs.map((x) => Math.exp((-0.5 * (x - ma) ** 2) / va));
    const gb = xs.map((y) => Math.exp((-0.5 * (y - mb) ** 2) / vb));
    for (let row = 0; row < grid.size; row++) {
      const gy = gb[grid.size - 1 - row]!;
      if (gy < 1e-12) continue;
      for (let col = 0; col < grid.size; col++) values[row * grid.size + col]! += norm * ga[col]! * gy;
    }
  }
  return { ...grid, values };
}

/** The prior's marginal density on dimensions (a, b), at each cell's centre. */
export function priorGrid(
  prior: MixtureData,
  pair: [number, number],
  grid: { size: number; lo: number; hi: number },
): DensityGrid {
  const [a, b] = pair;
  const d = prior.dim;
  const values = new Float64Array(grid.size * grid.size);
  for (let row = 0; row < grid.size; row++) {
    const y = gridCentre(grid, grid.size - 1 - row);
    for (let col = 0; col < grid.size; col++) {
      const x = gridCentre(grid, col);
      let p = 0;
      for (let k = 0; k < prior.k; k++) {
        const va = Math.exp(prior.logVars[k * d + a]!);
        const vb = Math.exp(prior.logVars[k * d + b]!);
        const dx = x - prior.means[k * d + a]!;
        const dy = y - prior.means[k * d + b]!;
        p +=
          (prior.weights[k]! / (2 * Math.PI * Math.sqrt(va * vb))) *
          Math.exp(-0.5 * ((dx * dx) / va + (dy * dy) / vb));
      }
      values[row * grid.size + col] = p;
    }
  }
  return { ...grid, values };
}

/** Cells of the prior's highest-density region holding `mass` of its mass on the grid. */
export function highDensityRegion(prior: DensityGrid, mass: number): Uint8Array {
  const order = Array.from(prior.values.keys()).sort((i, j) => prior.values[j]! - prior.values[i]!);
  const total = prior.values.reduce((s, v) => s + v, 0);
  const inside = new Uint8Array(prior.values.length);
  let acc = 0;
  for (const i of order) {
    if (acc >= mass * total) break;
    inside[i] = 1;
    acc += prior.values[i]!;
  }
  return inside;
}

/** How a hole is defined (the panel says the same). */
export const HOLE_PRIOR_MASS = 0.9;
export const HOLE_RATIO = 0.2;

/**
 * Holes: cells inside the region holding 90% of the prior's mass where the aggregated posterior's
 * density is under a fifth of the prior's. Prior samples land there, but no training digit encodes
 * there, so the decoder has never been taught what to draw (lecture 002). Returns cell indices, worst
 * (smallest q/p) first.
 */
export function findHoles(q: DensityGrid, p: DensityGrid): number[] {
  const inside = highDensityRegion(p, HOLE_PRIOR_MASS);
  const holes: number[] = [];
  for (let i = 0; i < p.values.length; i++) {
    if (inside[i] && q.values[i]! < HOLE_RATIO * p.values[i]!) holes.push(i);
  }
  return holes.sort((i, j) => q.values[i]! / p.values[i]! - q.values[j]! / p.values[j]!);
}

/** The latent coordinates (x, y) of a cell's centre. */
export function cellCentre(g: { size: number; lo: number; hi: number }, cell: number): [number, number] {
  const row = Math.floor(cell / g.size);
  const col = cell % g.size;
  return [gridCentre(g, col), gridCentre(g, g.size - 1 - row)];
}

/**
 * Draw from a mixture of diagonal Gaussians with given noise: u in [0, 1) picks the component (inverse
 * CDF of the weights), eps (d standard normals) places the point. Fixed noise -> the same draw while the
 * prior's parameters move.
 */
export function sampleMixture(
  prior: MixtureData,
  u: number,
  eps: ArrayLike<number>,
  out: Float32Array,
  at = 0,
): void {
  const d = prior.dim;
  let k = 0;
  let c = prior.weights[0]!;
  while (k < prior.k - 1 && u >= c) c += prior.weights[++k]!;
  for (let j = 0; j < d; j++) {
    out[at + j] = prior.means[k * d + j]! + Math.exp(0.5 * prior.logVars[k * d + j]!) * eps[j]!;
  }
}
