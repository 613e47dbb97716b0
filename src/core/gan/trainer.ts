import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng';
import { Mlp, type Activation } from './mlp';
import { dLoss, gLoss, gradientPenalty, outputIsLogit, type FDivergence, type LossName } from './objectives';

export type OptimizerName = 'sgd' | 'adam' | 'rmsprop';
export interface OptimizerSpec {
  name: OptimizerName;
  lr: number;
  beta1: number;
  /** Adam's beta2, RMSProp's decay. */
  beta2: number;
}

export function makeOptimizer(o: OptimizerSpec): tf.Optimizer {
  switch (o.name) {
    case 'sgd':
      return tf.train.sgd(o.lr);
    case 'adam':
      return tf.train.adam(o.lr, o.beta1, o.beta2, 1e-8);
    case 'rmsprop':
      return tf.train.rmsprop(o.lr, o.beta2, 0, 1e-7);
  }
}

export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  // SGD caches -lr as a tensor and has a setter; Adam and RMSProp read the (protected) field each step.
  if (o.setLearningRate) o.setLearningRate(lr);
  else o.learningRate = lr;
}

export interface NetSpec {
  layers: number;
  width: number;
  activation: Activation;
}

export interface GanSpec {
  noiseDim: number;
  prior: 'gaussian' | 'uniform';
  generator: NetSpec;
  discriminator: NetSpec;
}

/** What the objective needs at each step; all of it can change mid-run. */
export interface ObjectiveSettings {
  loss: LossName;
  fDivergence: FDivergence;
  gpLambda: number;
  clip: number;
  unrollSteps: number;
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
  optG: tf.Optimizer;
  optD: tf.Optimizer;
  /** Separate optimizer for the unrolled look-ahead, so it does not disturb optD's moments. */
  private optUnroll: tf.Optimizer;
  private readonly rng: Rng;

  constructor(
    readonly spec: GanSpec,
    optG: OptimizerSpec,
    optD: OptimizerSpec,
    seed: number,
  ) {
    this.G = new Mlp({ inputDim: spec.noiseDim, outputDim: 2, ...spec.generator }, seed, 'G');
    this.D = new Mlp({ inputDim: 2, outputDim: 1, ...spec.discriminator }, seed + 1000, 'D');
    this.optG = makeOptimizer(optG);
    this.optD = makeOptimizer(optD);
    this.optUnroll = makeOptimizer(optD);
    this.rng = new Rng(seed + 2000);
  }

  /** n noise vectors from the prior: N(0, I) or U[-1, 1]^d. */
  noise(n: number, seed: number): tf.Tensor2D {
    return this.spec.prior === 'gaussian'
      ? tf.randomNormal([n, this.spec.noiseDim], 0, 1, 'float32', seed)
      : tf.randomUniform([n, this.spec.noiseDim], -1, 1, 'float32', seed);
  }

  /** G(z), no gradient to G. */
  generate(z: tf.Tensor2D): tf.Tensor2D {
    return this.G.apply(z, true);
  }

  /** D's raw output (logit or critic value) as a column. */
  critic(x: tf.Tensor2D, needInputGrad = false): tf.Tensor2D {
    return this.D.apply(x, !needInputGrad);
  }

  /** The D loss of the objective on a batch, including the WGAN-GP penalty. */
  private dObjective(
    o: ObjectiveSettings,
    real: tf.Tensor2D,
    fake: tf.Tensor2D,
    eps: tf.Tensor2D | null,
    params?: tf.Tensor[],
  ) {
    const D = (x: tf.Tensor2D, grad = false) =>
      params ? this.D.applyWith(params, x, !grad) : this.critic(x, grad);
    const r = D(real);
    const f = D(fake);
    let loss = dLoss(o.loss, r, f, o.fDivergence);
    if (o.loss === 'wganGp' && eps && o.gpLambda > 0) {
      loss = tf.add(
        loss,
        tf.mul(
          o.gpLambda,
          gradientPenalty((x) => D(x, true), real, fake, eps),
        ),
      );
    }
    return { loss, r, f };
  }

  /** One discriminator update on a real batch and G(z). */
  dStep(o: ObjectiveSettings, real: tf.Tensor2D, z: tf.Tensor2D, apply = true): DStepOut {
    return tf.tidy(() => {
      const fake = this.generate(z);
      const eps =
        o.loss === 'wganGp' ? tf.randomUniform([real.shape[0], 1], 0, 1, 'float32', this.rng.seed()) : null;
      let kept: tf.Scalar[] = [];
      const lossFn = () => {
        const { loss, r, f } = this.dObjective(o, real, fake, eps as tf.Tensor2D | null);
        // keep(): variableGrads runs this inside its own tidy, which would dispose the summaries.
        const s = summarise(o.loss, r, f);
        kept = [s.real, s.fake, s.gap].map((t) => tf.keep(t));
        return loss;
      };
      let loss: tf.Scalar;
      if (apply) {
        const { value, grads } = tf.variableGrads(lossFn, this.D.variables);
        this.optD.applyGradients(grads);
        if (o.loss === 'wgan') this.D.clip(o.clip);
        loss = value;
      } else {
        loss = lossFn();
      }
      // Clones are tracked by this tidy and handed to the caller; the kept originals go now.
      const [real_, fake_, gap] = kept.map((t) => tf.clone(t));
      tf.dispose(kept);
      return { loss, real: real_!, fake: fake_!, gap: gap! };
    });
  }

  /**
   * One generator update. With `unrollSteps` = K > 0 (Metz et al. 2017), G's loss is taken against
   * a copy of D trained K more steps on the current fakes; D is then put back. This is the
   * first-order version: G does not backpropagate through D's K updates (no second-order term).
   */
  gStep(
    o: ObjectiveSettings,
    z: tf.Tensor2D,
    unrollBatches: (() => tf.Tensor2D)[] = [],
    apply = true,
  ): GStepOut {
    const saved = o.unrollSteps > 0 && unrollBatches.length > 0 ? this.lookAhead(o, z, unrollBatches) : null;
    try {
      return tf.tidy(() => {
        const f = () => gLoss(o.loss, this.D.apply(this.G.apply(z, true)), o.fDivergence);
        const { value, grads } = tf.variableGrads(f, this.G.variables);
        const gradNorm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
        if (apply) this.optG.applyGradients(grads);
        return { loss: value, gradNorm };
      });
    } finally {
      if (saved) {
        this.D.assign(saved);
        tf.dispose(saved);
      }
    }
  }

  /** Train D K steps ahead (with its own optimizer) and return the parameters to restore. */
  private lookAhead(o: ObjectiveSettings, z: tf.Tensor2D, realBatches: (() => tf.Tensor2D)[]): tf.Tensor[] {
    const saved = this.D.snapshotValues();
    for (let i = 0; i < o.unrollSteps; i++) {
      tf.tidy(() => {
        const real = realBatches[i % realBatches.length]!();
        const fake = this.generate(z);
        const eps =
          o.loss === 'wganGp' ? tf.randomUniform([real.shape[0], 1], 0, 1, 'float32', this.rng.seed()) : null;
        const { grads } = tf.variableGrads(
          () => this.dObjective(o, real, fake, eps as tf.Tensor2D | null).loss,
          this.D.variables,
        );
        this.optUnroll.applyGradients(grads);
        if (o.loss === 'wgan') this.D.clip(o.clip);
      });
    }
    return saved;
  }

  /** Learning rates for the next updates (the look-ahead follows D's, as it stands in for D's next steps). */
  setLearningRates(lrG: number, lrD: number): void {
    setLearningRate(this.optG, lrG);
    setLearningRate(this.optD, lrD);
    setLearningRate(this.optUnroll, lrD);
  }

  setOptimizer(net: 'G' | 'D', spec: OptimizerSpec): void {
    if (net === 'G') {
      this.optG.dispose();
      this.optG = makeOptimizer(spec);
    } else {
      this.optD.dispose();
      this.optUnroll.dispose();
      this.optD = makeOptimizer(spec);
      this.optUnroll = makeOptimizer(spec);
    }
  }

  dispose(): void {
    this.G.dispose();
    this.D.dispose();
    this.optG.dispose();
    this.optD.dispose();
    this.optUnroll.dispose();
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
