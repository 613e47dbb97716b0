import * as tf from '@tensorflow/tfjs';
import { dLoss, gLoss, gradientPenalty, outputIsLogit } from '../gan/objectives';
import { NoiseSource, type NoiseSpec } from '../gan/noise';
import {
  makeOptimizer,
  setLearningRate,
  type DStepOut,
  type GStepOut,
  type ObjectiveSettings,
  type OptimizerSpec,
} from '../gan/trainer';
import { ImageDiscriminator, ImageGenerator, type ImageNetSpec } from './networks';

/** G's noise as in the 2-D lab (../gan/noise.ts): Gaussian, uniform or a mixture of blobs (GM-GAN). */
export interface ImageGanSpec extends NoiseSpec {
  generator: ImageNetSpec;
  discriminator: ImageNetSpec;
  /**
   * Keep an exponential moving average of G's weights with this decay (0 = off) and draw every shown
   * or scored sample from it (Yazici et al. 2019: averaging damps the game's oscillation).
   */
  emaDecay: number;
}

/** A batch for D: images [n, 784] in [0, 1] and, for a conditional GAN, their one-hot labels. */
export interface LabelledBatch {
  x: tf.Tensor2D;
  labels: tf.Tensor2D | null;
}

/**
 * G and D on MNIST with one optimizer each and the two updates of Algorithm 1 (Goodfellow et al.
 * 2014), the image twin of the 2-D lab's GanPair: the objectives are the same functions of D's raw
 * outputs (core/gan/objectives.ts). G's batch-norm layers use batch statistics while training and the
 * running averages kept from its updates everywhere else. Tensors returned belong to the caller.
 */
export class ImageGanPair {
  readonly G: ImageGenerator;
  readonly D: ImageDiscriminator;
  /** The averaged G (null when emaDecay is 0). */
  readonly Gema: ImageGenerator | null;
  /** Updates folded into the averaged G so far (its decay ramps up with them; saved with the run). */
  emaSteps = 0;
  optG: tf.Optimizer;
  optD: tf.Optimizer;
  /** D's copy for the unrolled look-ahead: its moments carry over from one G step to the next. */
  optUnroll: tf.Optimizer;
  private readonly noiseSource: NoiseSource;

  constructor(
    readonly spec: ImageGanSpec,
    optG: OptimizerSpec,
    optD: OptimizerSpec,
    seed: number,
  ) {
    this.G = new ImageGenerator(spec.generator, spec.noiseDim, seed);
    this.D = new ImageDiscriminator(spec.discriminator, seed + 1000);
    this.Gema = spec.emaDecay > 0 ? new ImageGenerator(spec.generator, spec.noiseDim, seed) : null;
    this.optG = makeOptimizer(optG);
    this.optD = makeOptimizer(optD);
    this.optUnroll = makeOptimizer(optD);
    this.noiseSource = new NoiseSource(spec, seed + 3000);
  }

  get conditional(): boolean {
    return this.spec.generator.conditional;
  }

  /** The blob centres of the 'mixture' prior (drawn from the seed; null for the other priors). */
  get mixtureCentres(): Float32Array | null {
    return this.noiseSource.centres;
  }

  /** n noise vectors from the prior (../gan/noise.ts). */
  noise(n: number, seed: number): tf.Tensor2D {
    return this.noiseSource.sample(n, seed);
  }

  /** Images in [0, 1] for noise (and labels): the averaged G if there is one, with running BN statistics. */
  generate(z: tf.Tensor2D, labels: tf.Tensor2D | null): tf.Tensor2D {
    return (this.Gema ?? this.G).generate(z, labels, 'eval');
  }

  private dObjective(
    o: ObjectiveSettings,
    real: LabelledBatch,
    fake: LabelledBatch,
    eps: tf.Tensor2D | null,
  ) {
    let r: tf.Tensor2D;
    let f: tf.Tensor2D;
    if (this.spec.discriminator.batchNorm) {
      // Batch norm normalises real and fake batches apart (as DCGAN does): two passes.
      r = this.D.apply(real.x, real.labels, true);
      f = this.D.apply(fake.x, fake.labels, true);
    } else {
      // Without batch norm one pass over both batches gives the same outputs with half the op calls.
      const n = real.x.shape[0];
      const labels = real.labels && fake.labels ? tf.concat([real.labels, fake.labels]) : null;
      const both = this.D.apply(tf.concat([real.x, fake.x]), labels as tf.Tensor2D | null, true);
      r = tf.slice(both, [0, 0], [n, 1]);
      f = tf.slice(both, [n, 0], [-1, 1]);
    }
    let loss = dLoss(o.loss, r, f, o.fDivergence);
    if (o.loss === 'wganGp' && eps && o.gpLambda > 0) {
      // Conditional GANs draw the fakes of a D step with the real batch's labels, so each
      // interpolate between a real and a fake image has one label.
      const critic = (x: tf.Tensor2D) => this.D.apply(x, real.labels, false);
      loss = tf.add(loss, tf.mul(o.gpLambda, gradientPenalty(critic, real.x, fake.x, eps)));
    }
    return { loss: loss as tf.Scalar, r, f };
  }

  /** One D update on a real batch and G(z); fakes use `fakeLabels` (conditional GAN). */
  dStep(
    o: ObjectiveSettings,
    real: LabelledBatch,
    z: tf.Tensor2D,
    fakeLabels: tf.Tensor2D | null,
    epsSeed: number,
    apply = true,
    optimizer: tf.Optimizer = this.optD,
  ): DStepOut {
    return tf.tidy(() => {
      const fake: LabelledBatch = { x: this.G.generate(z, fakeLabels, 'train'), labels: fakeLabels };
      const eps =
        o.loss === 'wganGp' ? tf.randomUniform([real.x.shape[0], 1], 0, 1, 'float32', epsSeed) : null;
      let kept: tf.Scalar[] = [];
      const lossFn = () => {
        const { loss, r, f } = this.dObjective(o, real, fake, eps as tf.Tensor2D | null);
        const prob = outputIsLogit(o.loss);
        const mr = tf.mean(r);
        const mf = tf.mean(f);
        kept = [prob ? tf.mean(tf.sigmoid(r)) : mr, prob ? tf.mean(tf.sigmoid(f)) : mf, tf.sub(mr, mf)].map(
          (t) => tf.keep(t as tf.Scalar),
        );
        return loss;
      };
      let loss: tf.Scalar;
      if (apply) {
        const { value, grads } = tf.variableGrads(lossFn, this.D.variables);
        optimizer.applyGradients(grads);
        if (o.loss === 'wgan') this.D.clip(o.clip);
        loss = value;
      } else loss = lossFn();
      const [r, f, gap] = kept.map((t) => tf.clone(t)) as [tf.Scalar, tf.Scalar, tf.Scalar];
      tf.dispose(kept);
      return { loss, real: r, fake: f, gap };
    });
  }

  /**
   * One G update. With unrollSteps K > 0 (Metz et al. 2017, first order, as in the 2-D lab) G's loss
   * is taken against a copy of D trained K more steps; D is put back afterwards.
   */
  gStep(
    o: ObjectiveSettings,
    z: tf.Tensor2D,
    labels: tf.Tensor2D | null,
    unroll: (() => LabelledBatch)[] = [],
    epsSeed = 0,
    apply = true,
  ): GStepOut {
    let saved: tf.Tensor[] | null = null;
    if (o.unrollSteps > 0 && unroll.length > 0) {
      saved = this.D.snapshotValues();
      for (let i = 0; i < o.unrollSteps; i++) {
        const out = this.dStep(o, unroll[i % unroll.length]!(), z, labels, epsSeed + i, true, this.optUnroll);
        tf.dispose([out.loss, out.real, out.fake, out.gap]);
      }
    }
    try {
      const out = tf.tidy(() => {
        const f = () =>
          gLoss(o.loss, this.D.apply(this.G.generate(z, labels, 'record'), labels), o.fDivergence);
        const { value, grads } = tf.variableGrads(f, this.G.variables);
        const gradNorm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
        if (apply) this.optG.applyGradients(grads);
        return { loss: value, gradNorm };
      });
      if (apply) {
        this.G.commitStats(z.shape[0]);
        // Early on the average would be mostly the random start: its decay ramps up from 0
        // (min(decay, (1 + t) / (10 + t)), as TensorFlow's ExponentialMovingAverage with num_updates).
        if (this.Gema) {
          const t = this.emaSteps++;
          this.Gema.blendFrom(this.G, Math.min(this.spec.emaDecay, (1 + t) / (10 + t)));
        }
      }
      return out;
    } finally {
      if (saved) {
        this.D.assign(saved);
        tf.dispose(saved);
      }
    }
  }

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
    this.Gema?.dispose();
    this.D.dispose();
    this.optG.dispose();
    this.optD.dispose();
    this.optUnroll.dispose();
  }
}
