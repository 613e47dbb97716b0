import * as tf from '@tensorflow/tfjs';
import type { Gan2dConfig } from '../config/gan2d';
import type { ExperimentConfig } from '../config/schema';
import { makeDataset, type Dataset2d } from '../core/gan/datasets';
import {
  dataCellMass,
  defaultBandwidth,
  gaussianCellMass,
  gridCentres2d,
  type Grid2d,
} from '../core/gan/density';
import { gridJs, METRIC_SAMPLES, modeCoverage } from '../core/gan/metrics';
import { gLoss } from '../core/gan/objectives';
import { criticShade, criticValue, optimumKind, optimumShade, optimumValues } from '../core/gan/optimum';
import type { NoisePrior } from '../core/gan/noise';
import { GanPair, type ObjectiveSettings } from '../core/gan/trainer';
import { Rng } from '../core/rng';
import type { Experiment, LiveParams, StepOutput } from './experiment';
import { stepRunProgress } from './experiment';
import { applyLiveParams, parseLiveParams, type Phase } from './gan2dParams';
import type { Gan2dSnapshot, ModeSummary } from './gan2dSnapshot';
import { answerGanWeightsQuery, type GanWeightsTarget } from './gan2dWeights';
import { isWeightsQuery } from './weightsProtocol';

const GRID = 48;
const ARROWS = 256;
const MANIFOLD = 21;
/** G steps between two records of the captured-mode set (modes visited over the run). */
export const MODE_RECORD_EVERY = 100;
/** Fast-forward: wall time one step() call aims at (several iterations), and snapshots at most 1/s. */
const FAST_CALL_MS = 60;
const FAST_SNAPSHOT_MS = 1000;
/** Snapshots take at most about this share of the time (their interval grows with their cost). */
const SNAPSHOT_SHARE = 0.1;

export const GAN2D_METRICS = ['dLoss', 'gLoss', 'dReal', 'dFake', 'gGradNorm', 'wEstimate'] as const;

export interface Gan2dEvaluation {
  modes_captured: number;
  modes_total: number;
  hq_fraction: number;
  /** Null when no sample is high quality. */
  kl_uniform: number | null;
  js: number;
  /** High-quality samples per mode. */
  counts: number[];
  /** Modes captured at any record so far (every MODE_RECORD_EVERY G steps and at the end). */
  modes_visited: number;
  /** Modes that held at least half of all samples at some record: where a collapsed G sat. */
  dominant_modes_visited: number;
}

/** The captured-mode set at one G step. */
export interface ModeRecord {
  step: number;
  captured: number[];
  /** The mode holding at least half of all samples, or null. */
  dominant: number | null;
}

/**
 * A GAN on a 2-D toy distribution. One step is one iteration of Algorithm 1: k D updates, then one
 * G update (or only one of them, by `phase`). Metrics per step: D and G loss, mean D(x) and D(G(z))
 * (probabilities for logit losses, raw scores otherwise), G's gradient norm, and the mean raw output
 * on real minus fake (the critic's Wasserstein estimate for WGAN losses).
 */
export class Gan2dExperiment implements Experiment {
  readonly metricNames = GAN2D_METRICS;
  readonly pair: GanPair;
  private cfg: Gan2dConfig;
  private data: Dataset2d;
  private readonly rng: Rng;
  private phase: Phase = 'both';
  /** Generator updates so far: the lab's step counter (D-only steps do not advance it). */
  private steps = 0;
  /** Discriminator updates so far. */
  private dUpdates = 0;
  private fastForward = false;
  private iterationMs = 0;
  private snapshotMs = 0;
  /** The captured-mode set every MODE_RECORD_EVERY G steps (mixtures only). */
  readonly modeRecords: ModeRecord[] = [];
  private readonly visited = new Set<number>();
  private readonly dominantVisited = new Set<number>();
  private readonly viewNoise: tf.Tensor2D;
  private readonly evalNoise: tf.Tensor2D;
  private readonly manifoldNoise: tf.Tensor2D;
  private viewReal!: Float32Array;
  private evalReal!: Float32Array;
  private grid!: Grid2d;
  private gridPoints!: tf.Tensor2D;
  private pData!: Float64Array;

  constructor(config: Gan2dConfig) {
    this.cfg = structuredClone(config);
    this.rng = new Rng(config.seed);
    this.pair = new GanPair(
      {
        noiseDim: config.noise.dim,
        prior: config.noise.prior,
        mixture: { components: config.noise.components, sd: config.noise.componentSd },
        generator: config.generator,
        discriminator: config.discriminator,
        pack: config.discriminator.pack,
      },
      config.optG,
      config.optD,
      this.rng.seed(),
    );
    const fixed = new Rng(config.seed + 7919);
    this.evalNoise = this.pair.noise(METRIC_SAMPLES, fixed.seed());
    this.viewNoise = this.evalNoise;
    this.manifoldNoise = manifoldLattice(config.noise.dim, config.noise.prior);
    this.data = this.setData(config);
  }

  get config(): Gan2dConfig {
    return this.cfg;
  }

  /**
   * Snapshots feed a live canvas: about 10 a second while training (1 a second in fast-forward), but
   * never more often than keeps their cost under SNAPSHOT_SHARE of the time.
   */
  get snapshotIntervalMs(): number {
    return Math.max(this.fastForward ? FAST_SNAPSHOT_MS : 100, this.snapshotMs / SNAPSHOT_SHARE);
  }

  private setData(c: Gan2dConfig): Dataset2d {
    const flat = c.data.points.flat();
    const data = makeDataset(c.data.dataset, flat, c.data.jitter);
    const fixed = new Rng(c.seed + 104729);
    this.viewReal = data.sample(METRIC_SAMPLES, fixed);
    this.evalReal = this.viewReal;
    this.grid = { extent: data.extent, size: GRID };
    this.gridPoints?.dispose();
    this.gridPoints = tf.tensor2d(gridCentres2d(this.grid), [GRID * GRID, 2]);
    this.pData = dataCellMass(data.mixture, this.evalReal, defaultBandwidth(this.grid), this.grid);
    this.data = data;
    return data;
  }

  private get objective(): ObjectiveSettings {
    return this.cfg.objective;
  }

  private realBatch(n: number): tf.Tensor2D {
    return tf.tensor2d(this.data.sample(n, this.rng), [n, 2]);
  }

  /** Learning-rate factor of the schedule at the current step: linear from 1 to the floor at maxSteps. */
  private lrFactor(): number {
    const t = this.cfg.training;
    if (t.lrDecay !== 'linear') return 1;
    const floor = t.lrDecayFloor;
    return floor + (1 - floor) * Math.max(0, 1 - this.steps / t.maxSteps);
  }

  /**
   * One iteration of Algorithm 1 (several in fast-forward, as many as fit in about FAST_CALL_MS). The
   * metrics are those of the last iteration.
   */
  step(): StepOutput {
    const n = this.cfg.training.batchSize;
    const calls = this.fastForward
      ? Math.max(1, Math.min(50, Math.round(FAST_CALL_MS / Math.max(1, this.iterationMs))))
      : 1;
    let metrics: tf.Tensor1D | null = null;
    let done = 0;
    const before = this.steps;
    const max = this.cfg.training.maxSteps;
    const t0 = performance.now();
    for (let i = 0; i < calls && !(i > 0 && this.finished()); i++) {
      metrics?.dispose();
      metrics = this.iteration(n);
      done++;
    }
    this.iterationMs = (performance.now() - t0) / done;
    return {
      metrics: metrics!,
      examples: n * done,
      epochEnded: before < max && this.steps >= max,
    };
  }

  private iteration(n: number): tf.Tensor1D {
    const f = this.lrFactor();
    const o = this.objective;
    const lrD = this.cfg.optD.lr;
    this.pair.setLearningRates(
      this.cfg.optG.lr * f,
      lrD * f,
      this.cfg.objective.unrollLr === 'fixed' ? lrD : lrD * f,
    );
    const p = this.pair;
    const trainD = this.phase !== 'g';
    const trainG = this.phase !== 'd';
    const metrics = tf.tidy(() => {
      let d = p.dStep(o, this.realBatch(n), p.noise(n, this.rng.seed()), trainD);
      for (let i = 1; trainD && i < this.cfg.training.dSteps; i++) {
        tf.dispose([d.loss, d.real, d.fake, d.gap]);
        d = p.dStep(o, this.realBatch(n), p.noise(n, this.rng.seed()));
      }
      const unroll = Array.from({ length: o.unrollSteps }, () => () => this.realBatch(n));
      const g = p.gStep(o, p.noise(n, this.rng.seed()), unroll, trainG);
      return tf.stack([d.loss, g.loss, d.real, d.fake, g.gradNorm, d.gap]) as tf.Tensor1D;
    });
    if (trainD) this.dUpdates += this.cfg.training.dSteps;
    if (trainG) {
      this.steps++;
      if (this.steps % MODE_RECORD_EVERY === 0 || this.steps === this.cfg.training.maxSteps)
        this.recordModes();
    }
    return metrics;
  }

  /** Add the captured-mode set of G now (fixed evaluation noise) to the records. */
  private recordModes(): void {
    const mix = this.data.mixture;
    if (!mix) return;
    const t = tf.tidy(() => this.pair.generate(this.evalNoise));
    const fake = t.dataSync() as Float32Array; // once per 100 G steps
    t.dispose();
    this.noteModes(modeCoverage(fake, mix).counts, fake.length / 2);
  }

  private noteModes(counts: ArrayLike<number>, samples: number): void {
    const captured: number[] = [];
    let dominant: number | null = null;
    for (let m = 0; m < counts.length; m++) {
      if (counts[m]! > 0) captured.push(m);
      if (counts[m]! >= samples / 2) dominant = m;
    }
    const last = this.modeRecords[this.modeRecords.length - 1];
    if (last?.step === this.steps) return;
    this.modeRecords.push({ step: this.steps, captured, dominant });
    for (const m of captured) this.visited.add(m);
    if (dominant !== null) this.dominantVisited.add(dominant);
  }

  /** Distinct modes captured at any record so far. */
  get modesVisited(): number {
    return this.visited.size;
  }

  finished(): boolean {
    return this.steps >= this.cfg.training.maxSteps;
  }

  progress() {
    return stepRunProgress(this.steps, this.cfg.training.maxSteps, this.cfg.training.batchSize);
  }

  /** 2,500 samples of G (fixed noise), interleaved x, y. */
  async samples(noise: tf.Tensor2D = this.evalNoise): Promise<Float32Array> {
    const t = tf.tidy(() => this.pair.generate(noise));
    const v = (await t.data()) as Float32Array;
    t.dispose();
    return v;
  }

  /** Mode coverage (VEEGAN / PacGAN rule, 2,500 samples) and the grid JS divergence. */
  async evaluate(): Promise<Record<string, number>> {
    const e = await this.evaluateModes();
    const out: Record<string, number> = {
      modes_captured: e.modes_captured,
      modes_total: e.modes_total,
      hq_fraction: e.hq_fraction,
      js: e.js,
      modes_visited: e.modes_visited,
      dominant_modes_visited: e.dominant_modes_visited,
    };
    // KL to uniform is undefined when no sample is high quality: left out rather than invented.
    if (e.kl_uniform !== null) out.kl_uniform = e.kl_uniform;
    return out;
  }

  async evaluateModes(fake?: Float32Array): Promise<Gan2dEvaluation> {
    const f = fake ?? (await this.samples());
    const js = gridJs(this.evalReal, f, this.data.extent, 50);
    const mix = this.data.mixture;
    if (!mix)
      return {
        modes_captured: 0,
        modes_total: 0,
        hq_fraction: 0,
        kl_uniform: null,
        js,
        counts: [],
        modes_visited: 0,
        dominant_modes_visited: 0,
      };
    const m = modeCoverage(f, mix);
    return {
      modes_captured: m.captured,
      modes_total: m.total,
      hq_fraction: m.hqFraction,
      kl_uniform: m.klUniform,
      js,
      counts: Array.from(m.counts),
      modes_visited: this.visited.size,
      dominant_modes_visited: this.dominantVisited.size,
    };
  }

  async snapshot(): Promise<Gan2dSnapshot> {
    const t0 = performance.now();
    const o = this.objective;
    const p = this.pair;
    const [fakeT, dT, arrowT, manT] = tf.tidy(() => {
      const fake = p.generate(this.viewNoise);
      const d = p.criticAt(this.gridPoints);
      const head = fake.slice([0, 0], [ARROWS, 2]);
      const grad = tf.grad((x: tf.Tensor) =>
        gLoss(o.loss, p.critic(x as tf.Tensor2D, true, true), o.fDivergence),
      )(head);
      return [fake, d, tf.mul(grad, -ARROWS), p.generate(this.manifoldNoise)];
    });
    const [fake, dRaw, arrows, manifold] = (await Promise.all([
      fakeT!.data(),
      dT!.data(),
      arrowT!.data(),
      manT!.data(),
    ])) as Float32Array[];
    tf.dispose([fakeT!, dT!, arrowT!, manT!]);
    const e = await this.evaluateModes(fake);
    const div = o.fDivergence;
    const dGrid = dRaw!.map((v) => criticValue(o.loss, div, v));
    const pG = gaussianCellMass(fake!, defaultBandwidth(this.grid), this.grid);
    // Where neither density reaches 1/1000 of its peak the ratio is noise of the kernel tails: undecided.
    let peak = 0;
    for (let i = 0; i < pG.length; i++) peak = Math.max(peak, this.pData[i]! + pG[i]!);
    const opt = optimumValues(o.loss, div, this.pData, pG, p.pack, 1e-3 * peak);
    const modes: ModeSummary | null = e.modes_total
      ? {
          captured: e.modes_captured,
          total: e.modes_total,
          hqFraction: e.hq_fraction,
          klUniform: e.kl_uniform,
          counts: e.counts,
          samples: fake!.length / 2,
          visited: [...this.visited].sort((a, b) => a - b),
        }
      : null;
    const snap: Gan2dSnapshot = {
      kind: 'gan2d',
      step: this.steps,
      dUpdates: this.dUpdates,
      dataset: this.data.name,
      loss: o.loss,
      fDivergence: div,
      pack: p.pack,
      phase: this.phase,
      fastForward: this.fastForward,
      extent: { ...this.data.extent },
      real: this.viewReal.slice(),
      fake: fake!,
      arrows: arrows!,
      gridSize: GRID,
      dGrid,
      dShade: criticShade(o.loss, div, dGrid),
      optimum: optimumKind(o.loss, div),
      optimumGrid: opt ? Float32Array.from(opt) : null,
      optimumShade: opt ? optimumShade(o.loss, div, opt) : null,
      pData: Float32Array.from(this.pData),
      pG: Float32Array.from(pG),
      manifold: manifold!,
      manifoldSize: MANIFOLD,
      modes,
      js: e.js,
    };
    this.snapshotMs = performance.now() - t0;
    return snap;
  }

  /** Live changes (see gan2dParams.ts); invalid values throw an Error naming the field. */
  setParams(raw: LiveParams): void {
    const p = parseLiveParams(raw);
    const before = this.cfg;
    this.cfg = applyLiveParams(this.cfg, p);
    if (p.phase) this.phase = p.phase;
    if (p.fastForward !== undefined) this.fastForward = p.fastForward;
    // Learning rates (times the schedule's factor) are written into the optimizers before every step.
    if (p.optG && p.optG !== before.optG.name) this.pair.setOptimizer('G', this.cfg.optG);
    if (p.optD && p.optD !== before.optD.name) this.pair.setOptimizer('D', this.cfg.optD);
    if (p.dataset && p.dataset !== before.data.dataset) this.setData(this.cfg);
  }

  /** Queries: `setPoints` ({points: number[] interleaved x, y; jitter?}) switches to user data. */
  async query(q: { type: string; [k: string]: unknown }) {
    // Saved runs: export and import of weights, optimizer state and place in training (gan2dWeights.ts).
    if (isWeightsQuery(q)) return answerGanWeightsQuery(this.weightsTarget(), q);
    if (q.type === 'setPoints') {
      const pts = Array.from(q.points as ArrayLike<number>);
      if (pts.length < 2 || pts.length % 2 || pts.length > 20_000 || !pts.every(Number.isFinite)) {
        throw new Error('setPoints needs 1 to 10,000 finite (x, y) pairs');
      }
      const pairs: [number, number][] = [];
      for (let i = 0; i < pts.length; i += 2) pairs.push([pts[i]!, pts[i + 1]!]);
      const jitter = typeof q.jitter === 'number' ? q.jitter : this.cfg.data.jitter;
      this.cfg = { ...this.cfg, data: { dataset: 'points', points: pairs, jitter } };
      this.setData(this.cfg);
      return { result: { ok: true, count: pairs.length } };
    }
    throw new Error(`unknown GAN query "${q.type}"`);
  }

  private weightsTarget(): GanWeightsTarget {
    const pairRng = (this.pair as unknown as { rng: Rng }).rng;
    return {
      pair: this.pair,
      rngs: { experiment: this.rng, pair: pairRng },
      steps: this.steps,
      setSteps: (n) => void (this.steps = n),
      dUpdates: this.dUpdates,
      modeRecords: this.modeRecords,
      setHistory: (dUpdates, records) => {
        this.dUpdates = dUpdates;
        this.modeRecords.splice(0, this.modeRecords.length, ...records);
        this.visited.clear();
        this.dominantVisited.clear();
        for (const r of records) {
          for (const m of r.captured) this.visited.add(m);
          if (r.dominant !== null) this.dominantVisited.add(r.dominant);
        }
      },
      optimizerNames: { G: this.cfg.optG.name, D: this.cfg.optD.name },
    };
  }

  dispose(): void {
    this.pair.dispose();
    this.evalNoise.dispose();
    this.manifoldNoise.dispose();
    this.gridPoints.dispose();
  }
}

/** A lattice over the first two noise dimensions (+/- 2 for Gaussian and mixture noise, whose blob centres are N(0, I); +/- 1 for uniform), the rest 0. */
function manifoldLattice(dim: number, prior: NoisePrior): tf.Tensor2D {
  const r = prior === 'uniform' ? 1 : 2;
  const z = new Float32Array(MANIFOLD * MANIFOLD * dim);
  for (let i = 0; i < MANIFOLD; i++) {
    for (let j = 0; j < MANIFOLD; j++) {
      const row = (i * MANIFOLD + j) * dim;
      z[row] = -r + (2 * r * j) / (MANIFOLD - 1);
      if (dim > 1) z[row + 1] = -r + (2 * r * i) / (MANIFOLD - 1);
    }
  }
  return tf.tensor2d(z, [MANIFOLD * MANIFOLD, dim]);
}

export async function createGan2dExperiment(config: ExperimentConfig): Promise<Gan2dExperiment> {
  if (config.kind !== 'gan2d') throw new Error('createGan2dExperiment needs a gan2d config');
  return new Gan2dExperiment(config);
}
