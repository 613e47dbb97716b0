import * as tf from '@tensorflow/tfjs';
import type { AaeConfig } from '../config/aae';
import type { ExperimentConfig } from '../config/schema';
import { Aae } from '../core/aae/aae';
import { makePrior, type LatentPrior } from '../core/aae/priors';
import { gLoss } from '../core/gan/objectives';
import { unitToBytes } from '../core/latent/bytes';
import { oneHot } from '../core/imagegan/networks';
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
import { toImageBatch } from './vaeExperiment';
import { applyAaeParams, parseAaeParams } from './aaeParams';
import type { AaeSnapshot, MetricBatch } from './imageSnapshots';
import { answerImageWeightsQuery, type ImageWeightsTarget } from './imageWeights';
import { isWeightsQuery } from './weightsProtocol';

export const AAE_METRICS = ['recon', 'dLoss', 'gLoss', 'dReal', 'dFake'] as const;
const RECON_COUNT = 16;
const SAMPLE_COUNT = 64;
const PRIOR_POINTS = 2000;
const EVAL_CHUNK = 500;

/**
 * An adversarial autoencoder on MNIST. One step: a reconstruction update of encoder and decoder, k
 * updates of the latent discriminator (prior samples vs codes of a fresh batch), and one adversarial
 * update of the encoder. Metrics: reconstruction loss (nats per image), D and G losses, mean D
 * outputs on prior samples and on codes.
 */
export class AaeExperiment implements Experiment {
  readonly metricNames = AAE_METRICS;
  /** Snapshots re-encode the test digits for the scatter: every 2 s is plenty. */
  readonly snapshotIntervalMs = 2000;
  readonly model: Aae;
  readonly prior: LatentPrior;
  private cfg: AaeConfig;
  private readonly rng: Rng;
  private readonly order: EpochOrder;
  private phase: 'both' | 'd' | 'g' = 'both';
  private steps = 0;
  private readonly reconX: tf.Tensor2D;
  private readonly sampleZ: tf.Tensor2D;
  private readonly priorView: { z: Float32Array; part: Uint8Array };
  private readonly metricPrior: tf.Tensor2D;
  private metricDue: boolean;

  constructor(
    config: AaeConfig,
    private readonly train: MnistSplit,
    private readonly test: MnistSplit,
  ) {
    this.cfg = structuredClone(config);
    this.rng = new Rng(config.seed);
    const m = config.model;
    this.model = new Aae(
      { ...m, labelledD: config.prior.useLabels },
      { ae: config.optAE, g: config.optG, d: config.optD },
      this.rng.seed(),
    );
    this.prior = makePrior(config.prior.kind, m.latentDim);
    this.order = new EpochOrder(train.count, this.rng);
    const fixed = new Rng(config.seed + 7919);
    const idx = Uint32Array.from({ length: Math.min(RECON_COUNT, test.count) }, (_, i) => i);
    this.reconX = tf.tensor2d(gatherBatch(test, idx, 0, idx.length), [idx.length, 784]);
    const d = m.latentDim;
    this.sampleZ = tf.tensor2d(this.prior.sample(SAMPLE_COUNT, fixed).z, [SAMPLE_COUNT, d]);
    this.priorView = this.prior.sample(PRIOR_POINTS, fixed);
    const n = config.monitor.metricSamples;
    this.metricPrior = tf.tensor2d(this.prior.sample(n, fixed).z, [n, d]);
    this.metricDue = config.monitor.metricsEvery > 0;
  }

  get config(): AaeConfig {
    return this.cfg;
  }

  private batch(n: number): { x: tf.Tensor2D; digits: number[] } {
    const { indices } = this.order.next(n);
    const x = tf.tensor2d(gatherBatch(this.train, indices, 0, indices.length), [indices.length, 784]);
    return { x, digits: Array.from(indices, (i) => this.train.labels[i]!) };
  }

  /** Prior samples for a batch: with labels, each from its digit's part of the prior. */
  private priorBatch(digits: number[]): tf.Tensor2D {
    const parts = this.cfg.prior.useLabels ? digits : undefined;
    const s = this.prior.sample(digits.length, this.rng, parts);
    return tf.tensor2d(s.z, [digits.length, this.prior.dim]);
  }

  step(): StepOutput {
    const n = this.cfg.training.batchSize;
    const o = this.cfg.objective;
    const a = this.model;
    const metrics = tf.tidy(() => {
      const b = this.batch(n);
      const recon = this.phase === 'both' ? a.reconStep(b.x) : a.reconLoss(b.x);
      let d = null as ReturnType<Aae['dStep']> | null;
      const trainD = this.phase !== 'g';
      for (let i = 0; i < (trainD ? this.cfg.training.dSteps : 1); i++) {
        if (d) tf.dispose([d.loss, d.real, d.fake]);
        const bi = i === 0 ? b : this.batch(n);
        const labels = this.cfg.prior.useLabels ? oneHot(bi.digits) : null;
        const eps =
          o.loss === 'wganGp' ? tf.randomUniform([bi.x.shape[0], 1], 0, 1, 'float32', this.rng.seed()) : null;
        d = a.dStep(o, this.priorBatch(bi.digits), a.encode(bi.x), labels, eps as tf.Tensor2D | null, trainD);
      }
      const labels = this.cfg.prior.useLabels ? oneHot(b.digits) : null;
      const g =
        this.phase !== 'd'
          ? a.gStep(o, b.x, labels)
          : gLoss(o.loss, a.critic(a.encode(b.x), labels), o.fDivergence);
      return tf.stack([recon, d!.loss, g, d!.real, d!.fake]) as tf.Tensor1D;
    });
    this.steps++;
    const every = this.cfg.monitor.metricsEvery;
    if (every > 0 && this.steps % every === 0) this.metricDue = true;
    return { metrics, examples: n, epochEnded: this.steps === this.cfg.training.maxSteps };
  }

  finished(): boolean {
    return this.steps >= this.cfg.training.maxSteps;
  }

  progress() {
    return stepRunProgress(this.steps, this.cfg.training.maxSteps, this.cfg.training.batchSize);
  }

  /** Reconstruction loss on the test digits, nats per image. */
  async evaluate(): Promise<Record<string, number>> {
    let sum = 0;
    for (let from = 0; from < this.test.count; from += EVAL_CHUNK) {
      const to = Math.min(this.test.count, from + EVAL_CHUNK);
      const idx = Uint32Array.from({ length: to - from }, (_, i) => from + i);
      const t = tf.tidy(() =>
        tf.mul(
          this.model.reconLoss(tf.tensor2d(gatherBatch(this.test, idx, 0, idx.length), [idx.length, 784])),
          idx.length,
        ),
      );
      sum += (await t.data())[0]!;
      t.dispose();
    }
    return { recon: sum / this.test.count };
  }

  /** Dec(z) for `count` prior samples (the fixed ones first), as bytes. */
  async sampleBytes(count = this.cfg.monitor.metricSamples): Promise<MetricBatch> {
    const d = this.prior.dim;
    const fixedN = this.metricPrior.shape[0];
    const extra = Math.max(0, count - fixedN);
    const fresh = extra > 0 ? tf.tensor2d(this.prior.sample(extra, this.rng).z, [extra, d]) : null;
    const [img, zt] = tf.tidy(() => {
      const z = fresh ? tf.concat([this.metricPrior, fresh]) : tf.slice(this.metricPrior, 0, count);
      return [this.model.decode(z as tf.Tensor2D), z];
    });
    fresh?.dispose();
    const [v, zv] = await Promise.all([img!.data(), zt!.data()]);
    tf.dispose([img!, zt!]);
    return { step: this.steps, count, pixels: unitToBytes(v as Float32Array), z: zv as Float32Array, dim: d };
  }

  async snapshot(): Promise<AaeSnapshot> {
    const n = this.test.count;
    const idx = Uint32Array.from({ length: n }, (_, i) => i);
    const [recT, sampT, codeT] = tf.tidy(() => [
      this.model.decode(this.model.encode(this.reconX)),
      this.model.decode(this.sampleZ),
      this.model.encode(tf.tensor2d(gatherBatch(this.test, idx, 0, n), [n, 784])),
    ]);
    const decVars = this.model.decoderVariables();
    const [rec, samp, codes, orig, ...dec] = await Promise.all([
      recT!.data(),
      sampT!.data(),
      codeT!.data(),
      this.reconX.data(),
      ...decVars.map((v) => v.data()),
    ]);
    tf.dispose([recT!, sampT!, codeT!]);
    let metricBatch: MetricBatch | null = null;
    if (this.metricDue) {
      this.metricDue = false;
      metricBatch = await this.sampleBytes();
    }
    const m = this.cfg.model;
    return {
      kind: 'aae',
      step: this.steps,
      prior: this.cfg.prior.kind,
      latentDim: m.latentDim,
      originals: toImageBatch(orig as Float32Array, this.reconX.shape[0]),
      recons: toImageBatch(rec as Float32Array, this.reconX.shape[0]),
      samples: toImageBatch(samp as Float32Array, SAMPLE_COUNT),
      codes: codes as Float32Array,
      codeLabels: this.test.labels.slice(0, n),
      priorZ: this.priorView.z.slice(),
      priorParts: this.priorView.part.slice(),
      decoder: { sizes: [m.latentDim, ...m.decoderHidden, 784], values: dec as Float32Array[] },
      metricBatch,
    };
  }

  setParams(raw: LiveParams): void {
    const p = parseAaeParams(raw);
    const before = this.cfg;
    this.cfg = applyAaeParams(this.cfg, p);
    if (p.phase) this.phase = p.phase;
    this.model.setLearningRates(this.cfg.optAE.lr, this.cfg.optG.lr, this.cfg.optD.lr);
    if (p.optG && p.optG !== before.optG.name) this.model.setOptimizer('g', this.cfg.optG);
    if (p.optD && p.optD !== before.optD.name) this.model.setOptimizer('d', this.cfg.optD);
  }

  /** Queries: `decode` {z: n x latentDim} -> {pixels}; `samples` {count} -> a MetricBatch. */
  async query(q: EngineQuery): Promise<QueryAnswer> {
    if (isWeightsQuery(q)) return answerImageWeightsQuery(this.weightsTarget(), q);
    if (q.type === 'samples') {
      const count = Number(q.count);
      if (!Number.isInteger(count) || count < 10 || count > 10_000)
        throw new Error('samples needs a count from 10 to 10,000');
      const b = await this.sampleBytes(count);
      return { result: b, transfer: [b.pixels.buffer, b.z.buffer] };
    }
    throw new Error(`unknown AAE query "${q.type}"`);
  }

  /** What a checkpoint holds: encoder, decoder and latent discriminator, their three optimizers, the place. */
  weightsTarget(): ImageWeightsTarget {
    const v = this.model.optimizerVariables();
    const m = this.model;
    return {
      kind: 'aae',
      values: [...v.ae, ...v.d],
      optimizers: [
        { role: 'ae', name: this.cfg.optAE.name, opt: m.optAE, vars: v.ae },
        { role: 'g', name: this.cfg.optG.name, opt: m.optG, vars: v.g },
        { role: 'd', name: this.cfg.optD.name, opt: m.optD, vars: v.d },
      ],
      rng: this.rng,
      order: this.order,
      steps: this.steps,
      setSteps: (n) => (this.steps = n),
      counters: {},
      setCounters: () => {},
    };
  }

  dispose(): void {
    this.model.dispose();
    tf.dispose([this.reconX, this.sampleZ, this.metricPrior]);
  }
}

export async function createAaeExperiment(config: ExperimentConfig, ctx: ExperimentContext) {
  if (config.kind !== 'aae') throw new Error('createAaeExperiment needs an aae config');
  const mnist = await ctx.loadMnist();
  return new AaeExperiment(
    config,
    subset(mnist.train, config.data.trainSubset),
    subset(mnist.test, config.data.testSubset),
  );
}
