import * as tf from '@tensorflow/tfjs';
import type { Dataset2d } from '../gan/datasets';
import { Mlp } from '../gan/mlp';
import { dLoss, gLoss, gradientPenalty } from '../gan/objectives';
import { FlatOptimizer } from '../gan/optim';
import { Rng } from '../rng';
import type { SmallGanSpec } from './ganModel';
import { tilt, type Constraint } from './shapes';

/**
 * Way (d), a conditional model (lecture 000 eq. 15-16, the GAN form): G(z, c) and D(x, c) take a label
 * c = "x is feasible", trained on ALL the data, each real point labelled c = 1 with probability tilt(x)
 * (1{x in C} for a hard constraint, exp(-lambda phi(x)) for a soft one) and 0 otherwise. The fakes of a
 * batch get the labels of its real points, so D compares like with like. Samples are G(z, 1): one forward
 * pass, with the constraint learned only as far as G learned to honour the label.
 */
export class ConditionalGan {
  readonly G: Mlp;
  readonly D: Mlp;
  private readonly optG: FlatOptimizer;
  private readonly optD: FlatOptimizer;
  private readonly rng: Rng;
  stepsDone = 0;

  constructor(
    readonly spec: SmallGanSpec,
    private readonly ds: Dataset2d,
    seed: number,
    private readonly c: Constraint,
    private readonly gpLambda = 1,
  ) {
    const net = { layers: spec.layers, width: spec.width, activation: 'relu' as const };
    this.G = new Mlp({ inputDim: spec.noiseDim + 1, outputDim: 2, ...net }, seed, 'cG');
    this.D = new Mlp({ inputDim: 3, outputDim: 1, ...net }, seed + 1000, 'cD');
    const opt = { name: 'adam' as const, lr: spec.lr, beta1: 0.5, beta2: 0.9 };
    this.optG = new FlatOptimizer(opt);
    this.optD = new FlatOptimizer(opt);
    this.rng = new Rng(seed + 17);
  }

  /** A real batch and its labels (column of 0/1). */
  realBatch(n: number): { x: Float32Array; c: Float32Array } {
    const x = this.ds.sample(n, this.rng);
    const c = new Float32Array(n);
    for (let i = 0; i < n; i++) c[i] = this.rng.next() < tilt(this.c, x[2 * i]!, x[2 * i + 1]!) ? 1 : 0;
    return { x, c };
  }

  private gen(params: readonly tf.Tensor[], z: tf.Tensor2D, c: tf.Tensor2D): tf.Tensor2D {
    return this.G.applyWith(params, tf.concat([z, c], 1) as tf.Tensor2D, true);
  }

  /** One D update and one G update, learning rates decaying linearly to 0 over spec.steps. */
  step(): void {
    const b = this.spec.batchSize;
    const f = Math.max(0, 1 - this.stepsDone / this.spec.steps);
    this.optG.lr = this.spec.lr * f;
    this.optD.lr = this.spec.lr * f;
    const loss = this.spec.loss;
    tf.tidy(() => {
      const r = this.realBatch(b);
      const real = tf.tensor2d(r.x, [b, 2]);
      const lab = tf.tensor2d(r.c, [b, 1]);
      const z = tf.randomNormal<tf.Rank.R2>([b, this.spec.noiseDim], 0, 1, 'float32', this.rng.seed());
      const fake = this.gen(this.G.views(), z, lab);
      const eps = tf.randomUniform<tf.Rank.R2>([b, 1], 0, 1, 'float32', this.rng.seed());
      const dObj = (...p: tf.Tensor[]) => {
        const critic = (x: tf.Tensor2D) => this.D.applyWith(p, tf.concat([x, lab], 1) as tf.Tensor2D);
        const l = dLoss(loss, critic(real), critic(fake));
        return loss === 'wganGp' && this.gpLambda > 0
          ? (tf.add(l, tf.mul(this.gpLambda, gradientPenalty(critic, real, fake, eps))) as tf.Scalar)
          : l;
      };
      this.optD.apply(this.D.flat, this.D.pack(tf.grads(dObj)(this.D.views())));
      this.D.changed();
      const z2 = tf.randomNormal<tf.Rank.R2>([b, this.spec.noiseDim], 0, 1, 'float32', this.rng.seed());
      const dv = this.D.views();
      const gObj = (...p: tf.Tensor[]) => {
        const x = this.gen(p, z2, lab);
        return gLoss(loss, this.D.applyWith(dv, tf.concat([x, lab], 1) as tf.Tensor2D, false, true));
      };
      this.optG.apply(this.G.flat, this.G.pack(tf.grads(gObj)(this.G.views())));
      this.G.changed();
    });
    this.stepsDone++;
  }

  /** n points G(z, c), z ~ N(0, I), all with label c (1 = feasible). */
  generate(n: number, c = 1): Float32Array {
    return tf.tidy(() => {
      const z = tf.randomNormal<tf.Rank.R2>([n, this.spec.noiseDim], 0, 1, 'float32', this.rng.seed());
      return this.gen(this.G.views(), z, tf.fill([n, 1], c) as tf.Tensor2D).dataSync() as Float32Array;
    });
  }

  dispose(): void {
    this.G.dispose();
    this.D.dispose();
    this.optG.dispose();
    this.optD.dispose();
  }
}
