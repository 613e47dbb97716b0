import * as tf from '@tensorflow/tfjs';
import { dense, initDense, type DenseParams } from '../dense';

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

/**
 * A multilayer perceptron with a linear output: the generator (noise -> point) and the
 * discriminator (point -> logit or critic value) are both one of these.
 */
export class Mlp {
  readonly layers: DenseParams[] = [];

  constructor(
    readonly arch: MlpArch,
    seed: number,
    name: string,
  ) {
    const id = `${name}${++instances}`;
    const sizes = [arch.inputDim, ...Array<number>(arch.layers).fill(arch.width), arch.outputDim];
    for (let i = 0; i + 1 < sizes.length; i++) {
      this.layers.push(initDense(sizes[i]!, sizes[i + 1]!, seed + 2 * i, `${id}/dense${i}`));
    }
  }

  /** Forward pass. `inputIsData` skips the gradient with respect to x (it saves the largest matMul). */
  apply(x: tf.Tensor2D, inputIsData = false): tf.Tensor2D {
    return this.applyWith(this.variables, x, inputIsData);
  }

  /** The same network with other parameter values (W0, b0, W1, b1, ...): used to look ahead when unrolling. */
  applyWith(params: readonly tf.Tensor[], x: tf.Tensor2D, inputIsData = false): tf.Tensor2D {
    let h = x;
    const n = params.length / 2;
    for (let i = 0; i < n; i++) {
      // dense() only reads W and b as tensors; plain tensors stand in for the variables here.
      const p = { W: params[2 * i], b: params[2 * i + 1] } as unknown as DenseParams;
      h = dense(h, p, inputIsData && i === 0);
      if (i + 1 < n) h = activate(h, this.arch.activation);
    }
    return h;
  }

  get variables(): tf.Variable[] {
    return this.layers.flatMap((p) => [p.W, p.b]);
  }

  /** Current parameter values (copies), for unrolling and restoring. */
  snapshotValues(): tf.Tensor[] {
    return this.variables.map((v) => tf.clone(v));
  }

  /** Overwrite the parameters with `values` (same order as `variables`). */
  assign(values: readonly tf.Tensor[]): void {
    this.variables.forEach((v, i) => v.assign(values[i]!));
  }

  /** WGAN's Lipschitz constraint by weight clipping: every parameter into [-c, c]. */
  clip(c: number): void {
    for (const v of this.variables) tf.tidy(() => v.assign(tf.clipByValue(v, -c, c)));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
