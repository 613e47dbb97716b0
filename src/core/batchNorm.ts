import * as tf from '@tensorflow/tfjs';

/**
 * Batch normalisation (Ioffe & Szegedy 2015) over every axis but the last (channels):
 *   y = gamma (x - mean_B) / sqrt(var_B + eps) + beta,
 * with the batch's own statistics while training and running averages for inference (a generator
 * shown one z at a time has no batch to normalise over). Plain ops, so every backend differentiates it.
 */
export type BnMode =
  /** Batch statistics; running averages untouched. */
  | 'train'
  /** Batch statistics, and remember them: `commit()` folds them into the running averages. */
  | 'record'
  /** Running averages. */
  | 'eval';

export class BatchNorm {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly runMean: tf.Variable;
  readonly runVar: tf.Variable;
  private pending: [tf.Tensor, tf.Tensor] | null = null;

  constructor(
    readonly channels: number,
    name: string,
    /** Weight of the newest batch in the running averages (PyTorch's default 0.1). */
    readonly momentum = 0.1,
    readonly eps = 1e-5,
  ) {
    // tidy() frees the initial values: tf.variable() shares their data, and an undisposed initial
    // tensor would stay counted after the variable is disposed (4 tensors lost per layer per reset).
    const v = (init: () => tf.Tensor, trainable: boolean, n: string) =>
      tf.tidy(() => tf.variable(init(), trainable, `${name}/${n}`));
    this.gamma = v(() => tf.ones([channels]), true, 'gamma');
    this.beta = v(() => tf.zeros([channels]), true, 'beta');
    this.runMean = v(() => tf.zeros([channels]), false, 'movingMean');
    this.runVar = v(() => tf.ones([channels]), false, 'movingVar');
  }

  apply<T extends tf.Tensor>(x: T, mode: BnMode): T {
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    let mean: tf.Tensor;
    let variance: tf.Tensor;
    if (mode === 'eval') {
      mean = this.runMean;
      variance = this.runVar;
    } else {
      ({ mean, variance } = tf.moments(x, axes));
      if (mode === 'record') {
        if (this.pending) tf.dispose(this.pending);
        // keep(): the caller's tidy (or the optimizer's) would dispose these before commit().
        this.pending = [tf.keep(tf.clone(mean)), tf.keep(tf.clone(variance))];
      }
    }
    const norm = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.eps)));
    return tf.add(tf.mul(norm, this.gamma), this.beta) as T;
  }

  /** Fold the last recorded batch statistics into the running averages (unbiased variance, as PyTorch). */
  commit(batchElements: number): void {
    if (!this.pending) return;
    const [m, v] = this.pending;
    this.pending = null;
    const a = this.momentum;
    const unbias = batchElements > 1 ? batchElements / (batchElements - 1) : 1;
    tf.tidy(() => {
      this.runMean.assign(tf.add(tf.mul(1 - a, this.runMean), tf.mul(a, m)));
      this.runVar.assign(tf.add(tf.mul(1 - a, this.runVar), tf.mul(a * unbias, v)));
    });
    tf.dispose([m, v]);
  }

  get trainable(): tf.Variable[] {
    return [this.gamma, this.beta];
  }

  dispose(): void {
    if (this.pending) tf.dispose(this.pending);
    this.pending = null;
    tf.dispose([this.gamma, this.beta, this.runMean, this.runVar]);
  }
}
