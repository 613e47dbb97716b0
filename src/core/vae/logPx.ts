import * as tf from '@tensorflow/tfjs';
import { logSumExp } from '../logSumExp';
import { LogPxAccumulator } from './logPxAccumulator';

export { LogPxAccumulator, meanWithError } from './logPxAccumulator';
import { oneHotLabels, type Vae } from './vae';

/**
 * Importance-sampled log p(x) (Burda et al. 2016, appendix; Rezende et al. 2014):
 *   log p(x) ~= log (1/K) sum_{s=1..K} p(x|z_s) p(z_s) / q(z_s|x),   z_s ~ q(z|x).
 * The average inside the log is an unbiased estimate of p(x); its log is biased low, by less as K grows:
 * its expectation is the IWAE bound L_K, so with K = 5,000 it is a (tight) lower bound on log p(x), and
 * with K = 1 it is the ELBO (with a Monte Carlo KL). The K samples are drawn in chunks; each chunk gives
 * log sum_s w_s per example, and chunks combine exactly by log-add-exp (LogPxAccumulator), so any K fits
 * in memory and the page can show progress and stop between chunks.
 */

/** log sum_s w_s over `samples` fresh samples per example (eps from `seed`): x [n, 784] -> [n]. */
export function logWeightSums(
  model: Vae,
  x: tf.Tensor2D,
  c: tf.Tensor2D | null,
  samples: number,
  seed: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const n = x.shape[0];
    const eps = tf.randomNormal([samples * n, model.arch.latentDim], 0, 1, 'float32', seed) as tf.Tensor2D;
    return logSumExp(model.logWeights(model.pass(x, c, eps)), 0) as tf.Tensor1D;
  });
}

/** Decoder rows per chunk that keep a chunk's tensors to a few tens of MB for this model. */
export function chunkRows(model: Vae): number {
  if (model.likelihood.name === 'categorical') return 48; // 784 x 256 logits per row
  return model.arch.architecture === 'conv' ? 1000 : 2500;
}

export interface LogPxOptions {
  /** Seed of the first chunk's eps; chunk j uses seed + j. */
  seed: number;
  /** Called after each chunk with the samples done and the total (over all examples). */
  onProgress?: (done: number, total: number) => void;
  /** Checked between chunks: true stops the estimate (it then resolves to null). */
  cancelled?: () => boolean;
  /** Awaited between chunks (lets other work run). */
  pause?: () => Promise<void>;
}

/**
 * log p(x) of each example with K samples. x: n x 784 values in [0, 1] as the likelihood sees them;
 * labels (n) for a conditional VAE (then it is log p(x | c)). Resolves to n estimates, or null when
 * cancelled. Disposes every tensor it makes.
 */
export async function estimateLogPx(
  model: Vae,
  x: Float32Array,
  labels: Uint8Array | null,
  K: number,
  opts: LogPxOptions,
): Promise<Float64Array | null> {
  const n = x.length / 784;
  const out = new Float64Array(n);
  const rows = chunkRows(model);
  const block = Math.max(1, Math.min(n, Math.floor(rows / Math.min(K, rows)) || 1));
  let done = 0;
  let chunkIndex = 0;
  for (let from = 0; from < n; from += block) {
    const m = Math.min(block, n - from);
    const acc = new LogPxAccumulator(m);
    const xb = tf.tensor2d(x.subarray(from * 784, (from + m) * 784), [m, 784]);
    const cb = labels && model.conditional ? oneHotLabels(labels.subarray(from, from + m)) : null;
    try {
      const per = Math.max(1, Math.floor(rows / m));
      while (acc.samples < K) {
        if (opts.cancelled?.()) return null;
        const s = Math.min(per, K - acc.samples);
        const t = logWeightSums(model, xb, cb, s, opts.seed + chunkIndex++);
        const v = await t.data();
        t.dispose();
        acc.add(v, s);
        done += s * m;
        opts.onProgress?.(done, n * K);
        if (opts.pause) await opts.pause();
      }
    } finally {
      xb.dispose();
      cb?.dispose();
    }
    out.set(acc.estimates(), from);
  }
  return out;
}
