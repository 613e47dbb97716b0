import * as tf from '@tensorflow/tfjs';
import { vaeConfigSchema, type VaeConfig } from '../config/vae';
import type { ExperimentConfig } from '../config/schema';
import { Vae, oneHotLabels } from '../core/vae/vae';
import { elboTerms, vaeObjective, type ObjectiveSettings } from '../core/vae/objective';
import { iwaeBound } from '../core/vae/iwae';
import { warmupFactor } from '../core/vae/warmup';
import { activeUnits, posteriorMeanVariance } from '../core/vae/diagnostics';
import { createAdam } from '../core/optim/fusedAdam';
import { Rng } from '../core/rng';
import { EpochOrder, gatherBatch } from '../data/batches';
import { subset, type MnistSplit } from '../data/mnist';
import { binarizeSplit, TEST_BINARIZATION_SEED } from '../data/binarize';
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
import { answerVaeWeightsQuery, type VaeWeightsTarget } from './vaeWeights';
import { isWeightsQuery } from './weightsProtocol';
import { isTheoryQuery } from './theoryProtocol';
import { answerTheoryQuery } from './theoryQueries';
import { VaeSnapshotMaker } from './vaeSnapshot';

const EVAL_CHUNK = 500;

export function toImageBatch(values: Float32Array, count: number): ImageBatch {
  const pixels = new Uint8ClampedArray(values.length);
  for (let i = 0; i < values.length; i++) pixels[i] = values[i]! * 255; // Uint8ClampedArray rounds
  return { count, width: 28, height: 28, pixels };
}

/** Images and (for a conditional VAE) one-hot labels of examples `idx` of a split, on the device. */
export function batchOf(
  split: MnistSplit,
  idx: ArrayLike<number>,
  conditional: boolean,
): { x: tf.Tensor2D; c: tf.Tensor2D | null } {
  const n = idx.length;
  const x = tf.tensor2d(gatherBatch(split, idx, 0, n), [n, 784]);
  if (!conditional) return { x, c: null };
  const labels = Array.from({ length: n }, (_, i) => split.labels[idx[i]!]!);
  return { x, c: oneHotLabels(labels) };
}

export function rangeIdx(from: number, to: number): Uint32Array {
  const a = new Uint32Array(to - from);
  for (let i = 0; i < a.length; i++) a[i] = from + i;
  return a;
}

/** The live part of the config: every objective field applies mid-run (setParams). */
type Objective = VaeConfig['objective'];
const objectiveSchema = vaeConfigSchema.shape.objective;

/**
 * Trains any VAE of the family (issue 9) on MNIST with Adam: the variant, architecture, likelihood and
 * prior come from config.model (fixed for the run); the objective (beta, warm-up, free bits, psi, ELBO
 * or IWAE-k) from config.objective, changeable mid-run. Metrics per step: the loss it minimises, the
 * reconstruction -log p(x|z), the KL, the effective beta and E[psi].
 */
export class VaeExperiment implements Experiment {
  readonly metricNames = ['loss', 'recon', 'kl', 'beta', 'psi'] as const;
  private readonly model: Vae;
  private readonly optimizer: tf.Optimizer;
  private readonly rng: Rng;
  private readonly order: EpochOrder;
  private readonly snapshots: VaeSnapshotMaker;
  /** The test split as the likelihood sees it (binarized once for the binarized Bernoulli). */
  readonly test: MnistSplit;
  private objective: Objective;
  private batchSize: number;
  private steps = 0;
  private examples = 0;
  private lastBeta = 1;
  private lastStepAt = -Infinity;
  private readonly binarizes: boolean;

  constructor(
    readonly config: VaeConfig,
    private readonly train: MnistSplit,
    test: MnistSplit,
  ) {
    const m = config.model;
    this.rng = new Rng(config.seed);
    this.test = m.likelihood === 'bernoulli-binarized' ? binarizeSplit(test, TEST_BINARIZATION_SEED) : test;
    const k = m.priorComponents;
    // A VampPrior starts its pseudo-inputs at the first K training digits.
    const init = () =>
      tf.tensor2d(gatherBatch(train, rangeIdx(0, Math.min(k, train.count)), 0, Math.min(k, train.count)), [
        Math.min(k, train.count),
        784,
      ]);
    this.model = new Vae(m, this.rng.seed(), train.count >= k ? init : undefined);
    const o = config.optimizer;
    this.optimizer = createAdam(o.lr, o.beta1, o.beta2, 1e-8);
    this.objective = { ...config.objective };
    this.binarizes = m.likelihood === 'bernoulli-binarized';
    this.batchSize = config.training.batchSize;
    this.order = new EpochOrder(train.count, this.rng);
    this.snapshots = new VaeSnapshotMaker(this.model, this.test, this.rng.seed());
  }

  /** Training epochs done so far, fractional (warm-up schedules read it). */
  get epochsDone(): number {
    return this.examples / this.train.count;
  }

  /** Effective beta now: beta times the warm-up factor. */
  effectiveBeta(): number {
    const o = this.objective;
    return o.beta * warmupFactor(o.warmup, this.epochsDone, o.warmupEpochs);
  }

  private settings(): ObjectiveSettings {
    const o = this.objective;
    return {
      beta: this.effectiveBeta(),
      bound: o.bound,
      freeBits: o.freeBits,
      psi: o.psi,
      psiWeight: o.psiWeight,
      psiBox: o.psiBox,
      psiInkMin: o.psiInkMin,
      psiInkMax: o.psiInkMax,
      estimator: o.estimator,
    };
  }

  step() {
    const { indices, epochEnded } = this.order.next(this.batchSize);
    const n = indices.length;
    const s = this.settings();
    const k = this.objective.samples;
    const metrics = tf.tidy(() => {
      const { x, c } = batchOf(this.train, indices, this.model.conditional);
      // Only a binarizing likelihood draws noise for its target (the classic run's seeds stay as they were).
      const target = this.binarizes ? this.model.likelihood.target(x, this.rng.seed()) : x;
      const d = this.model.arch.latentDim;
      const eps = tf.randomNormal([k * n, d], 0, 1, 'float32', this.rng.seed()) as tf.Tensor2D;
      let packed: tf.Tensor1D | null = null;
      this.optimizer.minimize(() => {
        const t = vaeObjective(this.model, target, c, eps, s);
        // keep(): minimize() runs this inside its own tidy, which would dispose the packed metrics.
        packed = tf.keep(tf.stack([t.loss, t.recon, t.kl, tf.scalar(s.beta), t.psi]) as tf.Tensor1D);
        return t.loss;
      });
      return packed! as tf.Tensor1D;
    });
    this.steps++;
    this.examples += n;
    this.lastBeta = s.beta;
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

  /**
   * Test-set -ELBO (beta = 1: the bound itself), reconstruction and KL per example, one sample per digit
   * with the KL in closed form where the prior has one (as pytorch/examples); the number of active units
   * (Cov_x E_q[z_i] > 0.01 over the test set); and, for a model trained with the IWAE bound, that bound
   * at its own k (`iwae`).
   */
  async evaluate(): Promise<Record<string, number>> {
    const sums = [0, 0, 0, 0];
    const rng = new Rng(this.config.seed + 7919);
    const n = this.test.count;
    const d = this.model.arch.latentDim;
    const mu = new Float32Array(n * d);
    const k = this.objective.bound === 'iwae' ? this.objective.samples : 0;
    for (let from = 0; from < n; from += EVAL_CHUNK) {
      const to = Math.min(n, from + EVAL_CHUNK);
      const m = to - from;
      const [t, mus] = tf.tidy(() => {
        const { x, c } = batchOf(this.test, rangeIdx(from, to), this.model.conditional);
        const eps = tf.randomNormal([m, d], 0, 1, 'float32', rng.seed()) as tf.Tensor2D;
        const e = elboTerms(this.model, x, c, eps);
        const parts = [tf.neg(tf.sum(e.elbo)), tf.sum(e.recon), tf.sum(e.kl)];
        if (k > 0) {
          const epsK = tf.randomNormal([k * m, d], 0, 1, 'float32', rng.seed()) as tf.Tensor2D;
          parts.push(tf.sum(iwaeBound(this.model.logWeights(this.model.pass(x, c, epsK)))));
        }
        return [tf.stack(parts), this.model.encode(x, c).mu];
      });
      const [v, mv] = await Promise.all([t!.data(), mus!.data()]);
      tf.dispose([t!, mus!]);
      for (let j = 0; j < v.length; j++) sums[j]! += v[j]!;
      mu.set(mv, from * d);
    }
    const out: Record<string, number> = {
      loss: sums[0]! / n,
      recon: sums[1]! / n,
      kl: sums[2]! / n,
      active_units: activeUnits(posteriorMeanVariance(mu, n, d)),
    };
    if (k > 0) out.iwae = sums[3]! / n;
    return out;
  }

  async snapshot(): Promise<VaeSnapshot> {
    return this.snapshots.make(this.steps, this.lastBeta);
  }

  setParams(p: LiveParams): void {
    if (typeof p.lr === 'number' && p.lr > 0) {
      // Both Adams keep the rate in a field that applyGradients reads every step (protected in tfjs's).
      (this.optimizer as unknown as { learningRate: number }).learningRate = p.lr;
    }
    if (typeof p.batchSize === 'number' && p.batchSize >= 1) this.batchSize = Math.floor(p.batchSize);
    // Objective fields (beta, warm-up, free bits, psi, bound, samples) by name; an invalid value is ignored.
    const patch: Record<string, unknown> = {};
    for (const key of Object.keys(this.objective)) if (p[key] !== undefined) patch[key] = p[key];
    if (Object.keys(patch).length) {
      const r = objectiveSchema.safeParse({ ...this.objective, ...patch });
      if (r.success) this.objective = r.data;
    }
  }

  /** Latent explorer and evaluation requests (decode, encode, log p(x) chunks...): see vaeQueries.ts. */
  query(q: EngineQuery): Promise<QueryAnswer> {
    // Saved runs: export and import of weights, optimizer state and place in training (vaeWeights.ts).
    if (isWeightsQuery(q)) return answerVaeWeightsQuery(this.weightsTarget(), q);
    // The inference-theory tab (issue 10): exact posterior, estimators, amortization, likelihood.
    if (isTheoryQuery(q)) return answerTheoryQuery({ ...this.queryTarget(), train: this.train }, q);
    return answerVaeQuery(this.queryTarget(), q);
  }

  private queryTarget() {
    return {
      model: this.model,
      test: this.test,
      step: () => this.steps,
      seed: this.config.seed,
      pace: (busyMs: number) => this.pace(busyMs),
    };
  }

  private weightsTarget(): VaeWeightsTarget {
    return {
      model: this.model,
      optimizer: this.optimizer,
      rng: this.rng,
      order: this.order,
      steps: this.steps,
      setSteps: (n) => void (this.steps = n),
    };
  }

  /** Long queries give training its share of the engine between their chunks (see queryPauseMs). */
  private pace(busyMs: number): Promise<void> {
    const ms = queryPauseMs(busyMs, performance.now() - this.lastStepAt);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  get vae(): Vae {
    return this.model;
  }

  /** The objective as it is now (live changes included). */
  get currentObjective(): Objective {
    return { ...this.objective };
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    this.snapshots.dispose();
  }
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
