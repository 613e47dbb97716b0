import * as tf from '@tensorflow/tfjs';
import type { VaeConfig } from '../config/vae';
import type { ExperimentConfig } from '../config/schema';
import { ClassicVae } from '../core/vae/classicVae';
import { createAdam } from '../core/optim/fusedAdam';
import { meanTerms } from '../core/elbo';
import { Rng } from '../core/rng';
import { EpochOrder, gatherBatch } from '../data/batches';
import { subset, type MnistSplit } from '../data/mnist';
import type {
  EngineQuery,
  Experiment,
  ExperimentContext,
  ImageBatch,
  LiveParams,
  QueryAnswer,
  VaeSnapshot,
} from './experiment';
import { answerVaeQuery, queryPauseMs } from './vaeQueries';

const SAMPLE_COUNT = 64;
const RECON_COUNT = 16;
const EVAL_CHUNK = 500;

export function toImageBatch(values: Float32Array, count: number): ImageBatch {
  const pixels = new Uint8ClampedArray(values.length);
  for (let i = 0; i < values.length; i++) pixels[i] = values[i]! * 255; // Uint8ClampedArray rounds
  return { count, width: 28, height: 28, pixels };
}

/** Trains a VAE on MNIST with Adam; loss = -ELBO per example, as pytorch/examples reports it. */
export class VaeExperiment implements Experiment {
  readonly metricNames = ['loss', 'recon', 'kl'] as const;
  private readonly model: ClassicVae;
  private readonly optimizer: tf.Optimizer;
  private readonly rng: Rng;
  private readonly order: EpochOrder;
  private readonly fixedZ: tf.Tensor2D;
  private readonly reconX: tf.Tensor2D;
  private beta: number;
  private batchSize: number;
  private steps = 0;
  private lastStepAt = -Infinity;

  constructor(
    readonly config: VaeConfig,
    private readonly train: MnistSplit,
    private readonly test: MnistSplit,
  ) {
    const m = config.model;
    this.rng = new Rng(config.seed);
    this.model = new ClassicVae(
      {
        inputDim: 784,
        encoderHidden: m.encoderHidden,
        decoderHidden: m.decoderHidden,
        latentDim: m.latentDim,
        likelihood: m.likelihood,
        gaussianSigma: m.gaussianSigma,
      },
      this.rng.seed(),
    );
    const o = config.optimizer;
    this.optimizer = createAdam(o.lr, o.beta1, o.beta2, 1e-8);
    this.beta = config.objective.beta;
    this.batchSize = config.training.batchSize;
    this.order = new EpochOrder(train.count, this.rng);
    this.fixedZ = tf.randomNormal([SAMPLE_COUNT, m.latentDim], 0, 1, 'float32', this.rng.seed());
    const pick = Array.from({ length: Math.min(RECON_COUNT, test.count) }, (_, i) => i);
    this.reconX = tf.tensor2d(gatherBatch(test, pick, 0, pick.length), [pick.length, 784]);
  }

  step() {
    const { indices, epochEnded } = this.order.next(this.batchSize);
    const n = indices.length;
    const metrics = tf.tidy(() => {
      const x = tf.tensor2d(gatherBatch(this.train, indices, 0, n), [n, 784]);
      const eps = tf.randomNormal(
        [n, this.model.arch.latentDim],
        0,
        1,
        'float32',
        this.rng.seed(),
      ) as tf.Tensor2D;
      let packed: tf.Tensor1D | null = null;
      this.optimizer.minimize(() => {
        const t = meanTerms(this.model.elboTerms(x, eps, this.beta));
        // keep(): minimize() runs this inside its own tidy, which would dispose the packed metrics.
        packed = tf.keep(tf.stack([t.loss, t.recon, t.kl]) as tf.Tensor1D);
        return t.loss;
      });
      return packed! as tf.Tensor1D;
    });
    this.steps++;
    this.lastStepAt = performance.now();
    return { metrics, examples: n, epochEnded };
  }

  finished(): boolean {
    return this.order.epoch >= this.config.training.epochs;
  }

  progress() {
    return {
      step: this.steps,
      epoch: this.order.epoch,
      epochProgress: this.order.progress,
      examplesPerEpoch: this.train.count,
      epochs: this.config.training.epochs,
    };
  }

  /** Test-set -ELBO, reconstruction and KL per example (single-sample estimate, as pytorch/examples). */
  async evaluate(): Promise<Record<string, number>> {
    const sums = [0, 0, 0];
    const rng = new Rng(this.config.seed + 7919);
    for (let from = 0; from < this.test.count; from += EVAL_CHUNK) {
      const to = Math.min(this.test.count, from + EVAL_CHUNK);
      const t = tf.tidy(() => {
        const x = tf.tensor2d(gatherBatch(this.test, rangeIdx(from, to), 0, to - from), [to - from, 784]);
        const eps = tf.randomNormal(
          [to - from, this.model.arch.latentDim],
          0,
          1,
          'float32',
          rng.seed(),
        ) as tf.Tensor2D;
        const e = this.model.elboTerms(x, eps, 1);
        return tf.stack([tf.neg(tf.sum(e.elbo)), tf.sum(e.recon), tf.sum(e.kl)]);
      });
      const v = await t.data();
      t.dispose();
      for (let k = 0; k < 3; k++) sums[k]! += v[k]!;
    }
    const n = this.test.count;
    return { loss: sums[0]! / n, recon: sums[1]! / n, kl: sums[2]! / n };
  }

  async snapshot(): Promise<VaeSnapshot> {
    const [s, r] = tf.tidy(() => [
      this.model.decodeMean(this.fixedZ),
      this.model.decodeMean(this.model.encode(this.reconX).mu),
    ]);
    const [sv, rv, ov] = await Promise.all([s!.data(), r!.data(), this.reconX.data()]);
    s!.dispose();
    r!.dispose();
    return {
      kind: 'vae',
      step: this.steps,
      samples: toImageBatch(sv as Float32Array, SAMPLE_COUNT),
      recons: toImageBatch(rv as Float32Array, this.reconX.shape[0]),
      originals: toImageBatch(ov as Float32Array, this.reconX.shape[0]),
    };
  }

  setParams(p: LiveParams): void {
    if (typeof p.lr === 'number' && p.lr > 0) {
      // Both Adams keep the rate in a field that applyGradients reads every step (protected in tfjs's).
      (this.optimizer as unknown as { learningRate: number }).learningRate = p.lr;
    }
    if (typeof p.beta === 'number' && p.beta >= 0) this.beta = p.beta;
    if (typeof p.batchSize === 'number' && p.batchSize >= 1) this.batchSize = Math.floor(p.batchSize);
  }

  /** Latent explorer requests (decode, encode, test encodings...): see vaeQueries.ts. */
  query(q: EngineQuery): Promise<QueryAnswer> {
    const target = {
      model: this.model,
      test: this.test,
      step: () => this.steps,
      seed: this.config.seed,
      pace: (busyMs: number) => this.pace(busyMs),
    };
    return answerVaeQuery(target, q);
  }

  /** Long queries give training its share of the engine between their chunks (see queryPauseMs). */
  private pace(busyMs: number): Promise<void> {
    const ms = queryPauseMs(busyMs, performance.now() - this.lastStepAt);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  get vae(): ClassicVae {
    return this.model;
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    this.fixedZ.dispose();
    this.reconX.dispose();
  }
}

function rangeIdx(from: number, to: number): Uint32Array {
  const a = new Uint32Array(to - from);
  for (let i = 0; i < a.length; i++) a[i] = from + i;
  return a;
}

export async function createVaeExperiment(config: ExperimentConfig, ctx: ExperimentContext) {
  if (config.kind !== 'vae') throw new Error('createVaeExperiment needs a vae config');
  const mnist = await ctx.loadMnist();
  return new VaeExperiment(
    config,
    subset(mnist.train, config.data.trainSubset),
    subset(mnist.test, config.data.testSubset),
  );
}
