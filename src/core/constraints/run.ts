import { makeDataset, type Dataset2d, type DatasetName } from '../gan/datasets';
import { Rng } from '../rng';
import { ConditionalGan } from './condGan';
import { ConstraintGan, type SmallGanSpec } from './ganModel';
import { fitLatentMixture, sampleLatentMixture } from './latentMixture';
import { mmdToTarget, targetModesCaptured } from './metrics';
import { rejectionSample } from './samplers';
import { feasibilityRate, tilt, type Constraint } from './shapes';
import { Vae2d } from './vae2d';
import { vaeMixturePriorSample } from './vaePrior';
import { constrainedTarget, modeShares, type ConstrainedTarget } from './target';

/** Where the constraint enters (issue 11, item 2); "unconstrained" is the plain model, for reference. */
export const METHODS = [
  'unconstrained',
  'filter',
  'penalty',
  'prior',
  'conditional',
  'vae',
  'vaeFilter',
  'vaePenalty',
  'vaePrior',
  'rejection',
  'langevin',
] as const;
export type Method = (typeof METHODS)[number];

export const METHOD_LABELS: Record<Method, string> = {
  unconstrained: 'no constraint (one shot)',
  filter: '(a) data filtering (one shot)',
  penalty: '(b) penalty in G loss (one shot)',
  prior: '(c) mixture prior on feasible codes (one shot)',
  conditional: '(d) conditional GAN, c = feasible (one shot)',
  vae: 'VAE, no constraint (one shot)',
  vaeFilter: '(a) VAE on filtered data (one shot)',
  vaePenalty: '(b) VAE, penalised ELBO eq. 18 (one shot)',
  vaePrior: '(c) VAE, mixture prior on feasible codes (one shot)',
  rejection: '(e) rejection sampling',
  langevin: '(e) latent Langevin + projection',
};

export interface RunSettings {
  dataset: Exclude<DatasetName, 'points'>;
  constraint: Constraint;
  /** The nets and optimiser of every model; `gan.steps` is the training length of all but the base GAN. */
  gan: SmallGanSpec;
  /** Training steps of the base GAN (its four rows: unconstrained, prior, rejection, langevin). */
  baseSteps: number;
  samples: number;
  langevinSteps: number;
  langevinStep: number;
}

export interface MethodResult {
  method: Method;
  seed: number;
  /** Share of the samples inside C. */
  feasibility: number;
  /** MMD to the grid target (Gaussian kernel, bandwidth 0.2). */
  divergence: number;
  /** Target modes captured (mixture datasets only; null otherwise) out of modes_total. */
  modes_captured: number | null;
  modes_total: number | null;
  /** Share of the samples within 3 sigma of a target mode (mixture datasets only; null otherwise). */
  hq: number | null;
  /** Forward passes of G per delivered sample. */
  cost: number;
  /** Samples delivered (rejection may deliver fewer than asked if acceptance is tiny). */
  n: number;
  points: Float32Array;
}

type ModelName = 'base' | 'filter' | 'penalty' | 'conditional' | 'vae' | 'vaeFilter' | 'vaePenalty';

/** The models trained, in order, and the methods each one serves. */
const MODELS: { name: ModelName; methods: Method[] }[] = [
  { name: 'base', methods: ['unconstrained', 'prior', 'rejection', 'langevin'] },
  { name: 'filter', methods: ['filter'] },
  { name: 'penalty', methods: ['penalty'] },
  { name: 'conditional', methods: ['conditional'] },
  { name: 'vae', methods: ['vae', 'vaePrior'] },
  { name: 'vaeFilter', methods: ['vaeFilter'] },
  { name: 'vaePenalty', methods: ['vaePenalty'] },
];

/** Components of the mixture prior (way c) and codes drawn to fit it. */
export const PRIOR_COMPONENTS = 8;
export const PRIOR_FIT_CODES = 4000;

type Model = ConstraintGan | ConditionalGan | Vae2d;

/**
 * Each model's training seed is seed * 101 + SEED_SLOT[model], and its rows draw (rejection proposals, the
 * prior fits) from a fresh Rng(seed * 7919 + 3). Both depend only on the seed and the model, so a run of some
 * methods (`--methods`) prints the same lines as the run of all methods. The slots are the models' places in
 * the runs that measured the lab's 10-seed numbers (docs/constraints.md): the base GAN alone, `--methods
 * filter,penalty,conditional,vaeFilter,vaePenalty` and `--methods vae,vaePrior`, so those numbers are what a
 * full run prints. Models of one slot (base, filter, vae) start from the same draws: the base and filtered
 * GANs share their initial weights.
 */
const SEED_SLOT: Record<ModelName, number> = {
  base: 0,
  filter: 0,
  penalty: 1,
  conditional: 2,
  vaeFilter: 3,
  vaePenalty: 4,
  vae: 0,
};
const measureSeed = (seed: number) => seed * 7919 + 3;

/**
 * One seed of the comparison, advanced a GAN step at a time (so the lab's worker can interleave it with
 * snapshots): trains the base model, the model on filtered data and the penalised model, and after each
 * model measures the methods it serves on the same grid target.
 */
export class ConstraintRun {
  readonly ds: Dataset2d;
  readonly target: ConstrainedTarget;
  readonly shares: Float64Array | null;
  readonly results: MethodResult[] = [];
  private model = 0;
  private gan: Model | null = null;
  /** The measurement stream of the model now training (or last trained). */
  private rng: Rng;

  /**
   * The models this run trains, each with the methods asked for among those it serves (`methods`) and the
   * ones it measures (`measured`): its methods up to the last one asked for, in order, because a method's
   * draws (the model's own sampling stream, the run's) follow those of the methods before it.
   */
  private readonly models: { name: ModelName; methods: Method[]; measured: Method[] }[];

  /** `methods`: measure only these (and train only the models they need); all by default. */
  constructor(
    readonly s: RunSettings,
    readonly seed: number,
    methods: readonly Method[] = METHODS,
  ) {
    this.models = MODELS.map((m) => {
      const last = Math.max(...m.methods.map((x, i) => (methods.includes(x) ? i : -1)));
      return {
        name: m.name,
        methods: m.methods.filter((x) => methods.includes(x)),
        measured: m.methods.slice(0, last + 1),
      };
    }).filter((m) => m.methods.length > 0);
    this.ds = makeDataset(s.dataset);
    this.target = constrainedTarget(this.ds, s.constraint);
    this.shares = this.ds.mixture ? modeShares(this.ds.mixture, this.target.grid, s.constraint) : null;
    this.rng = new Rng(measureSeed(seed));
  }

  /** Training steps of a model: the base GAN's own count, the others' `gan.steps`. */
  private stepsOf(name: ModelName): number {
    return name === 'base' ? this.s.baseSteps : this.s.gan.steps;
  }

  /** Steps of all the models this run trains. */
  get totalSteps(): number {
    return this.models.reduce((sum, m) => sum + this.stepsOf(m.name), 0);
  }

  /** Steps of the models trained so far plus those of the one in training. */
  get stepsDone(): number {
    let done = 0;
    for (let i = 0; i < this.model && i < this.models.length; i++) done += this.stepsOf(this.models[i]!.name);
    return done + (this.gan?.stepsDone ?? 0);
  }

  finished(): boolean {
    return this.model >= this.models.length;
  }

  /** Name of the model now training, or null when done. */
  get training(): string | null {
    return this.finished() ? null : this.models[this.model]!.name;
  }

  /** One GAN step; when a model is trained, measure its methods. Returns the results added. */
  step(): MethodResult[] {
    if (this.finished()) return [];
    const m = this.models[this.model]!;
    const c = this.s.constraint;
    const steps = this.stepsOf(m.name);
    if (!this.gan) {
      const seed = this.seed * 101 + SEED_SLOT[m.name];
      const spec = { ...this.s.gan, steps };
      this.rng = new Rng(measureSeed(this.seed));
      if (m.name === 'conditional') this.gan = new ConditionalGan(spec, this.ds, seed, c);
      else if (m.name.startsWith('vae'))
        this.gan = new Vae2d(
          spec,
          this.ds,
          seed,
          m.name === 'vaeFilter' ? c : null,
          m.name === 'vaePenalty' ? c : null,
        );
      else
        this.gan = new ConstraintGan(
          spec,
          this.ds,
          seed,
          m.name === 'filter' ? c : null,
          m.name === 'penalty' ? c : null,
        );
    }
    this.gan.step();
    if (this.gan.stepsDone < steps) return [];
    const added = m.measured
      .map((method) => this.measure(method, this.gan!))
      .filter((r) => m.methods.includes(r.method));
    this.gan.dispose();
    this.gan = null;
    this.model++;
    this.results.push(...added);
    return added;
  }

  /** Frees the model in training, if any (a run stopped midway). */
  dispose(): void {
    this.gan?.dispose();
    this.gan = null;
  }

  private measure(method: Method, model: Model): MethodResult {
    const c = this.s.constraint;
    const n = this.s.samples;
    let points: Float32Array;
    let cost = 1;
    if (model instanceof Vae2d && method === 'vaePrior') {
      // Fit: PRIOR_FIT_CODES training points, kept with probability tilt(x), one encoder pass each; cost
      // counts those passes and the decoder's, spread over the n samples.
      const x = this.ds.sample(PRIOR_FIT_CODES, this.rng);
      const kept: number[] = [];
      for (let i = 0; i < PRIOR_FIT_CODES; i++)
        if (this.rng.next() < tilt(c, x[2 * i]!, x[2 * i + 1]!)) kept.push(x[2 * i]!, x[2 * i + 1]!);
      points = kept.length
        ? vaeMixturePriorSample(model, Float32Array.from(kept), PRIOR_COMPONENTS, n, this.rng)
        : new Float32Array(0);
      cost = kept.length ? (PRIOR_FIT_CODES + n) / n : Infinity;
      return evaluate(method, this.seed, points, cost, c, this.target, this.ds, this.shares);
    }
    if (!(model instanceof ConstraintGan)) {
      points = model.generate(n);
      return evaluate(method, this.seed, points, cost, c, this.target, this.ds, this.shares);
    }
    const gan = model;
    if (method === 'prior') {
      // Fit: PRIOR_FIT_CODES codes through G once, kept with probability tilt(G(z)); cost spread over the n.
      const z = gan.codes(PRIOR_FIT_CODES);
      const x = gan.generateFrom(z);
      const d = gan.spec.noiseDim;
      const kept: number[] = [];
      for (let i = 0; i < PRIOR_FIT_CODES; i++)
        if (this.rng.next() < tilt(c, x[2 * i]!, x[2 * i + 1]!))
          for (let t = 0; t < d; t++) kept.push(z[i * d + t]!);
      if (kept.length === 0) {
        points = new Float32Array(0);
        cost = Infinity;
      } else {
        const mix = fitLatentMixture(kept, d, PRIOR_COMPONENTS, this.rng);
        points = gan.generateFrom(sampleLatentMixture(mix, n, this.rng));
        cost = (PRIOR_FIT_CODES + n) / n;
      }
    } else if (method === 'rejection') {
      const r = rejectionSample(
        (k) => gan.generate(k),
        (x, y) => tilt(c, x, y),
        n,
        this.rng,
      );
      points = r.points;
      cost = r.accepted ? r.forwardPasses / r.accepted : Infinity;
    } else if (method === 'langevin') {
      points = gan.langevinSample(c, n, this.s.langevinSteps, this.s.langevinStep);
      cost = this.s.langevinSteps + 1;
    } else {
      points = gan.generate(n);
    }
    return evaluate(method, this.seed, points, cost, c, this.target, this.ds, this.shares);
  }
}

export function evaluate(
  method: Method,
  seed: number,
  points: Float32Array,
  cost: number,
  c: Constraint,
  target: ConstrainedTarget,
  ds: Dataset2d,
  shares: Float64Array | null,
): MethodResult {
  const modes =
    ds.mixture && shares && points.length ? targetModesCaptured(points, ds.mixture, shares) : null;
  return {
    method,
    seed,
    feasibility: feasibilityRate(c.shape, points),
    divergence: mmdToTarget(points, target),
    modes_captured: modes ? modes.captured : null,
    modes_total: modes ? modes.total : null,
    hq: modes ? modes.hq : null,
    cost,
    n: points.length / 2,
    points,
  };
}
