import * as tf from '@tensorflow/tfjs';

/**
 * The three optimisers of the GAN lab written as one pure function of tensors, so that the same update
 * trains a network (on its flat parameter vector, in about a dozen ops instead of a dozen per weight
 * tensor) and can be differentiated through: the unrolled GAN looks ahead with exactly D's update,
 * starting from D's actual moments (Metz et al. 2017, section 2.2).
 */

export type OptimizerName = 'sgd' | 'adam' | 'rmsprop';

export interface OptimizerSpec {
  name: OptimizerName;
  lr: number;
  beta1: number;
  /** Adam's beta2, RMSProp's decay. */
  beta2: number;
}

/** Adam's epsilon (as PyTorch's and tfjs's Adam) and RMSProp's (as tfjs's, inside the square root). */
export const ADAM_EPS = 1e-8;
export const RMSPROP_EPS = 1e-7;
/**
 * Added under Adam's square root so that its derivative stays finite where a parameter has had only zero
 * gradients (second moment exactly 0), which the look-ahead differentiates through. Changes no value
 * above 1e-30.
 */
const SQRT_GUARD = 1e-30;

/** Optimiser state: first and second moments (null where the optimiser keeps none) and the step count. */
export interface OptState {
  m: tf.Tensor1D | null;
  v: tf.Tensor1D | null;
  /** Updates done so far (Adam's bias correction uses t + 1 for the next one). */
  t: number;
}

export interface OptUpdate {
  p: tf.Tensor1D;
  m: tf.Tensor1D | null;
  v: tf.Tensor1D | null;
}

/**
 * One update of parameters `p` with gradient `g` at learning rate `lr`, from state `s`; `t` is the
 * number of this update (1 for the first). Plain tf ops, differentiable in p, g, m and v.
 *   SGD:     p - lr g
 *   Adam:    m' = b1 m + (1 - b1) g,  v' = b2 v + (1 - b2) g^2,
 *            p - lr (m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps)
 *   RMSProp: v' = rho v + (1 - rho) g^2,  p - lr g / sqrt(v' + eps)
 */
export function optimizerUpdate(
  spec: OptimizerSpec,
  lr: number,
  p: tf.Tensor1D,
  g: tf.Tensor1D,
  m: tf.Tensor1D | null,
  v: tf.Tensor1D | null,
  t: number,
): OptUpdate {
  switch (spec.name) {
    case 'sgd':
      return { p: tf.sub(p, tf.mul(g, lr)), m: null, v: null };
    case 'adam': {
      const b1 = spec.beta1;
      const b2 = spec.beta2;
      const m1: tf.Tensor1D = m ? tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)) : tf.mul(g, 1 - b1);
      const v1: tf.Tensor1D = v
        ? tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2))
        : tf.mul(tf.square(g), 1 - b2);
      const c1 = 1 - b1 ** t;
      const c2 = 1 - b2 ** t;
      const denom = tf.add(tf.sqrt(tf.add(tf.mul(v1, 1 / c2), SQRT_GUARD)), ADAM_EPS);
      return { p: tf.sub(p, tf.mul(tf.div(m1, denom), lr / c1)), m: m1, v: v1 };
    }
    case 'rmsprop': {
      const r = spec.beta2;
      const v1: tf.Tensor1D = v
        ? tf.add(tf.mul(v, r), tf.mul(tf.square(g), 1 - r))
        : tf.mul(tf.square(g), 1 - r);
      return { p: tf.sub(p, tf.div(tf.mul(g, lr), tf.sqrt(tf.add(v1, RMSPROP_EPS)))), m: null, v: v1 };
    }
  }
}

/**
 * An optimiser for one flat parameter vector (a tf.Variable), built on `optimizerUpdate`. Its state is
 * readable (`state`) so that a look-ahead can start from it without changing it.
 */
export class FlatOptimizer {
  private m: tf.Variable<tf.Rank.R1> | null = null;
  private v: tf.Variable<tf.Rank.R1> | null = null;
  private t = 0;
  lr: number;

  constructor(readonly spec: OptimizerSpec) {
    this.lr = spec.lr;
  }

  get state(): OptState {
    return { m: this.m, v: this.v, t: this.t };
  }

  /** Apply one update to `param` with gradient `grad` (same length); `grad` is not disposed. */
  apply(param: tf.Variable<tf.Rank.R1>, grad: tf.Tensor1D): void {
    tf.tidy(() => {
      const u = optimizerUpdate(this.spec, this.lr, param, grad, this.m, this.v, this.t + 1);
      param.assign(u.p);
      if (u.m) {
        if (this.m) this.m.assign(u.m);
        else this.m = tf.variable(u.m, false);
      }
      if (u.v) {
        if (this.v) this.v.assign(u.v);
        else this.v = tf.variable(u.v, false);
      }
    });
    this.t++;
  }

  /** Replace the state with a saved one (moments of the parameter vector's length or null, step count). */
  restore(m: Float32Array | null, v: Float32Array | null, t: number): void {
    this.dispose();
    const keep = (a: Float32Array | null) => {
      if (!a) return null;
      const x = tf.tensor1d(a);
      const w = tf.variable(x, false);
      x.dispose();
      return w;
    };
    this.m = keep(m);
    this.v = keep(v);
    this.t = t;
  }

  dispose(): void {
    this.m?.dispose();
    this.v?.dispose();
    this.m = null;
    this.v = null;
  }
}
