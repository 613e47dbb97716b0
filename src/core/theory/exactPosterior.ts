import { cellArea, evalOnPoints, gridPoints, logSumExpArray, type Grid, type LogDensityFn } from './grid';

/**
 * The ELBO gap, exactly (lectures 000 eq. 13 and 003; issue 10 item 1), for a 2-D latent:
 *   log p(x) = log ∫ p(x|z) p(z) dz                    (quadrature, log-sum-exp over the grid)
 *   ELBO     = E_q[log p(x, z)] + H(q)                  (E_q on a grid around q, H(q) in closed form)
 *   KL(q(z|x) || p(z|x)) = E_q[log q(z|x) - log p(x, z)] + log p(x)   (on the same q grid)
 * and log p(x) = ELBO + KL holds up to quadrature error (the page shows the residual).
 *
 * Grids: a coarse n_c x n_c grid over [-R, R]^2 (R = 6: the standard normal prior puts 4e-9 of its mass
 * outside) finds where the posterior lives; a fine n x n grid covers the box where the coarse log
 * posterior is within 30 nats of its peak, widened to hold q's mu +- 5 sigma and padded by a coarse
 * cell. log p(x) sums the fine grid and the coarse cells outside the fine box, and reports the
 * posterior mass of those outside cells and of the coarse grid's border ring (both should be tiny: the
 * check that the range covers the posterior).
 */
export interface ExactOptions {
  /** Fine grid cells per axis (200 -> 40,000 decoder evaluations). */
  n?: number;
  coarseN?: number;
  range?: number;
  /** Cells per axis of the grid around q (for E_q). */
  qN?: number;
  /** Rows per decoder chunk. */
  chunk?: number;
  pause?: (busyMs: number) => Promise<void>;
}

export interface ExactResult {
  logPx: number;
  elbo: number;
  /** KL(q || p(z|x)) on the q grid. */
  kl: number;
  /** The fine grid and the posterior log density on it, log p(z|x), [n * n] (k = j * n + i). */
  fine: Grid;
  logPost: Float32Array;
  coarse: Grid;
  /** Posterior mass of the coarse cells outside the fine box, and of the coarse grid's outer ring. */
  massOutsideFine: number;
  edgeMass: number;
  /** log p(x) from the coarse grid alone (a convergence check). */
  logPxCoarse: number;
  /** Sum of q's density times cell area over the q grid (1 up to quadrature error). */
  qMass: number;
  evaluations: number;
}

/** Entropy of N(mu, diag exp(logVar)) in nats. */
export function gaussianEntropy(logVar: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < logVar.length; i++) h += 0.5 * (1 + Math.log(2 * Math.PI) + logVar[i]!);
  return h;
}

function diagLogDensity(z0: number, z1: number, mu: ArrayLike<number>, logVar: ArrayLike<number>): number {
  const a = (z0 - mu[0]!) ** 2 / Math.exp(logVar[0]!);
  const b = (z1 - mu[1]!) ** 2 / Math.exp(logVar[1]!);
  return -Math.log(2 * Math.PI) - 0.5 * (logVar[0]! + logVar[1]! + a + b);
}

/**
 * `logJoint(z)` = log p(x|z) + log p(z) for the one digit x; q = N(mu, diag exp(logVar)), 2-D.
 */
export async function exactPosterior(
  logJoint: LogDensityFn,
  mu: ArrayLike<number>,
  logVar: ArrayLike<number>,
  opts: ExactOptions = {},
): Promise<ExactResult> {
  const n = opts.n ?? 200;
  const nc = opts.coarseN ?? 100;
  const R = opts.range ?? 6;
  const qN = opts.qN ?? 100;
  const chunk = opts.chunk ?? 2000;
  const sd = [Math.exp(0.5 * logVar[0]!), Math.exp(0.5 * logVar[1]!)];

  // 1. Coarse grid over the prior's range.
  const coarse: Grid = { x0: -R, x1: R, y0: -R, y1: R, n: nc };
  const cPts = gridPoints(coarse);
  const lc = await evalOnPoints(logJoint, cPts, chunk, opts.pause);
  const logAc = Math.log(cellArea(coarse));
  const logPxCoarse = logSumExpArray(lc) + logAc;

  // 2. The fine box: where the coarse log posterior is within 30 nats of its peak, and q's mu +- 5 sd.
  let peak = -Infinity;
  for (const v of lc) if (v > peak) peak = v;
  let bx0 = mu[0]! - 5 * sd[0]!;
  let bx1 = mu[0]! + 5 * sd[0]!;
  let by0 = mu[1]! - 5 * sd[1]!;
  let by1 = mu[1]! + 5 * sd[1]!;
  for (let k = 0; k < lc.length; k++) {
    if (lc[k]! < peak - 30) continue;
    const x = cPts[2 * k]!;
    const y = cPts[2 * k + 1]!;
    bx0 = Math.min(bx0, x);
    bx1 = Math.max(bx1, x);
    by0 = Math.min(by0, y);
    by1 = Math.max(by1, y);
  }
  const hc = (2 * R) / nc;
  const fine: Grid = {
    x0: Math.max(-R, bx0 - hc),
    x1: Math.min(R, bx1 + hc),
    y0: Math.max(-R, by0 - hc),
    y1: Math.min(R, by1 + hc),
    n,
  };
  const lf = await evalOnPoints(logJoint, gridPoints(fine), chunk, opts.pause);
  const logAf = Math.log(cellArea(fine));

  // 3. log p(x): the fine grid plus the coarse cells whose centres lie outside the fine box.
  const outside: number[] = [];
  const edge: number[] = [];
  for (let k = 0; k < lc.length; k++) {
    const x = cPts[2 * k]!;
    const y = cPts[2 * k + 1]!;
    if (x < fine.x0 || x > fine.x1 || y < fine.y0 || y > fine.y1) outside.push(lc[k]! + logAc);
    const i = k % nc;
    const j = Math.floor(k / nc);
    if (i === 0 || j === 0 || i === nc - 1 || j === nc - 1) edge.push(lc[k]! + logAc);
  }
  const fineTerms = Array.from(lf, (v) => v + logAf);
  const logPx = logSumExpArray([...fineTerms, ...outside]);
  const logPost = Float32Array.from(lf, (v) => v - logPx);

  // 4. E_q on a grid over q's mu +- 6 sd.
  const qg: Grid = {
    x0: mu[0]! - 6 * sd[0]!,
    x1: mu[0]! + 6 * sd[0]!,
    y0: mu[1]! - 6 * sd[1]!,
    y1: mu[1]! + 6 * sd[1]!,
    n: qN,
  };
  const qPts = gridPoints(qg);
  const lq = await evalOnPoints(logJoint, qPts, chunk, opts.pause);
  const aq = cellArea(qg);
  let mass = 0;
  let eJoint = 0;
  let eLogQ = 0;
  for (let k = 0; k < lq.length; k++) {
    const lqk = diagLogDensity(qPts[2 * k]!, qPts[2 * k + 1]!, mu, logVar);
    const w = Math.exp(lqk) * aq;
    mass += w;
    eJoint += w * lq[k]!;
    eLogQ += w * lqk;
  }
  eJoint /= mass;
  eLogQ /= mass;
  const elbo = eJoint + gaussianEntropy(logVar);
  const kl = eLogQ - eJoint + logPx;
  return {
    logPx,
    elbo,
    kl,
    fine,
    logPost,
    coarse,
    massOutsideFine: Math.exp(logSumExpArray(outside) - logPx),
    edgeMass: Math.exp(logSumExpArray(edge) - logPx),
    logPxCoarse,
    qMass: mass,
    evaluations: lc.length + lf.length + lq.length,
  };
}
