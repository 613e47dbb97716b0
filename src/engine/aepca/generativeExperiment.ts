import * as tf from '@tensorflow/tfjs';
import type { AepcaConfig } from '../../config/aepca';
import { fitGaussian, klToStandardNormal, sampleGaussian } from '../../core/aegen/gaussianFit';
import { Autoencoder, GaussianVae } from '../../core/aegen/models';
import type { Mnist } from '../../data/mnist';
import type { Experiment, ImageBatch, StepOutput } from '../experiment';
import { firstImages, RandomBatches } from './batches';
import { unitToBatch } from './images';
import { StepBudget } from './stepBudget';

export interface GenerativePoint {
  step: number;
  /** Held-out losses (nats per image): Bernoulli reconstruction for the AEs, -ELBO for the VAE. */
  ae: number;
  dae: number;
  vae: number;
}

/** One model's pictures: reconstructions, decoded N(0, I) samples, decoded samples of the codes' Gaussian. */
export interface GenerativeModelView {
  name: string;
  recons: ImageBatch;
  priorSamples: ImageBatch;
  fittedSamples: ImageBatch;
  /** KL(N(code mean, code covariance) || N(0, I)), nats: how far the codes are from the standard normal. */
  codeKl: number;
  /** Mean length of a code vector, and of a N(0, I) draw (sqrt(d) roughly). */
  codeNorm: number;
}

export type GenerativeSnapshot = {
  kind: 'aepca';
  demo: 'generative';
  step: number;
  totalSteps: number;
  d: number;
  denoiseSigma: number;
  history: GenerativePoint[];
  originals: ImageBatch;
  models: GenerativeModelView[];
};

const HELD_OUT = 500;
const SHOW = 8;
const SAMPLES = 16;
const FIT_CODES = 2000;
export const GENERATIVE_METRICS = ['ae_recon', 'dae_recon', 'vae_neg_elbo'] as const;

/** Plain AE, denoising AE and VAE, sampled from their latent spaces (issue 10, item 5). */
export class GenerativeExperiment implements Experiment {
  readonly metricNames = GENERATIVE_METRICS;
  readonly config: AepcaConfig;
  readonly ae: Autoencoder;
  readonly dae: Autoencoder;
  readonly vae: GaussianVae;
  readonly history: GenerativePoint[] = [];
  private readonly batches: RandomBatches;
  private readonly heldOut: tf.Tensor2D;
  private readonly heldOutEps: tf.Tensor2D;
  private readonly fitImages: tf.Tensor2D;
  private readonly priorEps: Float32Array;
  private readonly budget: StepBudget;

  constructor(config: AepcaConfig, mnist: Mnist) {
    this.config = structuredClone(config);
    this.budget = new StepBudget(config.training.steps, config.training.batchSize);
    const { hidden, latentDim: d } = config.model;
    const { lr } = config.training;
    this.ae = new Autoencoder(hidden, d, 0, config.seed, lr);
    this.dae = new Autoencoder(hidden, d, config.denoiseSigma, config.seed + 100, lr);
    this.vae = new GaussianVae(hidden, d, config.seed + 200, lr);
    const n = Math.min(config.data.trainSubset, mnist.train.count);
    this.batches = new RandomBatches(mnist.train, n, config.seed);
    const held = Math.min(HELD_OUT, mnist.test.count);
    this.heldOut = tf.tensor2d(firstImages(mnist.test, held), [held, 784]);
    this.heldOutEps = tf.tensor2d(this.batches.normals(held * d), [held, d]);
    const nFit = Math.min(FIT_CODES, n);
    this.fitImages = tf.tensor2d(firstImages(mnist.train, nFit), [nFit, 784]);
    this.priorEps = this.batches.normals(SAMPLES * d);
    this.record();
  }

  private record(): void {
    const [ae, dae, vae] = tf.tidy(() => {
      const x = this.heldOut;
      const recon = (m: Autoencoder) => tf.mean(m.reconLoss(x));
      return [recon(this.ae), recon(this.dae), tf.neg(tf.mean(this.vae.elbo(x, this.heldOutEps)))].map(
        (t) => t.dataSync()[0]!,
      );
    });
    this.history.push({ step: this.budget.done, ae: ae!, dae: dae!, vae: vae! });
  }

  step(): StepOutput {
    const bs = this.config.training.batchSize;
    const d = this.config.model.latentDim;
    const scale = this.budget.cosineScale();
    const x = tf.tensor2d(this.batches.next(bs), [bs, 784]);
    const pix = tf.tensor2d(this.batches.normals(bs * 784), [bs, 784]);
    const eps = tf.tensor2d(this.batches.normals(bs * d), [bs, d]);
    const losses = [this.ae.step(x, pix, scale), this.dae.step(x, pix, scale), this.vae.step(x, eps, scale)];
    tf.dispose([x, pix, eps]);
    const metrics = tf.stack(losses) as tf.Tensor1D;
    tf.dispose(losses);
    if (this.budget.advance()) this.record();
    return { metrics, examples: bs, epochEnded: this.finished() };
  }

  progress() {
    return this.budget.progress();
  }

  finished(): boolean {
    return this.budget.finished();
  }

  evaluate(): Promise<Record<string, number>> {
    const last = this.history[this.history.length - 1]!;
    return Promise.resolve({ ae: last.ae, dae: last.dae, vae: last.vae });
  }

  private view(
    name: string,
    encode: (x: tf.Tensor2D) => tf.Tensor2D,
    decode: (z: tf.Tensor2D) => tf.Tensor2D,
  ): GenerativeModelView {
    const d = this.config.model.latentDim;
    const codes = tf.tidy(() => encode(this.fitImages));
    const c = codes.dataSync();
    const nFit = codes.shape[0];
    codes.dispose();
    const fit = fitGaussian(c, nFit, d);
    let norm = 0;
    for (let i = 0; i < nFit; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += c[i * d + k]! ** 2;
      norm += Math.sqrt(s) / nFit;
    }
    const [recons, prior, fitted] = tf.tidy(() =>
      [
        decode(encode(this.heldOut.slice([0, 0], [SHOW, 784]))),
        decode(tf.tensor2d(this.priorEps, [SAMPLES, d])),
        decode(tf.tensor2d(sampleGaussian(fit, this.priorEps, SAMPLES), [SAMPLES, d])),
      ].map((t) => t.dataSync()),
    );
    return {
      name,
      recons: unitToBatch(recons!, SHOW),
      priorSamples: unitToBatch(prior!, SAMPLES),
      fittedSamples: unitToBatch(fitted!, SAMPLES),
      codeKl: klToStandardNormal(fit),
      codeNorm: norm,
    };
  }

  snapshot(): Promise<GenerativeSnapshot> {
    const first = this.heldOut.slice([0, 0], [SHOW, 784]);
    const originals = unitToBatch(first.dataSync(), SHOW);
    first.dispose();
    return Promise.resolve({
      kind: 'aepca',
      demo: 'generative',
      step: this.budget.done,
      totalSteps: this.config.training.steps,
      d: this.config.model.latentDim,
      denoiseSigma: this.config.denoiseSigma,
      history: this.history.slice(),
      originals,
      models: [
        this.view(
          'plain autoencoder',
          (x) => this.ae.encode(x),
          (z) => this.ae.decode(z),
        ),
        this.view(
          `denoising autoencoder (σ = ${this.config.denoiseSigma})`,
          (x) => this.dae.encode(x),
          (z) => this.dae.decode(z),
        ),
        this.view(
          'VAE (codes = encoder means)',
          (x) => this.vae.encodeMean(x),
          (z) => this.vae.decode(z),
        ),
      ],
    });
  }

  setParams(): void {}

  dispose(): void {
    this.ae.dispose();
    this.dae.dispose();
    this.vae.dispose();
    tf.dispose([this.heldOut, this.heldOutEps, this.fitImages]);
  }
}
