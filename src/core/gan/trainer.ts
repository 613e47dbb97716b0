import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng';
import { Mlp, type Activation } from './mlp';
import { NoiseSource, type NoiseSpec } from './noise';
import { dLoss, gLoss, gradientPenalty, outputIsLogit, type FDivergence, type LossName } from './objectives';
import { FlatOptimizer, optimizerUpdate, type OptimizerSpec } from './optim';
import { packRows, tileRows } from './pack';

export type { OptimizerName, OptimizerSpec } from './optim';
export { makeOptimizer, setLearningRate } from './tfOptimizers';

export interface NetSpec {
  layers: number;
  width: number;
  activation: Activation;
}

export interface GanSpec extends NoiseSpec {
  generator: NetSpec;
  discriminator: NetSpec;
  /** PacGAN (Lin et al. 2018): D judges m samples at once (1 = an ordinary discriminator). */
  pack: number;
}

export type UnrollOrder = 'first' | 'second';

/** What the objective needs at each step; all of it can change mid-run. */
export interface ObjectiveSettings {
  loss: LossName;
  fDivergence: FDivergence;
  gpLambda: number;
  clip: number;
  unrollSteps: number;
  /**
   * 'second': G's gradient flows through the K look-ahead updates of D (Metz et al. 2017);
   * 'first': D's K updates are taken as constants (cheaper, no second-order term).
   */
  unrollOrder: UnrollOrder;
}

export interface DStepOut {
  loss: tf.Scalar;
  /** Mean D(x) and D(G(z)) as probabilities for logit losses, raw scores otherwise. */
  real: tf.Scalar;
  fake: tf.Scalar;
  /** Mean raw output on real minus on fake: the critic's Wasserstein estimate for WGAN losses. */
  gap: tf.Scalar;
}

export interface GStepOut {
  loss: tf.Scalar;
  gradNorm: tf.Scalar;
}

/**
 * Generator and discriminator MLPs with one optimizer each, and the two updates of Algorithm 1
 * (Goodfellow et al. 2014): a D step on a real batch and a fake batch, a G step through D.
 * Tensors returned by the steps belong to the caller.
 */
export class GanPair {
  readonly G: Mlp;
  readonly D: Mlp;
  readonly pack: number;
  optG: FlatOptimizer;
  optD: FlatOptimizer;
  /** The look-ahead's learning rate; null = D's (optD.lr). */
  lookAheadLr: number | null = null;
  private readonly rng: Rng;
  private readonly noiseSource: NoiseSource;

  constructor(
    readonly spec: GanSpec,
    optG: OptimizerSpec,
    optD: OptimizerSpec,
    seed: number,
  ) {
    this.pack = spec.pack;
    this.G = new Mlp({ inputDim: spec.noiseDim, outputDim: 2, ...spec.generator }, seed, 'G');
    this.D = new Mlp({ inputDim: 2 * spec.pack, outputDim: 1, ...spec.discriminator }, seed + 1000, 'D');
    this.optG = new FlatOptimizer(optG);
    this.optD = new FlatOptimizer(optD);
    this.rng = new Rng(seed + 2000);
    this.noiseSource = new NoiseSource(spec, seed + 3000);
  }

  /** Blob centres for prior 'mixture' (components x noiseDim, row-major); null otherwise. */
  get mixtureCentres(): Float32Array | null {
    return this.noiseSource.centres;
  }

  /** n noise vectors from the prior (./noise.ts). */
  noise(n: number, seed: number): tf.Tensor2D {
    return this.noiseSource.sample(n, seed);
  }

  /** G(z), no gradient to G. */
  generate(z: tf.Tensor2D): tf.Tensor2D {
    return this.G.apply(z, true);
  }

  /**
   * D's raw output (logit or critic value) as a column, one row per group of `pack` consecutive points.
   * `frozen`: only a gradient with respect to x will be taken.
   */
  critic(x: tf.Tensor2D, needInputGrad = false, frozen = false): tf.Tensor2D {
    return this.D.applyWith(this.D.views(), packRows(x, this.pack), !needInputGrad, frozen);
  }

  /** D's output at single points: with packing, each point packed with copies of itself, D(x, ..., x). */
  criticAt(points: tf.Tensor2D): tf.Tensor2D {
    const x = this.pack > 1 ? tileRows(points, this.pack) : points;
    return this.D.applyWith(this.D.views(), x, true, true);
  }

  /**
   * The D loss of the objective on packed real and fake batches (rows already packed), for D parameters `dParams`
   * (unpacked), including the WGAN-GP penalty. One forward pass over real and fake together.
   */
  dObjective(
    o: ObjectiveSettings,
    dParams: readonly tf.Tensor[],
    real: tf.Tensor2D,
    fake: tf.Tensor2D,
    eps: tf.Tensor2D | null,
    fakeNeedsGrad = false,
  ) {
    const n = real.shape[0];
    const out = this.D.applyWith(dParams, tf.concat([real, fake]) as tf.Tensor2D, !fakeNeedsGrad);
    const r = tf.slice(out, [0, 0], [n, 1]);
    const f = tf.slice(out, [n, 0], [fake.shape[0], 1]);
    let loss = dLoss(o.loss, r, f, o.fDivergence);
    if (o.loss === 'wganGp' && eps && o.gpLambda > 0) {
      const critic = (x: tf.Tensor2D) => this.D.applyWith(dParams, x);
      loss = tf.add(loss, tf.mul(o.gpLambda, gradientPenalty(critic, real, fake, eps)));
    }
    return { loss, r, f };
  }

  /** Uniform interpolation weights for the gradient penalty, one per packed pair (null unless WGAN-GP). */
  private gpEps(o: ObjectiveSettings, rows: number): tf.Tensor2D | null {
    return o.loss === 'wganGp' ? tf.randomUniform([rows, 1], 0, 1, 'float32', this.rng.seed()) : null;
  }

  /** One discriminator update on a real batch and G(z). */
  dStep(o: ObjectiveSettings, real: tf.Tensor2D, z: tf.Tensor2D, apply = true): DStepOut {
    return tf.tidy(() => {
      const r = packRows(real, this.pack);
      const f = packRows(this.generate(z), this.pack);
      const eps = this.gpEps(o, r.shape[0]);
      let kept: tf.Scalar[] = [];
      const lossFn = (...params: tf.Tensor[]) => {
        const out = this.dObjective(o, params, r, f, eps);
        // keep(): grads() runs this inside its own tidy, which would dispose the summaries.
        const s = summarise(o.loss, out.r, out.f);
        kept = [s.real, s.fake, s.gap].map((t) => tf.keep(t));
        return out.loss;
      };
      const params = this.D.views();
      let loss: tf.Scalar;
      if (apply) {
        const { value, grads } = tf.valueAndGrads(lossFn)(params);
        this.optD.apply(this.D.flat, this.D.pack(grads));
        this.D.changed();
        if (o.loss === 'wgan') this.D.clip(o.clip);
        loss = value as tf.Scalar;
      } else {
        loss = lossFn(...params) as tf.Scalar;
      }
      // Clones are tracked by this tidy and handed to the caller; the kept originals go now.
      const [real_, fake_, gap] = kept.map((t) => tf.clone(t));
      tf.dispose(kept);
      return { loss, real: real_!, fake: fake_!, gap: gap! };
    });
  }

  /**
   * D's parameters after K more updates on the current fakes, taken as D's next K steps would be:
   * D's own optimiser (same update, learning rate, moments and step count, copied, not changed),
   * fresh real batches, the fakes G(z). With `gParams`, the fakes are G(z; gParams) and every op is
   * recorded, so that the result is differentiable in G's parameters (second order); without, the
   * fakes are constants (first order).
   */
  lookAhead(
    o: ObjectiveSettings,
    z: tf.Tensor2D,
    realBatches: (() => tf.Tensor2D)[],
    gParams: readonly tf.Tensor[] | null,
  ): tf.Tensor1D {
    const s = this.optD.state;
    let d: tf.Tensor1D = this.D.flat;
    let m = s.m;
    let v = s.v;
    // G and z do not change during the look-ahead: one forward pass of G serves all K updates.
    const fake = packRows(gParams ? this.G.applyWith(gParams, z, true) : this.generate(z), this.pack);
    for (let k = 0; k < o.unrollSteps; k++) {
      const real = packRows(realBatches[k % realBatches.length]!(), this.pack);
      const eps = this.gpEps(o, real.shape[0]);
      const params = k === 0 ? this.D.views() : this.D.unpack(d);
      const grads = tf.grads((...p: tf.Tensor[]) => this.dObjective(o, p, real, fake, eps, !!gParams).loss)(
        params,
      );
      const u = optimizerUpdate(
        this.optD.spec,
        this.lookAheadLr ?? this.optD.lr,
        d,
        this.D.pack(grads),
        m,
        v,
        s.t + k + 1,
      );
      d = o.loss === 'wgan' ? tf.clipByValue(u.p, -o.clip, o.clip) : u.p;
      m = u.m;
      v = u.v;
    }
    return d;
  }

  /**
   * One generator update. With `unrollSteps` = K > 0 (Metz et al. 2017), G's loss is taken against D
   * after K look-ahead updates (see lookAhead); D itself is not changed. Second order by default: G's
   * gradient includes how D's K updates respond to G; `unrollOrder: 'first'` drops that term.
   */
  gStep(
    o: ObjectiveSettings,
    z: tf.Tensor2D,
    unrollBatches: (() => tf.Tensor2D)[] = [],
    apply = true,
  ): GStepOut {
    return tf.tidy(() => {
      const { loss, grad } = this.gGradient(o, z, unrollBatches);
      const gradNorm = tf.sqrt(tf.sum(tf.square(grad))) as tf.Scalar;
      if (apply) {
        this.optG.apply(this.G.flat, grad);
        this.G.changed();
      }
      return { loss, gradNorm };
    });
  }

  /** G's loss and its gradient (flat, like G's parameters). */
  gGradient(
    o: ObjectiveSettings,
    z: tf.Tensor2D,
    unrollBatches: (() => tf.Tensor2D)[] = [],
  ): { loss: tf.Scalar; grad: tf.Tensor1D } {
    const unroll = o.unrollSteps > 0 && unrollBatches.length > 0;
    const gParams = this.G.views();
    let f: (...p: tf.Tensor[]) => tf.Scalar;
    if (!unroll || o.unrollOrder === 'first') {
      const dParams = unroll ? this.D.unpack(this.lookAhead(o, z, unrollBatches, null)) : this.D.views();
      f = (...p) => {
        const x = packRows(this.G.applyWith(p, z, true), this.pack);
        return gLoss(o.loss, this.D.applyWith(dParams, x, false, true), o.fDivergence);
      };
    } else {
      f = (...p) => {
        const dParams = this.D.unpack(this.lookAhead(o, z, unrollBatches, p));
        const x = packRows(this.G.applyWith(p, z, true), this.pack);
        return gLoss(o.loss, this.D.applyWith(dParams, x), o.fDivergence);
      };
    }
    const { value, grads } = tf.valueAndGrads(f)(gParams);
    return { loss: value as tf.Scalar, grad: this.G.pack(grads) };
  }

  /**
   * Learning rates for the next updates. The look-ahead follows D's unless given its own rate (it stands
   * in for D's next steps; a fixed look-ahead rate keeps it responsive while D's own rate decays).
   */
  setLearningRates(lrG: number, lrD: number, lrLookAhead: number | null = null): void {
    this.optG.lr = lrG;
    this.optD.lr = lrD;
    this.lookAheadLr = lrLookAhead;
  }

  /** A new optimiser for one network; its moments start from zero. */
  setOptimizer(net: 'G' | 'D', spec: OptimizerSpec): void {
    if (net === 'G') {
      this.optG.dispose();
      this.optG = new FlatOptimizer(spec);
    } else {
      this.optD.dispose();
      this.optD = new FlatOptimizer(spec);
    }
  }

  dispose(): void {
    this.G.dispose();
    this.D.dispose();
    this.optG.dispose();
    this.optD.dispose();
  }
}

/** Mean D outputs for display: probabilities for logit losses, raw scores otherwise. */
function summarise(
  loss: LossName,
  r: tf.Tensor,
  f: tf.Tensor,
): { real: tf.Scalar; fake: tf.Scalar; gap: tf.Scalar } {
  const gap = tf.sub(tf.mean(r), tf.mean(f)) as tf.Scalar;
  if (outputIsLogit(loss)) return { real: tf.mean(tf.sigmoid(r)), fake: tf.mean(tf.sigmoid(f)), gap };
  return { real: tf.mean(r), fake: tf.mean(f), gap };
}
