import * as tf from '@tensorflow/tfjs';
import { classicVaeConfig } from '../../config/vae';
import { EpochOrder, gatherBatch } from '../../data/batches';
import type { Mnist } from '../../data/mnist';
import { createAdam } from '../optim/fusedAdam';
import { Rng } from '../rng';
import { vaeObjective, type ObjectiveSettings } from '../vae/objective';
import { Vae } from '../vae/vae';
import { imageMmd, inkOf, latentInkSteps, medianDistance, PIXELS } from './mnistInk';

/** The MNIST version's methods: one-shot VAE samples, rejection against ink < t, latent Langevin on U. */
export const MNIST_METHODS = ['oneShot', 'rejection', 'langevin'] as const;
export type MnistMethod = (typeof MNIST_METHODS)[number];

export const MNIST_METHOD_LABELS: Record<MnistMethod, string> = {
  oneShot: 'VAE, z ~ N(0, I) (one shot)',
  rejection: 'rejection: keep f(z) if ink < t',
  langevin: 'latent Langevin on |z|²/2 + w·max(0, ink − t)',
};

export interface MnistInkSettings {
  /** Feasible: ink (mean pixel intensity of the decoded mean image) < t. */
  t: number;
  /** w, the hinge's weight in U(z). */
  weight: number;
  hidden: number;
  latentDim: number;
  /** VAE training steps (Adam, batch `batchSize`). */
  steps: number;
  batchSize: number;
  lr: number;
  /** First N training digits (0 = all). */
  trainSubset: number;
  /** Samples delivered per method. */
  samples: number;
  langevinSteps: number;
  langevinStep: number;
  /** Rejection stops after this many proposals. */
  maxProposals: number;
  /** Feasible test digits the MMD compares against. */
  reference: number;
}

export interface MnistMethodResult {
  method: MnistMethod;
  seed: number;
  /** Share of the delivered images with ink < t. */
  feasibility: number;
  /** Mean ink of the delivered images. */
  ink: number;
  /** MMD (Gaussian kernel on pixels, h = median distance among the reference digits) to feasible test digits. */
  divergence: number;
  /** Decoder passes (forward; a Langevin step counts one forward and backward pass as 1) per delivered image. */
  cost: number;
  n: number;
  /** The delivered mean images, n x 784 in [0, 1]. */
  images: Float32Array;
}

const ELBO: ObjectiveSettings = {
  beta: 1,
  bound: 'elbo',
  freeBits: 0,
  psi: 'none',
  psiWeight: 0,
  psiBox: 2,
  psiInkMin: 0,
  psiInkMax: 1,
};

/**
 * One seed of the MNIST constraint comparison: trains a small MLP VAE (the VAE lab's classic model,
 * Bernoulli likelihood) a step at a time, then measures the three methods on the same threshold.
 */
export class MnistInkRun {
  readonly vae: Vae;
  readonly results: MnistMethodResult[] = [];
  /** Feasible test digits (reference x 784) and the kernel width. */
  readonly reference: Float32Array;
  readonly bandwidth: number;
  /** Share of all test digits with ink < t. */
  readonly realFeasible: number;
  stepsDone = 0;
  private readonly optimizer: tf.Optimizer;
  private readonly order: EpochOrder;
  private readonly rng: Rng;
  private readonly trainCount: number;

  constructor(
    readonly s: MnistInkSettings,
    readonly seed: number,
    private readonly mnist: Mnist,
  ) {
    this.rng = new Rng(seed * 7919 + 5);
    this.vae = new Vae(
      {
        ...classicVaeConfig.model,
        encoderHidden: [s.hidden],
        decoderHidden: [s.hidden],
        latentDim: s.latentDim,
      },
      this.rng.seed(),
    );
    this.optimizer = createAdam(s.lr, 0.9, 0.999, 1e-8);
    this.trainCount = s.trainSubset > 0 ? Math.min(s.trainSubset, mnist.train.count) : mnist.train.count;
    this.order = new EpochOrder(this.trainCount, this.rng);
    const test = mnist.test;
    const all = gatherBatch(
      test,
      Uint32Array.from({ length: test.count }, (_, i) => i),
      0,
      test.count,
    );
    const ink = inkOf(all);
    const feasible: number[] = [];
    for (let i = 0; i < test.count; i++) if (ink[i]! < s.t) feasible.push(i);
    this.realFeasible = feasible.length / Math.max(1, test.count);
    const pick = feasible.slice(0, s.reference);
    this.reference = gatherBatch(test, pick, 0, pick.length);
    this.bandwidth = pick.length > 1 ? medianDistance(this.reference, PIXELS) : 1;
  }

  finished(): boolean {
    return this.stepsDone >= this.s.steps && this.results.length === MNIST_METHODS.length;
  }

  /** One Adam step on the negative ELBO; after the last, measure every method. Returns the results added. */
  step(): MnistMethodResult[] {
    if (this.finished()) return [];
    if (this.stepsDone < this.s.steps) {
      const { indices } = this.order.next(this.s.batchSize);
      tf.tidy(() => {
        const n = indices.length;
        const x = tf.tensor2d(gatherBatch(this.mnist.train, indices, 0, n), [n, PIXELS]);
        const eps = tf.randomNormal([n, this.s.latentDim], 0, 1, 'float32', this.rng.seed()) as tf.Tensor2D;
        this.optimizer.minimize(() => vaeObjective(this.vae, x, null, eps, ELBO).loss);
      });
      this.stepsDone++;
      if (this.stepsDone < this.s.steps) return [];
    }
    const added = MNIST_METHODS.map((m) => this.measure(m));
    this.results.push(...added);
    return added;
  }

  private decode(z: Float32Array): Float32Array {
    const n = z.length / this.s.latentDim;
    return tf.tidy(
      () => this.vae.decodeMean(tf.tensor2d(z, [n, this.s.latentDim])).dataSync() as Float32Array,
    );
  }

  private prior(n: number): Float32Array {
    const z = new Float32Array(n * this.s.latentDim);
    for (let i = 0; i < z.length; i++) z[i] = this.rng.normal();
    return z;
  }

  measure(method: MnistMethod): MnistMethodResult {
    const s = this.s;
    const n = s.samples;
    let images: Float32Array;
    let cost = 1;
    if (method === 'oneShot') images = this.decode(this.prior(n));
    else if (method === 'rejection') {
      const kept: Float32Array[] = [];
      let accepted = 0;
      let proposed = 0;
      const batch = Math.max(n, 256);
      while (accepted < n && proposed < s.maxProposals) {
        const x = this.decode(this.prior(batch));
        proposed += batch;
        const ink = inkOf(x);
        for (let i = 0; i < batch && accepted < n; i++)
          if (ink[i]! < s.t) {
            kept.push(x.subarray(i * PIXELS, (i + 1) * PIXELS));
            accepted++;
          }
      }
      images = new Float32Array(accepted * PIXELS);
      kept.forEach((im, i) => images.set(im, i * PIXELS));
      cost = accepted ? proposed / accepted : Infinity;
    } else {
      const z = latentInkSteps((zt) => this.vae.decodeMean(zt), this.prior(n), s.latentDim, {
        t: s.t,
        weight: s.weight,
        steps: s.langevinSteps,
        step: s.langevinStep,
        noise: true,
        seed: this.rng.seed(),
      });
      images = this.decode(z);
      cost = s.langevinSteps + 1;
    }
    const ink = inkOf(images);
    const k = ink.length;
    return {
      method,
      seed: this.seed,
      feasibility: k ? ink.filter((v) => v < s.t).length / k : 0,
      ink: k ? ink.reduce((a, v) => a + v, 0) / k : NaN,
      divergence: imageMmd(images, this.reference, PIXELS, this.bandwidth),
      cost,
      n: k,
      images,
    };
  }

  dispose(): void {
    this.vae.dispose();
    this.optimizer.dispose();
  }
}
