import * as tf from '@tensorflow/tfjs';
import type { Dataset2d } from '../gan/datasets';
import { Mlp } from '../gan/mlp';
import { FlatOptimizer } from '../gan/optim';
import { gaussianLogLik, klStandardNormal, LOGVAR_MAX, LOGVAR_MIN, reparameterize } from '../gaussian';
import { Rng } from '../rng';
import { dataBatches, meanDistance, type SmallGanSpec } from './ganModel';
import type { Constraint } from './shapes';

/** The decoder's fixed noise sd: p(x|z) = N(x; f(z), SIGMA_X^2 I). */
export const VAE_SIGMA_X = 0.05;
export const VAE_LATENT = 2;

export interface Vae2dTerms {
  /** Means over the batch: E_q[log p(x|z)], KL(q(z|x) || N(0, I)), E_q[psi(z, x)]. */
  recon: tf.Scalar;
  kl: tf.Scalar;
  psi: tf.Scalar;
  /** The loss minimised: -(recon - kl - lambda psi) (lambda = 0 without a penalty). */
  loss: tf.Scalar;
}

/**
 * A small 2-D VAE for the constraint lab: MLP encoder x -> (mu, log var) of q(z|x) (2-D code), MLP decoder
 * z -> f(z), Gaussian likelihood of fixed sd VAE_SIGMA_X, prior N(0, I). With a penalty it maximises the
 * posterior-regularised ELBO of lecture 000 eq. 18,
 *   L(x) = E_q[log p(x|z)] - KL(q(z|x) || p(z)) - lambda E_q[psi(z, x)],  psi(z, x) = phi(f(z)),
 * phi = distance from the decoded point to C: way (b) for a VAE. Its data can be filtered (way a).
 * Samples are one shot: z ~ N(0, I), x = f(z) + VAE_SIGMA_X eps.
 */
export class Vae2d {
  readonly enc: Mlp;
  readonly dec: Mlp;
  private readonly optE: FlatOptimizer;
  private readonly optD: FlatOptimizer;
  private readonly rng: Rng;
  private readonly real: (n: number) => Float32Array;
  stepsDone = 0;

  constructor(
    readonly spec: Pick<SmallGanSpec, 'layers' | 'width' | 'lr' | 'batchSize' | 'steps'>,
    ds: Dataset2d,
    seed: number,
    filter: Constraint | null,
    readonly penalty: Constraint | null,
  ) {
    const net = { layers: spec.layers, width: spec.width, activation: 'relu' as const };
    this.enc = new Mlp({ inputDim: 2, outputDim: 2 * VAE_LATENT, ...net }, seed, 'vE');
    this.dec = new Mlp({ inputDim: VAE_LATENT, outputDim: 2, ...net }, seed + 1000, 'vD');
    const opt = { name: 'adam' as const, lr: spec.lr, beta1: 0.9, beta2: 0.999 };
    this.optE = new FlatOptimizer(opt);
    this.optD = new FlatOptimizer(opt);
    this.rng = new Rng(seed + 17);
    this.real = dataBatches(ds, this.rng, filter);
  }

  /** The eq. 18 terms for a batch x, with given eps ~ N(0, I) (one code per row), encoder/decoder params. */
  terms(
    encParams: readonly tf.Tensor[],
    decParams: readonly tf.Tensor[],
    x: tf.Tensor2D,
    eps: tf.Tensor2D,
  ): Vae2dTerms {
    const h = this.enc.applyWith(encParams, x, true);
    const mu = tf.slice(h, [0, 0], [-1, VAE_LATENT]) as tf.Tensor2D;
    const logVar = tf.clipByValue(
      tf.slice(h, [0, VAE_LATENT], [-1, VAE_LATENT]),
      LOGVAR_MIN,
      LOGVAR_MAX,
    ) as tf.Tensor2D;
    const z = reparameterize(mu, logVar, eps);
    const f = this.dec.applyWith(decParams, z);
    const recon = tf.mean(gaussianLogLik(x, f, VAE_SIGMA_X)) as tf.Scalar;
    const kl = tf.mean(klStandardNormal(mu, logVar)) as tf.Scalar;
    const psi = this.penalty ? meanDistance(this.penalty, f) : tf.scalar(0);
    const lambda = this.penalty ? this.penalty.lambda : 0;
    const loss = tf.neg(tf.sub(tf.sub(recon, kl), tf.mul(lambda, psi))) as tf.Scalar;
    return { recon, kl, psi, loss };
  }

  /** One Adam step on the negative (regularised) ELBO; the learning rate decays linearly to 0. */
  step(): void {
    const b = this.spec.batchSize;
    this.optE.lr = this.optD.lr = this.spec.lr * Math.max(0, 1 - this.stepsDone / this.spec.steps);
    tf.tidy(() => {
      const x = tf.tensor2d(this.real(b), [b, 2]);
      const eps = tf.randomNormal<tf.Rank.R2>([b, VAE_LATENT], 0, 1, 'float32', this.rng.seed());
      const ne = this.enc.shapes.length * 2;
      const loss = (...p: tf.Tensor[]) => this.terms(p.slice(0, ne), p.slice(ne), x, eps).loss;
      const g = tf.grads(loss)([...this.enc.views(), ...this.dec.views()]);
      // Adam acts per parameter: one optimiser per net is the same as one over both.
      this.optE.apply(this.enc.flat, this.enc.pack(g.slice(0, ne)));
      this.optD.apply(this.dec.flat, this.dec.pack(g.slice(ne)));
      this.enc.changed();
      this.dec.changed();
    });
    this.stepsDone++;
  }

  /** n samples x = f(z) + sigma_x eps, z ~ N(0, I). */
  generate(n: number): Float32Array {
    return tf.tidy(() => {
      const z = tf.randomNormal<tf.Rank.R2>([n, VAE_LATENT], 0, 1, 'float32', this.rng.seed());
      return this.decodeFrom(z.dataSync() as Float32Array);
    });
  }

  /** x = f(z) + sigma_x eps for the given codes (n x VAE_LATENT, row-major). */
  decodeFrom(z: Float32Array): Float32Array {
    const n = z.length / VAE_LATENT;
    return tf.tidy(() => {
      const e = tf.randomNormal([n, 2], 0, VAE_SIGMA_X, 'float32', this.rng.seed());
      return tf.add(this.dec.apply(tf.tensor2d(z, [n, VAE_LATENT]), true), e).dataSync() as Float32Array;
    });
  }

  /** One code z ~ q(z|x) per point (n x 2 in, n x VAE_LATENT out), eps from the given rng. */
  encodeSample(x: Float32Array, rng: Rng): Float32Array {
    const n = x.length / 2;
    const h = tf.tidy(() => this.enc.apply(tf.tensor2d(x, [n, 2]), true).dataSync() as Float32Array);
    const z = new Float32Array(n * VAE_LATENT);
    const w = 2 * VAE_LATENT;
    for (let i = 0; i < n; i++)
      for (let t = 0; t < VAE_LATENT; t++) {
        const lv = Math.min(LOGVAR_MAX, Math.max(LOGVAR_MIN, h[i * w + VAE_LATENT + t]!));
        z[i * VAE_LATENT + t] = h[i * w + t]! + Math.exp(0.5 * lv) * rng.normal();
      }
    return z;
  }

  dispose(): void {
    this.enc.dispose();
    this.dec.dispose();
    this.optE.dispose();
    this.optD.dispose();
  }
}
