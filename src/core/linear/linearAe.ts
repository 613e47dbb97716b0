import * as tf from '@tensorflow/tfjs';
import { dense, initDense, type DenseParams } from '../dense';

/**
 * A linear autoencoder x -> z = x E + b_e -> x_hat = z G + b_g (dim -> d -> dim, no nonlinearity),
 * trained from PyTorch-style random initialisation on the squared error summed over pixels, averaged
 * over the batch. On centred data its global minimum is the PCA residual (Eckart-Young): the decoder's
 * rows span the top-d principal subspace, but the code z is fixed only up to an invertible d x d matrix.
 */
let instances = 0;

export class LinearAutoencoder {
  readonly enc: DenseParams;
  readonly dec: DenseParams;
  private readonly opt: tf.AdamOptimizer;
  private readonly baseLr: number;

  constructor(
    readonly dim: number,
    readonly d: number,
    seed: number,
    lr: number,
  ) {
    const id = ++instances; // tfjs variable names must be unique while models coexist
    this.enc = initDense(dim, d, seed, `linear-ae${id}/enc`);
    this.dec = initDense(d, dim, seed + 7, `linear-ae${id}/dec`);
    this.baseLr = lr;
    this.opt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  }

  get variables(): tf.Variable[] {
    return [this.enc.W, this.enc.b, this.dec.W, this.dec.b];
  }

  reconstruct(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => dense(dense(x, this.enc, true), this.dec));
  }

  encode(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => dense(x, this.enc, true));
  }

  /** One Adam step on a batch at learning rate lr * lrScale; returns the batch loss (a scalar tensor). */
  step(x: tf.Tensor2D, lrScale = 1): tf.Scalar {
    (this.opt as unknown as { learningRate: number }).learningRate = this.baseLr * lrScale;
    return this.opt.minimize(() => sumSquaredError(x, this.reconstruct(x)), true, this.variables)!;
  }

  /** Mean over rows of the squared error summed over pixels, on a whole data set (chunked). */
  meanLoss(x: Float32Array, n: number, chunk = 2000): number {
    let total = 0;
    for (let from = 0; from < n; from += chunk) {
      const rows = Math.min(chunk, n - from);
      // Per-row sums on the device, their total in float64 here: one float32 running sum over millions
      // of squared errors loses low bits and comes out biased low (by ~0.05 % at 2,000 x 784).
      const s = tf.tidy(() => {
        const xb = tf.tensor2d(x.subarray(from * this.dim, (from + rows) * this.dim), [rows, this.dim]);
        return tf.sum(tf.square(tf.sub(xb, this.reconstruct(xb))), 1);
      });
      for (const v of s.dataSync()) total += v;
      s.dispose();
    }
    return total / n;
  }

  /** The decoder's weight as dim x d row-major (its columns span the learned subspace). */
  decoderBasis(): Float64Array {
    const w = this.dec.W.dataSync(); // d x dim
    const out = new Float64Array(this.dim * this.d);
    for (let j = 0; j < this.d; j++)
      for (let k = 0; k < this.dim; k++) out[k * this.d + j] = w[j * this.dim + k]!;
    return out;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
    this.opt.dispose();
  }
}

/** Per-batch mean of the squared error summed over pixels. */
export function sumSquaredError(x: tf.Tensor2D, xHat: tf.Tensor2D): tf.Scalar {
  return tf.div(tf.sum(tf.square(tf.sub(x, xHat))), x.shape[0]) as tf.Scalar;
}
