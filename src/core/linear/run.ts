import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng';
import { bytesToUnit, centre, columnMean, covarianceOfCentred } from './covariance';
import { covarianceEigen } from './eigen';
import { LinearAutoencoder } from './linearAe';
import { LinearGaussianVae } from './linearVae';
import { pcaResidual, ppcaFit, type PpcaFit } from './pca';
import { principalAngles } from './subspace';

export interface LinearRunSettings {
  /** Training images, n x dim bytes. */
  images: Uint8Array;
  n: number;
  dim: number;
  d: number;
  steps: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Also train a second linear AE (seed + 1) and the linear-Gaussian VAE. */
  extras: boolean;
}

/** What the lab shows after an evaluation (all on the training set the covariance is of). */
export interface LinearEval {
  step: number;
  /** Mean squared error summed over pixels, per image, of each linear AE (seed, seed + 1). */
  losses: number[];
  /** Principal angles (radians, ascending) between each AE's decoder span and the top-d eigenvectors. */
  angles: number[][];
  /** The linear-Gaussian VAE's exact mean ELBO (nats per image), when trained. */
  vaeElbo: number | null;
  vaeSigma2: number | null;
}

/**
 * The linear-AE = PCA experiment: centres the data, computes its covariance and eigen-decomposition
 * (the closed-form answers), then trains linear models from random init by Adam with a half-cosine
 * learning-rate decay, one minibatch per step.
 */
export class LinearPcaRun {
  readonly x: Float32Array;
  readonly mean: Float64Array;
  readonly eigenvalues: Float64Array;
  /** Top-d eigenvectors as dim x d row-major columns. */
  readonly topBasis: Float64Array;
  readonly residual: number;
  readonly totalVariance: number;
  readonly ppca: PpcaFit | null;
  readonly aes: LinearAutoencoder[];
  readonly vae: LinearGaussianVae | null;
  stepsDone = 0;
  private readonly rng: Rng;

  constructor(readonly s: LinearRunSettings) {
    const { n, dim, d } = s;
    if (d >= dim) throw new RangeError(`latent dimension ${d} must be below the data dimension ${dim}`);
    this.x = bytesToUnit(s.images.subarray(0, n * dim));
    this.mean = columnMean(this.x, n, dim);
    centre(this.x, n, dim, this.mean);
    const cov = covarianceOfCentred(this.x, n, dim);
    const { values, vectors } = covarianceEigen(cov, dim);
    this.eigenvalues = values;
    this.residual = pcaResidual(values, d);
    this.totalVariance = pcaResidual(values, 0);
    this.topBasis = new Float64Array(dim * d);
    for (let j = 0; j < d; j++)
      for (let k = 0; k < dim; k++) this.topBasis[k * d + j] = vectors[j * dim + k]!;
    this.ppca = s.extras && this.residual > 0 ? ppcaFit(values, vectors, dim, d) : null;
    this.aes = [new LinearAutoencoder(dim, d, s.seed, s.lr)];
    if (s.extras) this.aes.push(new LinearAutoencoder(dim, d, s.seed + 1000, s.lr));
    this.vae = s.extras ? new LinearGaussianVae(dim, d, s.seed + 2000, s.lr) : null;
    this.rng = new Rng(s.seed);
  }

  finished(): boolean {
    return this.stepsDone >= this.s.steps;
  }

  /** Learning-rate factor at the current step: half cosine from 1 to 0. */
  lrScale(): number {
    return 0.5 * (1 + Math.cos((Math.PI * this.stepsDone) / this.s.steps));
  }

  /** One minibatch step of every model; returns the batch losses [ae..., -elbo?] on the device. */
  step(): tf.Tensor1D {
    const { n, dim, batchSize } = this.s;
    const b = new Float32Array(batchSize * dim);
    for (let r = 0; r < batchSize; r++) {
      const i = Math.floor(this.rng.next() * n);
      b.set(this.x.subarray(i * dim, (i + 1) * dim), r * dim);
    }
    const scale = this.lrScale();
    const xb = tf.tensor2d(b, [batchSize, dim]);
    const losses = this.aes.map((ae) => ae.step(xb, scale));
    if (this.vae) losses.push(this.vae.step(xb, scale));
    xb.dispose();
    this.stepsDone++;
    const out = tf.stack(losses) as tf.Tensor1D;
    for (const l of losses) l.dispose();
    return out;
  }

  evaluate(): LinearEval {
    const { n, dim, d } = this.s;
    return {
      step: this.stepsDone,
      losses: this.aes.map((ae) => ae.meanLoss(this.x, n)),
      angles: this.aes.map((ae) => Array.from(principalAngles(ae.decoderBasis(), this.topBasis, dim, d, d))),
      vaeElbo: this.vae ? this.vae.meanElbo(this.x, n) : null,
      vaeSigma2: this.vae ? this.vae.noiseVariance() : null,
    };
  }

  dispose(): void {
    for (const ae of this.aes) ae.dispose();
    this.vae?.dispose();
  }
}
