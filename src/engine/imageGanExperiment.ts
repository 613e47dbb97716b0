import * as tf from '@tensorflow/tfjs';
import type { ImageGanConfig } from '../config/imageGan';
import type { ExperimentConfig } from '../config/schema';
import { unitToBytes } from '../core/latent/bytes';
import { oneHot } from '../core/imagegan/networks';
import { ImageGanPair, type LabelledBatch } from '../core/imagegan/trainer';
import type { ObjectiveSettings } from '../core/gan/trainer';
import { Rng } from '../core/rng';
import { EpochOrder, gatherBatch } from '../data/batches';
import { subset, type MnistSplit } from '../data/mnist';
import type {
  EngineQuery,
  Experiment,
  ExperimentContext,
  LiveParams,
  QueryAnswer,
  StepOutput,
} from './experiment';
import { stepRunProgress } from './experiment';
import { applyImageGanParams, parseImageGanParams } from './imageGanParams';
import { answerImageWeightsQuery, type ImageWeightsTarget } from './imageWeights';
import { isWeightsQuery } from './weightsProtocol';
import type { ImageGanSnapshot, MetricBatch, TimelineFrame } from './imageSnapshots';

export const IMAGE_GAN_METRICS = ['dLoss', 'gLoss', 'dReal', 'dFake', 'gGradNorm', 'wEstimate'] as const;
/** Timeline frames waiting for the next snapshot; older ones are dropped (the CLI never asks). */
const MAX_PENDING_FRAMES = 16;
const MAX_QUERY_IMAGES = 10_000;

/**
 * A GAN on MNIST. One step is one iteration of Algorithm 1: k D updates on fresh real batches and
 * G(z), then one G update (or only one of them, by `phase`). Metrics as in the 2-D lab.
 */
export class ImageGanExperiment implements Experiment {
  readonly metricNames = IMAGE_GAN_METRICS;
  readonly pair: ImageGanPair;
  private cfg: ImageGanConfig;
  private readonly rng: Rng;
  private readonly order: EpochOrder;
  private phase: 'both' | 'd' | 'g' = 'both';
  private steps = 0;
  private readonly gridZ: tf.Tensor2D;
  private readonly gridLabels: Int8Array;
  private readonly gridOneHot: tf.Tensor2D | null;
  private readonly metricZ: tf.Tensor2D;
  private readonly metricLabels: tf.Tensor2D | null;
  private frames: { step: number; t: tf.Tensor2D }[] = [];
  private metricDue: boolean;

  constructor(
    config: ImageGanConfig,
    private readonly train: MnistSplit,
  ) {
    this.cfg = structuredClone(config);
    this.rng = new Rng(config.seed);
    const m = config.model;
    const net = (n: ImageGanConfig['model']['discriminator']) => ({
      arch: m.arch,
      conditional: m.conditional,
      mlpHidden: n.mlpHidden,
      channels: n.channels,
      batchNorm: n.batchNorm,
    });
    this.pair = new ImageGanPair(
      {
        noiseDim: m.noiseDim,
        prior: m.prior,
        mixture: m.noiseMixture,
        generator: { ...net(m.generator), fullResChannels: m.generator.fullResChannels },
        discriminator: net(m.discriminator),
        emaDecay: m.generatorEma,
      },
      config.optG,
      config.optD,
      this.rng.seed(),
    );
    this.order = new EpochOrder(train.count, this.rng);
    const fixed = new Rng(config.seed + 7919);
    // A conditional grid has a row per digit and the same ten noise vectors in every row.
    if (m.conditional) {
      const cols = tf.tidy(() => this.pair.noise(10, fixed.seed()));
      this.gridZ = tf.tidy(() => tf.tile(cols, [10, 1]) as tf.Tensor2D);
      cols.dispose();
      this.gridLabels = Int8Array.from({ length: 100 }, (_, i) => Math.floor(i / 10));
    } else {
      this.gridZ = this.pair.noise(64, fixed.seed());
      this.gridLabels = new Int8Array(64).fill(-1);
    }
    this.gridOneHot = m.conditional ? oneHot(this.gridLabels) : null;
    const n = config.monitor.metricSamples;
    this.metricZ = this.pair.noise(n, fixed.seed());
    this.metricLabels = m.conditional ? oneHot(Array.from({ length: n }, (_, i) => i % 10)) : null;
    this.metricDue = config.monitor.metricsEvery > 0;
    if (config.monitor.timelineEvery > 0) this.captureFrame();
  }

  get config(): ImageGanConfig {
    return this.cfg;
  }

  private get objective(): ObjectiveSettings {
    return this.cfg.objective;
  }

  /**
   * n real digits. The last batch of an epoch is topped up from the next epoch's order, so that every
   * real batch matches the n fakes it is paired with (a conditional D's fakes take its labels; WGAN-GP
   * interpolates real and fake one to one); a short batch crashed both at the end of epoch 1.
   */
  private realBatch(n: number): LabelledBatch {
    let { indices } = this.order.next(n);
    if (indices.length < n) {
      const rest = this.order.next(n - indices.length).indices;
      const all = new Uint32Array(n);
      all.set(indices);
      all.set(rest, indices.length);
      indices = all;
    }
    const k = indices.length;
    return {
      x: tf.tensor2d(gatherBatch(this.train, indices, 0, k), [k, 784]),
      labels: this.pair.conditional ? oneHot(Array.from(indices, (i) => this.train.labels[i]!)) : null,
    };
  }

  private randomLabels(n: number): tf.Tensor2D | null {
    if (!this.pair.conditional) return null;
    return oneHot(Array.from({ length: n }, () => Math.floor(this.rng.next() * 10)));
  }

  private lrFactor(): number {
    const t = this.cfg.training;
    return t.lrDecay === 'linear' ? Math.max(0, 1 - this.steps / t.maxSteps) : 1;
  }

  step(): StepOutput {
    const f = this.lrFactor();
    this.pair.setLearningRates(this.cfg.optG.lr * f, this.cfg.optD.lr * f);
    const n = this.cfg.training.batchSize;
    const o = this.objective;
    const p = this.pair;
    const metrics = tf.tidy(() => {
      const trainD = this.phase !== 'g';
      let d = null as ReturnType<ImageGanPair['dStep']> | null;
      for (let i = 0; i < (trainD ? this.cfg.training.dSteps : 1); i++) {
        if (d) tf.dispose([d.loss, d.real, d.fake, d.gap]);
        const real = this.realBatch(n);
        // Fakes take the real batch's labels, so a conditional D compares like with like.
        d = p.dStep(o, real, p.noise(n, this.rng.seed()), real.labels, this.rng.seed(), trainD);
      }
      const unroll = Array.from({ length: o.unrollSteps }, () => () => this.realBatch(n));
      const labels = this.randomLabels(n);
      const g = p.gStep(o, p.noise(n, this.rng.seed()), labels, unroll, this.rng.seed(), this.phase !== 'd');
      return tf.stack([d!.loss, g.loss, d!.real, d!.fake, g.gradNorm, d!.gap]) as tf.Tensor1D;
    });
    this.steps++;
    const mon = this.cfg.monitor;
    if (mon.timelineEvery > 0 && this.steps % mon.timelineEvery === 0) this.captureFrame();
    if (mon.metricsEvery > 0 && this.steps % mon.metricsEvery === 0) this.metricDue = true;
    return { metrics, examples: n, epochEnded: this.steps === this.cfg.training.maxSteps };
  }

  private captureFrame(): void {
    this.frames.push({ step: this.steps, t: this.pair.generate(this.gridZ, this.gridOneHot) });
    while (this.frames.length > MAX_PENDING_FRAMES) this.frames.shift()!.t.dispose();
  }

  finished(): boolean {
    return this.steps >= this.cfg.training.maxSteps;
  }

  progress() {
    return stepRunProgress(this.steps, this.cfg.training.maxSteps, this.cfg.training.batchSize);
  }

  /** `count` generated digits as bytes (fixed metric noise first, fresh noise beyond it). */
  async sampleBytes(count = this.cfg.monitor.metricSamples): Promise<MetricBatch> {
    const fixedN = this.metricZ.shape[0];
    const [imgs, zs] = tf.tidy(() => {
      const cond = this.pair.conditional;
      let z = this.metricZ;
      let labels = this.metricLabels;
      if (count !== fixedN) {
        const extra = Math.max(0, count - fixedN);
        const zFresh = extra > 0 ? this.pair.noise(extra, this.rng.seed()) : null;
        z = zFresh ? tf.concat([this.metricZ, zFresh]) : tf.slice(this.metricZ, 0, count);
        labels = cond ? oneHot(Array.from({ length: count }, (_, i) => i % 10)) : null;
      }
      const out: tf.Tensor[] = [];
      for (let from = 0; from < count; from += 1000) {
        const m = Math.min(1000, count - from);
        out.push(this.pair.generate(tf.slice(z, from, m), labels ? tf.slice(labels, from, m) : null));
      }
      // A copy: the caller disposes what it gets, and the fixed noise must live on.
      return [out.length === 1 ? out[0]! : tf.concat(out), tf.clone(z)];
    });
    const [v, zv] = await Promise.all([imgs!.data(), zs!.data()]);
    tf.dispose([imgs!, zs!]);
    return {
      step: this.steps,
      count,
      pixels: unitToBytes(v as Float32Array),
      z: zv as Float32Array,
      dim: this.cfg.model.noiseDim,
    };
  }

  /** A GAN has no held-out loss; its quality is scored from samples by the classifier (CLI, page). */
  async evaluate(): Promise<Record<string, number>> {
    return {};
  }

  async snapshot(): Promise<ImageGanSnapshot> {
    const gridT = this.pair.generate(this.gridZ, this.gridOneHot);
    const frames = this.frames;
    this.frames = [];
    const [grid, gz, ...fv] = await Promise.all([
      gridT.data(),
      this.gridZ.data(),
      ...frames.map((f) => f.t.data()),
    ]);
    tf.dispose([gridT, ...frames.map((f) => f.t)]);
    const count = this.gridZ.shape[0];
    const outFrames: TimelineFrame[] = frames.map((f, i) => ({
      step: f.step,
      pixels: unitToBytes(fv[i] as Float32Array),
    }));
    let metricBatch: MetricBatch | null = null;
    if (this.metricDue) {
      this.metricDue = false;
      metricBatch = await this.sampleBytes();
    }
    const m = this.cfg.model;
    return {
      kind: 'imageGan',
      step: this.steps,
      loss: this.cfg.objective.loss,
      arch: m.arch,
      conditional: m.conditional,
      noiseDim: m.noiseDim,
      grid: { count, width: 28, height: 28, pixels: unitToBytes(grid as Float32Array) },
      gridCols: m.conditional ? 10 : 8,
      gridZ: (gz as Float32Array).slice(),
      gridLabels: this.gridLabels.slice(),
      frames: outFrames,
      metricBatch,
    };
  }

  setParams(raw: LiveParams): void {
    const p = parseImageGanParams(raw);
    const before = this.cfg;
    this.cfg = applyImageGanParams(this.cfg, p);
    if (p.phase) this.phase = p.phase;
    if (p.optG && p.optG !== before.optG.name) this.pair.setOptimizer('G', this.cfg.optG);
    if (p.optD && p.optD !== before.optD.name) this.pair.setOptimizer('D', this.cfg.optD);
  }

  /**
   * Queries: `generate` {z: n x noiseDim numbers, labels?: n digits} -> {pixels: n x 784 bytes, step};
   * `samples` {count} -> a MetricBatch of `count` digits (for scoring on demand).
   */
  async query(q: EngineQuery): Promise<QueryAnswer> {
    if (isWeightsQuery(q)) return answerImageWeightsQuery(this.weightsTarget(), q);
    if (q.type === 'generate') {
      const d = this.cfg.model.noiseDim;
      const z = Float32Array.from(q.z as ArrayLike<number>);
      const n = z.length / d;
      if (!Number.isInteger(n) || n < 1 || n > MAX_QUERY_IMAGES || !z.every(Number.isFinite))
        throw new Error(`generate needs 1 to ${MAX_QUERY_IMAGES} finite noise vectors of ${d} numbers`);
      const labels = q.labels as ArrayLike<number> | undefined;
      if (
        this.pair.conditional &&
        (!labels || labels.length !== n || !Array.from(labels).every((l) => l >= 0 && l < 10))
      )
        throw new Error('a conditional GAN needs one digit label (0-9) per noise vector');
      const t = tf.tidy(() =>
        this.pair.generate(tf.tensor2d(z, [n, d]), this.pair.conditional ? oneHot(labels!) : null),
      );
      const pixels = unitToBytes((await t.data()) as Float32Array);
      t.dispose();
      return { result: { pixels, count: n, step: this.steps }, transfer: [pixels.buffer] };
    }
    if (q.type === 'samples') {
      const count = Number(q.count);
      if (!Number.isInteger(count) || count < 10 || count > MAX_QUERY_IMAGES)
        throw new Error(`samples needs a count from 10 to ${MAX_QUERY_IMAGES}`);
      const b = await this.sampleBytes(count);
      return { result: b, transfer: [b.pixels.buffer, b.z.buffer] };
    }
    throw new Error(`unknown image GAN query "${q.type}"`);
  }

  /**
   * What a checkpoint holds: G's parameters and batch-norm running statistics, D's parameters, the
   * averaged G, the three optimizers (G, D, D's look-ahead copy) and the place in training.
   */
  weightsTarget(): ImageWeightsTarget {
    const p = this.pair;
    const cfg = this.cfg;
    return {
      kind: 'imageGan',
      values: [...p.G.allValues, ...p.D.variables, ...(p.Gema?.allValues ?? [])],
      optimizers: [
        { role: 'G', name: cfg.optG.name, opt: p.optG, vars: p.G.variables },
        { role: 'D', name: cfg.optD.name, opt: p.optD, vars: p.D.variables },
        { role: 'unroll', name: cfg.optD.name, opt: p.optUnroll, vars: p.D.variables },
      ],
      rng: this.rng,
      order: this.order,
      steps: this.steps,
      setSteps: (n) => (this.steps = n),
      counters: { emaSteps: p.emaSteps },
      setCounters: (c) => (p.emaSteps = c.emaSteps ?? 0),
    };
  }

  dispose(): void {
    this.pair.dispose();
    tf.dispose([this.gridZ, this.metricZ, ...this.frames.map((f) => f.t)]);
    if (this.gridOneHot) this.gridOneHot.dispose();
    if (this.metricLabels) this.metricLabels.dispose();
    this.frames = [];
  }
}

export async function createImageGanExperiment(config: ExperimentConfig, ctx: ExperimentContext) {
  if (config.kind !== 'imageGan') throw new Error('createImageGanExperiment needs an imageGan config');
  const mnist = await ctx.loadMnist();
  return new ImageGanExperiment(config, subset(mnist.train, config.data.trainSubset));
}
