import * as tf from '@tensorflow/tfjs';
import type { AepcaConfig } from '../../config/aepca';
import { temperature } from '../../core/discrete/gumbel';
import { CategoricalVae, GaussianVae } from '../../core/aegen/models';
import { Rng } from '../../core/rng';
import type { Mnist } from '../../data/mnist';
import type { Experiment, ImageBatch, StepOutput } from '../experiment';
import { firstImages, RandomBatches } from './batches';
import { unitToBatch } from './images';
import { StepBudget } from './stepBudget';

export interface DiscretePoint {
  step: number;
  /** Held-out -ELBO (nats per image), one sample: the categorical VAE with an exact discrete sample. */
  catLoss: number;
  /** Its exact KL to the uniform prior (nats per image); at most N log K. */
  catKl: number;
  gaussLoss: number;
  gaussKl: number;
  tau: number;
}

export type DiscreteSnapshot = {
  kind: 'aepca';
  demo: 'discrete';
  step: number;
  totalSteps: number;
  N: number;
  K: number;
  d: number;
  straightThrough: boolean;
  tau: number;
  history: DiscretePoint[];
  originals: ImageBatch;
  catRecons: ImageBatch;
  gaussRecons: ImageBatch;
  /** K rows x PER_CATEGORY columns: variable 1 set to category k, the others drawn from the prior per column. */
  perCategory: ImageBatch;
  perCategoryCols: number;
  catSamples: ImageBatch;
  gaussSamples: ImageBatch;
};

const HELD_OUT = 500;
const SHOW = 8;
const PER_CATEGORY = 8;
const SAMPLES = 16;
export const DISCRETE_METRICS = ['categorical_loss', 'gaussian_loss', 'tau'] as const;

/** Categorical-latent VAE (Gumbel-softmax) next to a Gaussian VAE (issue 10, item 3). */
export class DiscreteExperiment implements Experiment {
  readonly metricNames = DISCRETE_METRICS;
  readonly config: AepcaConfig;
  readonly cat: CategoricalVae;
  readonly gauss: GaussianVae;
  readonly history: DiscretePoint[] = [];
  private readonly batches: RandomBatches;
  private readonly heldOut: tf.Tensor2D;
  private readonly heldOutU: tf.Tensor2D;
  private readonly heldOutEps: tf.Tensor2D;
  /** Fixed prior draws: categories per column (PER_CATEGORY x N) and per sample (SAMPLES x N). */
  private readonly columnCats: number[][];
  private readonly sampleCats: number[][];
  private readonly gaussEps: Float32Array;
  private readonly budget: StepBudget;

  constructor(config: AepcaConfig, mnist: Mnist) {
    this.config = structuredClone(config);
    this.budget = new StepBudget(config.training.steps, config.training.batchSize);
    const { hidden, latentDim: d, categoricalVars: N, categories: K } = config.model;
    const { lr } = config.training;
    this.cat = new CategoricalVae(hidden, N, K, config.gumbel.straightThrough, config.seed, lr);
    this.gauss = new GaussianVae(hidden, d, config.seed + 100, lr);
    const n = Math.min(config.data.trainSubset, mnist.train.count);
    this.batches = new RandomBatches(mnist.train, n, config.seed);
    const held = Math.min(HELD_OUT, mnist.test.count);
    this.heldOut = tf.tensor2d(firstImages(mnist.test, held), [held, 784]);
    this.heldOutU = tf.tensor2d(this.batches.uniforms(held * N * K), [held, N * K]);
    this.heldOutEps = tf.tensor2d(this.batches.normals(held * d), [held, d]);
    const rng = new Rng(config.seed + 7);
    const draw = (rows: number) =>
      Array.from({ length: rows }, () => Array.from({ length: N }, () => Math.floor(rng.next() * K)));
    this.columnCats = draw(PER_CATEGORY);
    this.sampleCats = draw(SAMPLES);
    this.gaussEps = this.batches.normals(SAMPLES * d);
    this.cat.tau = this.tau();
    this.record();
  }

  tau(): number {
    return temperature(this.budget.done, this.config.gumbel);
  }

  private record(): void {
    const v = tf.tidy(() => {
      const t = this.cat.terms(this.heldOut, this.heldOutU, true);
      const g = this.gauss.vae;
      const p = g.pass(this.heldOut, null, this.heldOutEps);
      const gKl = tf.mul(
        0.5,
        tf.sum(tf.sub(tf.add(tf.square(p.mu), tf.exp(p.logVar)), tf.add(1, p.logVar)), 1),
      );
      return [
        tf.mean(tf.add(t.recon, t.kl)),
        tf.mean(t.kl),
        tf.mean(tf.sub(gKl, p.logLik)),
        tf.mean(gKl),
      ].map((x) => x.dataSync()[0]!);
    });
    this.history.push({
      step: this.budget.done,
      catLoss: v[0]!,
      catKl: v[1]!,
      gaussLoss: v[2]!,
      gaussKl: v[3]!,
      tau: this.tau(),
    });
  }

  step(): StepOutput {
    const bs = this.config.training.batchSize;
    const { latentDim: d, categoricalVars: N, categories: K } = this.config.model;
    const scale = this.budget.cosineScale();
    this.cat.tau = this.tau();
    const x = tf.tensor2d(this.batches.next(bs), [bs, 784]);
    const u = tf.tensor2d(this.batches.uniforms(bs * N * K), [bs, N * K]);
    const eps = tf.tensor2d(this.batches.normals(bs * d), [bs, d]);
    const losses = [this.cat.step(x, u, scale), this.gauss.step(x, eps, scale), tf.scalar(this.cat.tau)];
    tf.dispose([x, u, eps]);
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
    return Promise.resolve({ categorical: last.catLoss, gaussian: last.gaussLoss });
  }

  /** One-hot codes [rows, N * K] from category indices. */
  private oneHot(rows: number[][]): tf.Tensor2D {
    const { categoricalVars: N, categories: K } = this.config.model;
    const out = new Float32Array(rows.length * N * K);
    rows.forEach((cats, r) => cats.forEach((c, i) => (out[r * N * K + i * K + c] = 1)));
    return tf.tensor2d(out, [rows.length, N * K]);
  }

  snapshot(): Promise<DiscreteSnapshot> {
    const { latentDim: d, categoricalVars: N, categories: K } = this.config.model;
    const grid: number[][] = [];
    for (let k = 0; k < K; k++) for (const col of this.columnCats) grid.push([k, ...col.slice(1)]);
    const [orig, catR, gaussR, perCat, catS, gaussS] = tf.tidy(() => {
      const x = this.heldOut.slice([0, 0], [SHOW, 784]);
      const l = this.cat.logits(x);
      // Reconstructions from the most likely category of each variable.
      const yHat = tf
        .oneHot(tf.argMax(tf.reshape(l, [SHOW, N, K]), 2), K)
        .toFloat()
        .reshape([SHOW, N * K]) as tf.Tensor2D;
      return [
        x,
        this.cat.decode(yHat),
        this.gauss.decode(this.gauss.encodeMean(x)),
        this.cat.decode(this.oneHot(grid)),
        this.cat.decode(this.oneHot(this.sampleCats)),
        this.gauss.decode(tf.tensor2d(this.gaussEps, [SAMPLES, d])),
      ].map((t) => t.dataSync());
    });
    return Promise.resolve({
      kind: 'aepca',
      demo: 'discrete',
      step: this.budget.done,
      totalSteps: this.config.training.steps,
      N,
      K,
      d,
      straightThrough: this.config.gumbel.straightThrough,
      tau: this.tau(),
      history: this.history.slice(),
      originals: unitToBatch(orig!, SHOW),
      catRecons: unitToBatch(catR!, SHOW),
      gaussRecons: unitToBatch(gaussR!, SHOW),
      perCategory: unitToBatch(perCat!, K * PER_CATEGORY),
      perCategoryCols: PER_CATEGORY,
      catSamples: unitToBatch(catS!, SAMPLES),
      gaussSamples: unitToBatch(gaussS!, SAMPLES),
    });
  }

  setParams(): void {}

  dispose(): void {
    this.cat.dispose();
    this.gauss.dispose();
    tf.dispose([this.heldOut, this.heldOutU, this.heldOutEps]);
  }
}
