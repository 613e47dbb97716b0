import * as tf from '@tensorflow/tfjs';
import { dense, type DenseParams } from '../dense';

export const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface MlpArch {
  inputDim: number;
  /** Number of hidden layers. */
  layers: number;
  width: number;
  outputDim: number;
  activation: Activation;
}

// WGAN-GP differentiates D's input gradient again (second order). tfjs gets that wrong for ops whose
// gradient reads their saved *output* (tanh: the term through y is silently dropped) and cannot do it
// for leakyRelu (its gradient uses `greater`, which has none). These versions only read their input.
const tanh2 = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  (args[1] as tf.GradSaveFunc)([x]);
  return {
    value: tf.tanh(x),
    gradFunc: (dy, saved) => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(tf.tanh(saved[0]!)))),
  };
});

const leakyRelu2 = (x: tf.Tensor2D, alpha: number): tf.Tensor2D =>
  tf.sub(tf.relu(x), tf.mul(alpha, tf.relu(tf.neg(x))));

export function activate(x: tf.Tensor2D, a: Activation): tf.Tensor2D {
  switch (a) {
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return leakyRelu2(x, 0.2);
    case 'tanh':
      return tanh2(x) as tf.Tensor2D;
  }
}

/** tfjs variable names must be unique while they live; several labs (and tests) may coexist. */
let instances = 0;

/** Layer shapes of an MLP: [fanIn, fanOut] per dense layer. */
export function layerShapes(arch: MlpArch): [number, number][] {
  const sizes = [arch.inputDim, ...Array<number>(arch.layers).fill(arch.width), arch.outputDim];
  return sizes.slice(1).map((out, i) => [sizes[i]!, out]);
}

/**
 * A multilayer perceptron with a linear output: the generator (noise -> point) and the
 * discriminator (point -> logit or critic value) are both one of these. All its parameters live in one
 * flat vector (W0, b0, W1, b1, ... each row-major), so that an optimiser updates a network in a few ops
 * and a look-ahead can treat the network as a function of one tensor.
 */
export class Mlp {
  readonly shapes: [number, number][];
  /** Length of the flat parameter vector. */
  readonly size: number;
  readonly flat: tf.Variable<tf.Rank.R1>;

  constructor(
    readonly arch: MlpArch,
    seed: number,
    name: string,
  ) {
    this.shapes = layerShapes(arch);
    this.size = this.shapes.reduce((s, [i, o]) => s + i * o + o, 0);
    // PyTorch's nn.Linear initialisation per layer, seeds as initDense's: uniform in +/- 1/sqrt(fanIn).
    this.flat = tf.tidy(() => {
      const parts = this.shapes.flatMap(([fanIn, fanOut], i) => {
        const a = 1 / Math.sqrt(fanIn);
        return [
          tf.randomUniform([fanIn * fanOut], -a, a, 'float32', seed + 2 * i),
          tf.randomUniform([fanOut], -a, a, 'float32', seed + 2 * i + 1),
        ];
      });
      return tf.variable(tf.concat(parts) as tf.Tensor1D, true, `${name}${++instances}/params`);
    });
  }

  /** The flat vector cut into W0, b0, W1, b1, ... (W of shape [fanIn, fanOut]). */
  unpack(flat: tf.Tensor1D): tf.Tensor[] {
    const out: tf.Tensor[] = [];
    let o = 0;
    for (const [i, n] of this.shapes) {
      out.push(tf.reshape(tf.slice(flat, o, i * n), [i, n]));
      o += i * n;
      out.push(tf.slice(flat, o, n));
      o += n;
    }
    return out;
  }

  /** Gradients for the unpacked parameters, joined back into one flat vector. */
  pack(parts: readonly tf.Tensor[]): tf.Tensor1D {
    return tf.concat(parts.map((p) => tf.reshape(p, [-1]))) as tf.Tensor1D;
  }

  private cached: tf.Tensor[] | null = null;

  /**
   * The current parameters unpacked (W0, b0, ...), cut once per change instead of at every use. They
   * belong to the Mlp: callers must not dispose them; call `changed()` after assigning to `flat`.
   */
  views(): tf.Tensor[] {
    this.cached ??= tf.tidy(() => this.unpack(this.flat)).map((t) => tf.keep(t));
    return this.cached;
  }

  /** `flat` was assigned: the unpacked views are stale. */
  changed(): void {
    if (this.cached) tf.dispose(this.cached);
    this.cached = null;
  }

  /** Forward pass. `inputIsData` skips the gradient with respect to x (it saves the largest matMul). */
  apply(x: tf.Tensor2D, inputIsData = false): tf.Tensor2D {
    return this.applyWith(this.views(), x, inputIsData);
  }

  /**
   * The same network with other parameter values (W0, b0, W1, b1, ...). `frozen`: the caller never needs
   * gradients with respect to these parameters (G's step through D), so none are computed.
   */
  applyWith(params: readonly tf.Tensor[], x: tf.Tensor2D, inputIsData = false, frozen = false): tf.Tensor2D {
    let h = x;
    const n = params.length / 2;
    for (let i = 0; i < n; i++) {
      const W = params[2 * i] as tf.Tensor2D;
      const b = params[2 * i + 1] as tf.Tensor1D;
      if (frozen) h = denseFrozen(h, W, b);
      else {
        // dense() only reads W and b as tensors; plain tensors stand in for variables here.
        h = dense(h, { W, b } as unknown as DenseParams, inputIsData && i === 0);
      }
      if (i + 1 < n) h = activate(h, this.arch.activation);
    }
    return h;
  }

  /** WGAN's Lipschitz constraint by weight clipping: every parameter into [-c, c]. */
  clip(c: number): void {
    tf.tidy(() => this.flat.assign(tf.clipByValue(this.flat, -c, c)));
    this.changed();
  }

  dispose(): void {
    this.changed();
    this.flat.dispose();
  }
}

/**
 * y = x W + b for weights that are constants of the gradient being taken: its gradient is only the one
 * with respect to x (dense() also computes dW and db, which G's step through D would throw away).
 */
const denseFrozen = (x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D => {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xi = args[0] as tf.Tensor2D;
    // W is saved (kept) for the backward pass: the caller may dispose its copy before then.
    (args[1] as tf.GradSaveFunc)([W]);
    return {
      value: tf.add(tf.matMul(xi, W), b),
      // Explicit transpose and plain matMul: the WASM backend's transposed matMul is far slower.
      gradFunc: (dy, saved) => [tf.matMul(dy as tf.Tensor2D, tf.transpose(saved[0] as tf.Tensor2D))],
    };
  });
  return f(x) as tf.Tensor2D;
};
