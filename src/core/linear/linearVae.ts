import * as tf from '@tensorflow/tfjs';
import { dense, initDense, type DenseParams } from '../dense';

/**
 * A linear-Gaussian VAE (lecture 002's PPCA as a VAE): p(z) = N(0, I), p(x|z) = N(z G + b, s2 I) with a
 * learned scalar s2, and q(z|x) = N(x E + c, diag(v)) with a learned x-independent diagonal v (the exact
 * PPCA posterior's covariance does not depend on x either). Everything is Gaussian and linear, so the
 * ELBO is computed exactly, with no sampling:
 *   E_q log p(x|z) = -D/2 log(2 pi s2) - (|x - m G - b|^2 + sum_j v_j |G_j|^2) / (2 s2)
 *   KL(q || p)    = 1/2 sum_j (m_j^2 + v_j - 1 - log v_j)
 * Its maximum over the parameters equals the PPCA maximum log-likelihood (the bound is tight when G's
 * rows are orthogonal, as they are at the ML solution with R = I), so the ELBO approaches PPCA from below.
 */
let instances = 0;

export class LinearGaussianVae {
  readonly enc: DenseParams;
  readonly dec: DenseParams;
  readonly logV: tf.Variable;
  readonly logS2: tf.Variable;
  private readonly opt: tf.AdamOptimizer;

  constructor(
    readonly dim: number,
    readonly d: number,
    seed: number,
    private readonly lr: number,
  ) {
    const id = ++instances; // tfjs variable names must be unique while models coexist
    this.enc = initDense(dim, d, seed, `linear-vae${id}/enc`);
    this.dec = initDense(d, dim, seed + 7, `linear-vae${id}/dec`);
    this.logV = tf.variable(tf.zeros([d]), true, `linear-vae${id}/logv`);
    this.logS2 = tf.variable(tf.scalar(0), true, `linear-vae${id}/logs2`);
    this.opt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  }

  get variables(): tf.Variable[] {
    return [this.enc.W, this.enc.b, this.dec.W, this.dec.b, this.logV, this.logS2];
  }

  /** The exact ELBO per example, [n]. */
  elbo(x: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const m = dense(x, this.enc, true);
      const v = tf.exp(this.logV);
      const s2 = tf.exp(this.logS2);
      const resid = tf.sum(tf.square(tf.sub(x, dense(m, this.dec))), 1);
      const spread = tf.sum(tf.mul(v, tf.sum(tf.square(this.dec.W), 1))); // sum_j v_j |G_j|^2
      const expLogLik = tf.sub(
        tf.mul(-0.5 * this.dim, tf.add(Math.log(2 * Math.PI), this.logS2)),
        tf.div(tf.add(resid, spread), tf.mul(2, s2)),
      );
      const kl = tf.mul(0.5, tf.add(tf.sum(tf.square(m), 1), tf.sum(tf.sub(tf.sub(v, 1), this.logV))));
      return tf.sub(expLogLik, kl) as tf.Tensor1D;
    });
  }

  step(x: tf.Tensor2D, lrScale = 1): tf.Scalar {
    (this.opt as unknown as { learningRate: number }).learningRate = this.lr * lrScale;
    return this.opt.minimize(() => tf.neg(tf.mean(this.elbo(x))) as tf.Scalar, true, this.variables)!;
  }

  /** Mean exact ELBO over a data set (chunked). */
  meanElbo(x: Float32Array, n: number, chunk = 2000): number {
    let total = 0;
    for (let from = 0; from < n; from += chunk) {
      const rows = Math.min(chunk, n - from);
      const s = tf.tidy(() =>
        this.elbo(tf.tensor2d(x.subarray(from * this.dim, (from + rows) * this.dim), [rows, this.dim])),
      );
      for (const v of s.dataSync()) total += v;
      s.dispose();
    }
    return total / n;
  }

  noiseVariance(): number {
    return Math.exp(this.logS2.dataSync()[0]!);
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
    this.opt.dispose();
  }
}
