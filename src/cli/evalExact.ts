import * as tf from '@tensorflow/tfjs';
import { exactPosterior } from '../core/theory/exactPosterior';
import { estimateLogPx, meanWithError } from '../core/vae/logPx';
import { oneHotLabels, type Vae } from '../core/vae/vae';
import { gatherBatch } from '../data/batches';
import type { MnistSplit } from '../data/mnist';

/** Importance samples of the IWAE estimate the quadrature is checked against (the k = 5,000). */
export const EXACT_IWAE_K = 5000;

export interface ExactReport {
  /** Means over the first M test digits, nats per digit. */
  log_px_quadrature: number;
  log_px_iwae5000: number;
  /** The ELBO of the encoder's q, by quadrature (E_q on a grid around q, entropy in closed form). */
  elbo: number;
  /** KL(q || p(z|x)) on the grid, mean. */
  kl_q_posterior: number;
  /** Mean and largest |quadrature - IWAE| over the digits. */
  quadrature_minus_iwae5000: number;
  quadrature_minus_iwae5000_se: number;
  /** Largest posterior mass in the coarse grid's border ring / outside the fine box, over the digits. */
  max_edge_mass: number;
  max_mass_outside_fine: number;
  eval_exact_digits: number;
  eval_exact_seconds: number;
}

/**
 * The CLI's --eval-exact M (issue 10): on the first M test digits of a VAE with a 2-D latent, log p(x)
 * by quadrature on a 200 x 200 grid (core/theory/exactPosterior.ts), by importance sampling with
 * k = 5,000, and the quadrature ELBO of the encoder's q.
 */
export async function evaluateExact(
  model: Vae,
  test: MnistSplit,
  M: number,
  seed: number,
  progress: (fraction: number) => void,
): Promise<ExactReport> {
  if (model.arch.latentDim !== 2)
    throw new Error(`--eval-exact needs a 2-D latent (got ${model.arch.latentDim})`);
  const t0 = performance.now();
  const n = Math.min(M, test.count);
  const quad = new Float64Array(n);
  const elbo = new Float64Array(n);
  const kl = new Float64Array(n);
  let edge = 0;
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const x = tf.tensor2d(gatherBatch(test, [i], 0, 1), [1, 784]);
    const c = model.conditional ? oneHotLabels([test.labels[i]!]) : null;
    try {
      const { mu, logVar } = model.encode(x, c);
      const m = await mu.data();
      const l = await logVar.data();
      tf.dispose([mu, logVar]);
      const r = await exactPosterior(
        (z) =>
          tf.add(
            tf.tidy(() => {
              const xs = tf.tile(x, [z.shape[0], 1]) as tf.Tensor2D;
              const cs = c ? (tf.tile(c, [z.shape[0], 1]) as tf.Tensor2D) : null;
              return model.likelihood.logProb(xs, model.decodeOutput(z, cs, xs));
            }),
            model.prior.logDensity(z),
          ) as tf.Tensor1D,
        m,
        l,
      );
      quad[i] = r.logPx;
      elbo[i] = r.elbo;
      kl[i] = r.kl;
      edge = Math.max(edge, r.edgeMass);
      outside = Math.max(outside, r.massOutsideFine);
    } finally {
      x.dispose();
      c?.dispose();
    }
    progress((i + 1) / (2 * n));
  }
  const xs = gatherBatch(
    test,
    Array.from({ length: n }, (_, i) => i),
    0,
    n,
  );
  const iw = (await estimateLogPx(model, xs, test.labels.subarray(0, n), EXACT_IWAE_K, {
    seed: seed + 5_000_011,
    onProgress: (done, total) => progress(0.5 + (0.5 * done) / total),
  }))!;
  const diff = meanWithError(quad.map((v, i) => v - iw[i]!));
  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  return {
    log_px_quadrature: mean(quad),
    log_px_iwae5000: mean(Float64Array.from(iw)),
    elbo: mean(elbo),
    kl_q_posterior: mean(kl),
    quadrature_minus_iwae5000: diff.mean,
    quadrature_minus_iwae5000_se: diff.se,
    max_edge_mass: edge,
    max_mass_outside_fine: outside,
    eval_exact_digits: n,
    eval_exact_seconds: (performance.now() - t0) / 1000,
  };
}
