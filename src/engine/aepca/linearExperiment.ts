import * as tf from '@tensorflow/tfjs';
import type { AepcaConfig } from '../../config/aepca';
import { LinearPcaRun } from '../../core/linear/run';
import type { Mnist } from '../../data/mnist';
import type { Experiment, ImageBatch, StepOutput } from '../experiment';
import { unitToBatch } from './images';
import { StepBudget } from './stepBudget';

/** One evaluation of the linear demo, on the whole training subset. */
export interface LinearPoint {
  step: number;
  /** Mean squared error (summed over pixels) per image of the two linear AEs. */
  loss: number;
  loss2: number;
  /** Largest principal angle (degrees) between each decoder's span and the top-d eigenvectors. */
  angle: number;
  angle2: number;
  /** The linear-Gaussian VAE's exact ELBO (nats per image). */
  elbo: number;
}

export type LinearSnapshot = {
  kind: 'aepca';
  demo: 'linear';
  step: number;
  totalSteps: number;
  d: number;
  trainImages: number;
  residual: number;
  totalVariance: number;
  /** The first 50 eigenvalues of the covariance (descending). */
  eigenvalues: number[];
  history: LinearPoint[];
  /** Principal angles (degrees, ascending) of the two AEs at the last evaluation. */
  angles: number[][];
  ppca: { logLik: number; sigma2: number } | null;
  vaeSigma2: number | null;
  originals: ImageBatch;
  recons: ImageBatch[];
  /** The first `codeDigits` digits' codes from each AE (codeDigits x d). */
  codes: Float32Array[];
  codeDigits: number;
  /** Largest |difference| between the two AEs' reconstructions of those digits, in grey levels 0..1. */
  reconMaxDiff: number;
};

const SHOW = 8;
export const LINEAR_METRICS = ['loss', 'loss_seed2', 'neg_elbo'] as const;

/** Linear AE = PCA and linear-Gaussian VAE vs PPCA (issue 10, item 4). */
export class LinearAeExperiment implements Experiment {
  readonly metricNames = LINEAR_METRICS;
  readonly config: AepcaConfig;
  readonly run: LinearPcaRun;
  readonly history: LinearPoint[] = [];
  private readonly budget: StepBudget;
  private lastAngles: number[][] = [];

  constructor(config: AepcaConfig, mnist: Mnist) {
    this.config = structuredClone(config);
    const n = Math.min(config.data.trainSubset, mnist.train.count);
    this.run = new LinearPcaRun({
      images: mnist.train.images,
      n,
      dim: 784,
      d: config.model.latentDim,
      steps: config.training.steps,
      batchSize: config.training.batchSize,
      lr: config.training.lr,
      seed: config.seed,
      extras: true,
    });
    this.budget = new StepBudget(config.training.steps, config.training.batchSize);
    this.record();
  }

  private record(): void {
    const e = this.run.evaluate();
    const deg = (a: number[]) => a.map((r) => (r * 180) / Math.PI);
    this.lastAngles = e.angles.map(deg);
    this.history.push({
      step: e.step,
      loss: e.losses[0]!,
      loss2: e.losses[1]!,
      angle: Math.max(...this.lastAngles[0]!),
      angle2: Math.max(...this.lastAngles[1]!),
      elbo: e.vaeElbo ?? NaN,
    });
  }

  step(): StepOutput {
    const metrics = this.run.step();
    if (this.budget.shouldRecord(this.run.stepsDone)) this.record();
    return { metrics, examples: this.config.training.batchSize, epochEnded: this.run.finished() };
  }

  progress() {
    return this.budget.progress(this.run.stepsDone);
  }

  finished(): boolean {
    return this.run.finished();
  }

  evaluate(): Promise<Record<string, number>> {
    const last = this.history[this.history.length - 1]!;
    return Promise.resolve({ loss: last.loss, pca_residual: this.run.residual });
  }

  snapshot(): Promise<LinearSnapshot> {
    const { dim, d } = this.run.s;
    const x = this.run.x.subarray(0, SHOW * dim);
    const out = tf.tidy(() => {
      const xb = tf.tensor2d(x, [SHOW, dim]);
      return this.run.aes.map((ae) => ({
        recon: ae.reconstruct(xb).dataSync() as Float32Array,
        code: ae.encode(xb).dataSync() as Float32Array,
      }));
    });
    let diff = 0;
    for (let i = 0; i < SHOW * dim; i++)
      diff = Math.max(diff, Math.abs(out[0]!.recon[i]! - out[1]!.recon[i]!));
    const codeDigits = 3;
    return Promise.resolve({
      kind: 'aepca',
      demo: 'linear',
      step: this.run.stepsDone,
      totalSteps: this.run.s.steps,
      d,
      trainImages: this.run.s.n,
      residual: this.run.residual,
      totalVariance: this.run.totalVariance,
      eigenvalues: Array.from(this.run.eigenvalues.subarray(0, 50)),
      history: this.history.slice(),
      angles: this.lastAngles,
      ppca: this.run.ppca ? { logLik: this.run.ppca.logLik, sigma2: this.run.ppca.sigma2 } : null,
      vaeSigma2: this.run.vae?.noiseVariance() ?? null,
      originals: unitToBatch(x, SHOW, this.run.mean),
      recons: out.map((o) => unitToBatch(o.recon, SHOW, this.run.mean)),
      codes: out.map((o) => o.code.slice(0, codeDigits * d)),
      codeDigits,
      reconMaxDiff: diff,
    });
  }

  setParams(): void {}

  dispose(): void {
    this.run.dispose();
  }
}
