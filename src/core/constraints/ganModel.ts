import * as tf from '@tensorflow/tfjs';
import type { Dataset2d } from '../gan/datasets';
import { gLoss, type LossName } from '../gan/objectives';
import { GanPair, type ObjectiveSettings } from '../gan/trainer';
import { Rng } from '../rng';
import { langevin as langevinChain } from './samplers';
import { projectAll, tilt, type Constraint } from './shapes';

/**
 * The constraint lab's one seam to the GAN lab's trainer (GanPair): a small 2-D GAN, trained on the data
 * (optionally filtered) with an optional soft penalty lambda E[phi(G(z))] added to G's loss (the GAN form of
 * eq. 18), and the generator used by the samplers.
 */
export interface SmallGanSpec {
  loss: LossName;
  layers: number;
  width: number;
  noiseDim: number;
  lr: number;
  batchSize: number;
  steps: number;
}

/** Real batches from the dataset; with a constraint, each point is kept with probability tilt(x) (way a). */
export function dataBatches(ds: Dataset2d, rng: Rng, filter: Constraint | null): (n: number) => Float32Array {
  return (n) => {
    if (!filter) return ds.sample(n, rng);
    const out = new Float32Array(2 * n);
    let k = 0;
    for (let tries = 0; k < n && tries < 1000; tries++) {
      const p = ds.sample(n, rng);
      for (let i = 0; i < n && k < n; i++) {
        if (rng.next() < tilt(filter, p[2 * i]!, p[2 * i + 1]!)) {
          out[2 * k] = p[2 * i]!;
          out[2 * k + 1] = p[2 * i + 1]!;
          k++;
        }
      }
    }
    if (k < n) throw new Error('the constraint keeps (almost) none of the data: nothing to train on');
    return out;
  };
}

/**
 * Mean phi(x) over rows, phi = distance to C, as a tf scalar differentiable in x: with p = proj(x) held
 * constant, d|x - p| / dx = (x - p) / |x - p|, the exact gradient of the distance to a closed set.
 */
export function meanDistance(c: Constraint, x: tf.Tensor2D): tf.Scalar {
  const p = tf.tensor2d(projectAll(c.shape, x.dataSync()), x.shape);
  return tf.mean(tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(x, p)), 1), 1e-12))) as tf.Scalar;
}

export class ConstraintGan {
  readonly pair: GanPair;
  private readonly o: ObjectiveSettings;
  private readonly rng: Rng;
  private readonly real: (n: number) => Float32Array;
  stepsDone = 0;

  constructor(
    readonly spec: SmallGanSpec,
    ds: Dataset2d,
    seed: number,
    filter: Constraint | null,
    /** Way (b): lambda E[phi(G(z))] joins G's loss. */
    readonly penalty: Constraint | null,
  ) {
    const net = { layers: spec.layers, width: spec.width, activation: 'relu' as const };
    const opt = { name: 'adam' as const, lr: spec.lr, beta1: 0.5, beta2: 0.9 };
    this.pair = new GanPair(
      { noiseDim: spec.noiseDim, prior: 'gaussian', generator: net, discriminator: net, pack: 1 },
      opt,
      opt,
      seed,
    );
    this.o = {
      loss: spec.loss,
      fDivergence: 'js',
      // The GAN lab's measured ring recipe (docs/gan-presets.md): lambda = 1; 0.1 sometimes blows up.
      gpLambda: 1,
      clip: 0.01,
      unrollSteps: 0,
      unrollOrder: 'first',
    };
    this.rng = new Rng(seed + 17);
    this.real = dataBatches(ds, this.rng, filter);
  }

  /** One D update and one G update; both learning rates fall linearly to 0 over spec.steps (WGAN-GP's code). */
  step(): void {
    const b = this.spec.batchSize;
    const f = Math.max(0, 1 - this.stepsDone / this.spec.steps);
    this.pair.setLearningRates(this.spec.lr * f, this.spec.lr * f);
    tf.tidy(() => {
      const real = tf.tensor2d(this.real(b), [b, 2]);
      const z = this.pair.noise(b, this.rng.seed());
      tf.dispose(Object.values(this.pair.dStep(this.o, real, z)));
      const z2 = this.pair.noise(b, this.rng.seed());
      if (!this.penalty) {
        tf.dispose(Object.values(this.pair.gStep(this.o, z2)));
        return;
      }
      const pen = this.penalty;
      const G = this.pair.G;
      // G's parameters are one flat vector (GanPair's flat update): differentiate through its views.
      const loss = (...p: tf.Tensor[]) => {
        const x = G.applyWith(p, z2, true);
        return tf.add(
          gLoss(this.o.loss, this.pair.critic(x), this.o.fDivergence),
          tf.mul(pen.lambda, meanDistance(pen, x)),
        ) as tf.Scalar;
      };
      const grads = tf.grads(loss)(G.views());
      this.pair.optG.apply(G.flat, G.pack(grads));
      G.changed();
    });
    this.stepsDone++;
  }

  /** n codes z ~ N(0, I), n x noiseDim row-major. */
  codes(n: number): Float32Array {
    return tf.tidy(() => this.pair.noise(n, this.rng.seed()).dataSync() as Float32Array);
  }

  /** G(z) for given codes (n x noiseDim row-major). */
  generateFrom(z: Float32Array): Float32Array {
    const n = z.length / this.spec.noiseDim;
    return tf.tidy(
      () => this.pair.generate(tf.tensor2d(z, [n, this.spec.noiseDim])).dataSync() as Float32Array,
    );
  }

  /** n points G(z), z ~ N(0, I). */
  generate(n: number): Float32Array {
    return tf.tidy(() => this.pair.generate(this.pair.noise(n, this.rng.seed())).dataSync() as Float32Array);
  }

  /**
   * Way (e), Langevin in latent space: ULA on U(z) = |z|^2 / 2 + w phi(G(z)) (w = lambda; in hard mode
   * w = max(lambda, hardWeight), a steep pull into C), `steps` steps of size eta from z ~ N(0, I); then, in
   * hard mode, one projection of G(z) onto C (the projected-gradient correction). One forward pass of G per
   * step plus the final one.
   */
  langevinSample(c: Constraint, n: number, steps: number, eta: number, hardWeight = 20): Float32Array {
    const w = c.mode === 'hard' ? Math.max(c.lambda, hardWeight) : c.lambda;
    const G = this.pair.G;
    const gradU = (z: tf.Tensor2D) =>
      tf.grad((zz: tf.Tensor) => {
        const x = G.apply(zz as tf.Tensor2D);
        return tf.add(
          tf.mul(0.5, tf.sum(tf.square(zz))),
          tf.mul(w * x.shape[0], meanDistance(c, x)),
        ) as tf.Scalar;
      })(z) as tf.Tensor2D;
    const rng = this.rng;
    const z0 = this.pair.noise(n, rng.seed());
    const z = langevinChain(gradU, z0, steps, eta, rng.seed());
    z0.dispose();
    const x = tf.tidy(() => G.apply(z, true).dataSync() as Float32Array);
    z.dispose();
    return c.mode === 'hard' ? projectAll(c.shape, x) : Float32Array.from(x);
  }

  dispose(): void {
    this.pair.dispose();
  }
}
