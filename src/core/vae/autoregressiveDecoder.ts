import * as tf from '@tensorflow/tfjs';
import { dense, initDense, type DenseParams } from '../dense';
import { AR_PIXELS, autoregressiveMasks, type ArWeightsData } from './autoregressiveSampler';

export { sampleAutoregressive, type ArWeightsData } from './autoregressiveSampler';

/**
 * An autoregressive Bernoulli decoder (MADE, Germain et al. 2015), the textbook strong decoder behind
 * posterior collapse (lecture 002):
 *
 *   p(x|z) = prod_i Bern(x_i | sigmoid(f_i(x_<i, z))),   pixels i in raster order.
 *
 * One masked hidden layer and a masked direct path from the pixels to the outputs:
 *   a = x (W_x o M_in) + [z, c] W_z + b_in,   h = relu(a),
 *   logits = h (W_h o M_hid) + x (W_d o M_dir) + b_out.
 * Pixel j (0-based) has degree j + 1; hidden unit k has degree m_k in [0, 783]. M_in[j, k] = 1 iff
 * j < m_k (unit k sees pixels 0..m_k - 1), M_hid[k, i] = 1 iff m_k <= i (output i reads only units that
 * see pixels before i), M_dir[j, i] = 1 iff j < i. So output i depends on x_0..x_{i-1} and on z (fed to
 * every hidden unit; units of degree 0 see only z, so z reaches the first pixel too), never on x_i or
 * later pixels.
 *
 * Training and log p(x|z) use teacher forcing: the real x goes in, all 784 conditionals come out of one
 * pass (exact). Sampling is sequential: pixel i is drawn after pixels 0..i-1 (784 steps; see
 * sampleAutoregressive, which updates the hidden pre-activations incrementally).
 */

export class AutoregressiveDecoder {
  readonly kind = 'autoregressive' as const;
  /** Pixels -> hidden (masked). */
  readonly inX: DenseParams;
  /** Context [z, c] -> hidden (no mask); its bias is the hidden layer's. */
  readonly inZ: DenseParams;
  /** Hidden -> logits (masked); its bias is the output bias. */
  readonly outH: DenseParams;
  /** Pixels -> logits (masked direct path). */
  readonly outX: tf.Variable;
  private readonly masks: { inMask: tf.Tensor2D; hidMask: tf.Tensor2D; dirMask: tf.Tensor2D };
  /** The same masks as plain arrays (weightsSync applies them without tfjs ops). */
  private readonly maskData: ReturnType<typeof autoregressiveMasks>;

  constructor(
    readonly hidden: number,
    readonly contextDim: number,
    seed: () => number,
    prefix = '',
  ) {
    const P = AR_PIXELS;
    this.inX = initDense(P, hidden, seed(), `${prefix}decoder/ar_in_x`);
    this.inZ = initDense(contextDim, hidden, seed(), `${prefix}decoder/ar_in_z`);
    this.outH = initDense(hidden, P, seed(), `${prefix}decoder/ar_out_h`);
    const s = seed();
    const a = 1 / Math.sqrt(P);
    this.outX = tf.tidy(() =>
      tf.variable(tf.randomUniform([P, P], -a, a, 'float32', s), true, `${prefix}decoder/ar_out_x/kernel`),
    );
    const m = autoregressiveMasks(hidden);
    this.maskData = m;
    this.masks = {
      inMask: tf.tensor2d(m.inMask, [P, hidden]),
      hidMask: tf.tensor2d(m.hidMask, [hidden, P]),
      dirMask: tf.tensor2d(m.dirMask, [P, P]),
    };
  }

  /**
   * Teacher-forced logits [n, 784]: logit i of row r is f_i(x_<i of row r, context of row r).
   * `x` [n, 784] the image the likelihood models; `context` [n, contextDim] = [z, c].
   */
  forward(x: tf.Tensor2D, context: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const W = tf.concat([tf.mul(this.inX.W, this.masks.inMask), this.inZ.W], 0);
      const a = dense(tf.concat([x, context], 1), { W, b: this.inZ.b } as unknown as DenseParams);
      const Wout = tf.concat(
        [tf.mul(this.outH.W, this.masks.hidMask), tf.mul(this.outX, this.masks.dirMask)],
        0,
      );
      return dense(tf.concat([tf.relu(a), x], 1), {
        W: Wout,
        b: this.outH.b,
      } as unknown as DenseParams);
    });
  }

  /** The masked weights as plain arrays (synchronous read: sampling in the worker or the CLI). */
  weightsSync(): ArWeightsData {
    const read = (v: tf.Variable) => (v.dataSync() as Float32Array).slice();
    const masked = (v: tf.Variable, mask: Float32Array) => {
      const w = read(v);
      for (let i = 0; i < w.length; i++) w[i]! *= mask[i]!;
      return w;
    };
    const m = this.maskData;
    return {
      hidden: this.hidden,
      contextDim: this.contextDim,
      Wx: masked(this.inX.W, m.inMask),
      Wz: read(this.inZ.W),
      bIn: read(this.inZ.b),
      Wh: masked(this.outH.W, m.hidMask),
      Wd: masked(this.outX, m.dirMask),
      bOut: read(this.outH.b),
    };
  }

  /** Trainable variables: the input layer's unused bias is left out. */
  variables(): tf.Variable[] {
    return [this.inX.W, this.inZ.W, this.inZ.b, this.outH.W, this.outH.b, this.outX];
  }

  dispose(): void {
    for (const v of [...this.variables(), this.inX.b]) v.dispose();
    tf.dispose([this.masks.inMask, this.masks.hidMask, this.masks.dirMask]);
  }
}
