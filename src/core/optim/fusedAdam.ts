import * as tf from '@tensorflow/tfjs';
import { FUSED_ADAM, dataRefCount, type FusedAdamAttrs } from '../kernels/adam';
import { fastKernelsActive } from '../kernels/state';

/** tfjs's { name, tensor } pair (optimizer weights), not re-exported by the tfjs package. */
type NamedTensor = { name: string; tensor: tf.Tensor };

/**
 * Adam (Kingma & Ba) with the same update as tfjs's AdamOptimizer and PyTorch's:
 *   m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2,
 *   w <- w - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps),
 * in one pass over each parameter (the fast WASM kernel) instead of about ten tfjs ops with a temporary
 * tensor each. Where the fast kernels do not run (other backends, `?fast=0`) the same formula runs as
 * tfjs ops.
 */
export class FusedAdam extends tf.Optimizer {
  static get className(): string {
    return 'LatentLabFusedAdam';
  }

  private readonly moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();
  private t = 0;

  constructor(
    public learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
  ) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.t++;
    const bc1 = 1 - Math.pow(this.beta1, this.t);
    const bc2 = 1 - Math.pow(this.beta2, this.t);
    const fast = fastKernelsActive();
    for (const { name, tensor: g } of list) {
      if (g == null) continue;
      const w = tf.engine().registeredVariables[name]!;
      const mv = this.momentsFor(name, w);
      if (fast) this.fastUpdate(w, g, mv, bc1, bc2);
      else this.opsUpdate(w, g, mv, bc1, bc2);
    }
    this.incrementIterations();
  }

  private momentsFor(name: string, w: tf.Variable) {
    let mv = this.moments.get(name);
    if (!mv) {
      mv = tf.tidy(() => ({
        m: tf.variable(tf.zerosLike(w), false, `${name}/m`),
        v: tf.variable(tf.zerosLike(w), false, `${name}/v`),
      }));
      this.moments.set(name, mv);
    }
    return mv;
  }

  private fastUpdate(
    w: tf.Variable,
    g: tf.Tensor,
    mv: { m: tf.Variable; v: tf.Variable },
    bc1: number,
    bc2: number,
  ) {
    // m and v are only ours; w is written in place unless another tensor shares its data (a clone), or it
    // is a convolution filter (rank 4): tfjs-wasm's Conv2D caches its XNNPACK operator, with the filter
    // packed, by the filter's data id, so a filter changed in place would keep convolving with its old
    // values. A new tensor (as tfjs's own Adam makes) gets a new id.
    const inPlace = dataRefCount(w) === 1 && w.rank !== 4;
    const attrs: FusedAdamAttrs = {
      lr: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      bc1,
      bc2,
      epsilon: this.epsilon,
      inPlace,
    };
    const inputs = { w, g, m: mv.m, v: mv.v };
    const out = tf.engine().runKernel(FUSED_ADAM, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    if (!inPlace) {
      w.assign(out[0]!);
      out[0]!.dispose();
    }
  }

  private opsUpdate(
    w: tf.Variable,
    g: tf.Tensor,
    mv: { m: tf.Variable; v: tf.Variable },
    bc1: number,
    bc2: number,
  ) {
    tf.tidy(() => {
      const m = tf.add(tf.mul(mv.m, this.beta1), tf.mul(g, 1 - this.beta1));
      const v = tf.add(tf.mul(mv.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
      mv.m.assign(m);
      mv.v.assign(v);
      const step = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), this.epsilon));
      w.assign(tf.sub(w, tf.mul(step, this.learningRate)));
    });
  }

  /**
   * tfjs's Adam layout, so a run saved with either Adam loads into the other: the iteration count, then
   * every first moment, then every second moment, in the order the variables were first updated.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const names = [...this.moments.keys()];
    return [
      { name: 'iter', tensor: tf.scalar(this.t, 'int32') },
      ...names.map((n) => ({ name: `${n}/m`, tensor: this.moments.get(n)!.m })),
      ...names.map((n) => ({ name: `${n}/v`, tensor: this.moments.get(n)!.v })),
    ];
  }

  /** The inverse of getWeights; slot names carry the variable names (`<variable>/m`, `<variable>/v`). */
  override async setWeights(weights: NamedTensor[]): Promise<void> {
    const [iter, ...slots] = weights;
    if (!iter || slots.length % 2) throw new Error('Adam state: expected an iteration count and m, v pairs');
    const t = (await iter.tensor.data())[0]!;
    const half = slots.length / 2;
    for (let i = 0; i < half; i++) {
      const m = slots[i]!;
      const v = slots[half + i]!;
      const name = m.name.replace(/\/m$/, '');
      const w = tf.engine().registeredVariables[name];
      if (!w) throw new Error(`Adam state: no variable "${name}"`);
      const mv = this.momentsFor(name, w);
      mv.m.assign(m.tensor);
      mv.v.assign(v.tensor);
    }
    this.t = t;
    this.iterations_ = t;
  }

  override dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/** Adam for the current backend: the fused one where the fast kernels run, tfjs's own elsewhere. */
export function createAdam(lr: number, beta1: number, beta2: number, epsilon = 1e-8): tf.Optimizer {
  return fastKernelsActive()
    ? new FusedAdam(lr, beta1, beta2, epsilon)
    : tf.train.adam(lr, beta1, beta2, epsilon);
}
