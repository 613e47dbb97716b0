import * as tf from '@tensorflow/tfjs';

/**
 * The amortization gap (lecture 003; issue 10 item 6): the encoder gives q(z|x) in one pass; refining
 * that one digit's mu and log-variance by gradient ascent on its own ELBO (decoder fixed) gives a better
 * bound, and the difference is the gap the shared encoder leaves. For a 2-D latent the ELBO is computed
 * deterministically with Gauss-Hermite quadrature,
 *   ELBO(mu, logVar) = sum_ab w_a w_b log p(x, mu + sigma * (t_a, t_b)) + H(q),
 * so the ascent (with a backtracking step: a step that does not raise the ELBO is refused and the step
 * halved) never lowers it.
 */

/** Probabilists' Gauss-Hermite rule: sum_a w_a g(t_a) = E_{t ~ N(0,1)}[g(t)], exact for degree < 2m. */
export function gaussHermite(m: number): { nodes: Float64Array; weights: Float64Array } {
  // Physicists' nodes x (weight e^{-x^2}) by Newton's method on H_m (Numerical Recipes' gauher), then
  // t = sqrt(2) x and w / sqrt(pi).
  const x = new Float64Array(m);
  const w = new Float64Array(m);
  const pim4 = Math.pow(Math.PI, -0.25);
  let z = 0;
  for (let i = 0; i < Math.floor((m + 1) / 2); i++) {
    if (i === 0) z = Math.sqrt(2 * m + 1) - 1.85575 * Math.pow(2 * m + 1, -0.16667);
    else if (i === 1) z -= (1.14 * Math.pow(m, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]!;
    else z = 2 * z - x[i - 2]!;
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = pim4;
      let p2 = 0;
      for (let j = 1; j <= m; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * m) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-14) break;
    }
    x[i] = z;
    x[m - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[m - 1 - i] = w[i]!;
  }
  const nodes = Float64Array.from(x, (v) => v * Math.SQRT2);
  const weights = Float64Array.from(w, (v) => v / Math.sqrt(Math.PI));
  return { nodes, weights };
}

/** The 2-D product rule: nodes [m * m, 2] and weights [m * m]. */
export function gaussHermite2d(m: number): { nodes: Float32Array; weights: Float32Array } {
  const { nodes, weights } = gaussHermite(m);
  const n = new Float32Array(m * m * 2);
  const w = new Float32Array(m * m);
  for (let a = 0; a < m; a++)
    for (let b = 0; b < m; b++) {
      const k = a * m + b;
      n[2 * k] = nodes[a]!;
      n[2 * k + 1] = nodes[b]!;
      w[k] = weights[a]! * weights[b]!;
    }
  return { nodes: n, weights: w };
}

/**
 * ELBO of q = N(mu, diag exp(logVar)) (mu, logVar: [2]) for log p(x, z) = logJoint(z) ([rows, 2] ->
 * [rows]), by the 2-D Gauss-Hermite rule (nodes [m*m, 2], weights [m*m] as tensors). Differentiable in
 * mu and logVar. Call inside a tidy.
 */
export function quadratureElbo(
  logJoint: (z: tf.Tensor2D) => tf.Tensor1D,
  mu: tf.Tensor1D,
  logVar: tf.Tensor1D,
  nodes: tf.Tensor2D,
  weights: tf.Tensor1D,
): tf.Scalar {
  const z = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), nodes)) as tf.Tensor2D;
  const e = tf.sum(tf.mul(weights, logJoint(z)));
  const h = tf.add(tf.mul(0.5, tf.sum(logVar)), logVar.shape[0] * 0.5 * (1 + Math.log(2 * Math.PI)));
  return tf.add(e, h) as tf.Scalar;
}

export interface RefineResult {
  mu: Float32Array;
  logVar: Float32Array;
  /** The ELBO at the start (the encoder's q) and after each accepted or refused step. */
  elbos: number[];
  start: number;
  final: number;
}

/**
 * Gradient ascent on one digit's quadrature ELBO over (mu, logVar), from the encoder's output, `steps`
 * steps with backtracking (never lowers the ELBO). m: Gauss-Hermite nodes per axis.
 */
export async function refineQ(
  logJoint: (z: tf.Tensor2D) => tf.Tensor1D,
  mu0: ArrayLike<number>,
  logVar0: ArrayLike<number>,
  opts: { steps?: number; m?: number; lr?: number; pause?: () => Promise<void> } = {},
): Promise<RefineResult> {
  const steps = opts.steps ?? 50;
  const gh = gaussHermite2d(opts.m ?? 12);
  const nodes = tf.tensor2d(gh.nodes, [gh.weights.length, 2]);
  const weights = tf.tensor1d(gh.weights);
  let mu = Float32Array.from(mu0);
  let logVar = Float32Array.from(logVar0);
  const f = (m: tf.Tensor1D, l: tf.Tensor1D) => quadratureElbo(logJoint, m, l, nodes, weights);
  const valueAndGrad = tf.valueAndGrads(f as (...a: tf.Tensor[]) => tf.Scalar);
  const evalAt = async (m: Float32Array, l: Float32Array) => {
    const t = tf.tidy(() => f(tf.tensor1d(m), tf.tensor1d(l)));
    const v = (await t.data())[0]!;
    t.dispose();
    return v;
  };
  try {
    let cur = await evalAt(mu, logVar);
    const start = cur;
    const elbos = [cur];
    let lr = opts.lr ?? 0.05;
    for (let s = 0; s < steps; s++) {
      const g = tf.tidy(() => {
        const { grads } = valueAndGrad([tf.tensor1d(mu), tf.tensor1d(logVar)]);
        return tf.concat(grads);
      });
      const gv = await g.data();
      g.dispose();
      // Normalised step: lr in latent units, whatever the gradient's scale.
      let norm = 0;
      for (const v of gv) norm += v * v;
      norm = Math.sqrt(norm) || 1;
      const nm = Float32Array.from(mu, (v, i) => v + (lr * gv[i]!) / norm);
      const nl = Float32Array.from(logVar, (v, i) => v + (lr * gv[i + mu.length]!) / norm);
      const next = await evalAt(nm, nl);
      if (Number.isFinite(next) && next > cur) {
        mu = nm;
        logVar = nl;
        cur = next;
        lr *= 1.3;
      } else lr *= 0.5;
      elbos.push(cur);
      if (opts.pause) await opts.pause();
    }
    return { mu, logVar, elbos, start, final: cur };
  } finally {
    nodes.dispose();
    weights.dispose();
  }
}
