import * as tf from '@tensorflow/tfjs';
import { fusedDense } from './kernels/dense';
import { fastKernelsActive } from './kernels/state';

/** A fully connected layer's parameters: y = x W + b, W of shape [in, out]. */
export interface DenseParams {
  W: tf.Variable;
  b: tf.Variable;
}

/**
 * PyTorch's nn.Linear initialisation (uniform in +/- 1/sqrt(fanIn) for weights and biases), so that
 * losses compare with pytorch/examples step for step.
 */
export function initDense(fanIn: number, fanOut: number, seed: number, name: string): DenseParams {
  const a = 1 / Math.sqrt(fanIn);
  // tidy() frees the random initial values: tf.variable() shares their data, and an undisposed initial
  // tensor would keep every layer's weights alive after the model is disposed (a leak on every reset).
  return tf.tidy(() => ({
    W: tf.variable(tf.randomUniform([fanIn, fanOut], -a, a, 'float32', seed), true, `${name}/kernel`),
    b: tf.variable(tf.randomUniform([fanOut], -a, a, 'float32', seed + 1), true, `${name}/bias`),
  }));
}

// Without the fast kernels, the gradient is written with explicit transposes and plain matMuls: the
// WASM backend's own matMul with transposeA/transposeB runs 15-40x slower than a plain one, and autodiff
// of matMul uses them. The fast kernels (./kernels/fastKernels.ts) multiply transposed operands at full
// speed and sum bias gradients without a transpose, so with them plain autodiff is the fast path (and
// stays differentiable twice, as WGAN-GP needs).
type GradArg = tf.Tensor | tf.GradSaveFunc;

const denseWithInputGrad = tf.customGrad((...args: GradArg[]) => {
  const [x, W, b] = args as tf.Tensor2D[];
  const save = args[3] as tf.GradSaveFunc;
  save([x, W]);
  return {
    value: tf.add(tf.matMul(x, W), b),
    gradFunc: (dy, saved) => {
      const [xs, Ws] = saved as tf.Tensor2D[];
      const d = dy as tf.Tensor2D;
      return [tf.matMul(d, tf.transpose(Ws)), tf.matMul(tf.transpose(xs), d), tf.sum(d, 0)];
    },
  };
});

// Same layer for inputs that need no gradient (data): skips the dx matMul, the largest one.
const denseNoInputGrad = tf.customGrad((...args: GradArg[]) => {
  const [x, W, b] = args as tf.Tensor2D[];
  const save = args[3] as tf.GradSaveFunc;
  save([x]);
  return {
    value: tf.add(tf.matMul(x, W), b),
    gradFunc: (dy, saved) => {
      const [xs] = saved as tf.Tensor2D[];
      const d = dy as tf.Tensor2D;
      return [tf.zerosLike(xs), tf.matMul(tf.transpose(xs), d), tf.sum(d, 0)];
    },
  };
});

/**
 * y = x W + b. Pass `inputIsData` for the first layer to skip the input gradient (autodiff skips it by
 * itself: tfjs differentiates only towards the variables).
 */
export function dense(x: tf.Tensor2D, p: DenseParams, inputIsData = false): tf.Tensor2D {
  if (fastKernelsActive()) return denseAutodiff(x, p);
  const f = inputIsData ? denseNoInputGrad : denseWithInputGrad;
  return f(x, p.W, p.b) as tf.Tensor2D;
}

/** Plain autodiff version: the fast path, and the reference for the hand-written gradient in tests. */
export function denseAutodiff(x: tf.Tensor2D, p: DenseParams): tf.Tensor2D {
  return tf.add(tf.matMul(x, p.W as tf.Tensor2D), p.b);
}

/**
 * act(x W + b), act = ReLU when `relu`, else none. With the fast kernels one fused kernel (product, bias
 * and ReLU in one call; its gradient fuses the ReLU mask with the bias gradient: ./kernels/dense.ts),
 * differentiable once only: layers under a gradient penalty (WGAN-GP critics) use dense(). Otherwise
 * dense() followed by tf.relu.
 */
export function denseAct(x: tf.Tensor2D, p: DenseParams, relu: boolean, inputIsData = false): tf.Tensor2D {
  if (fastKernelsActive() && x.rank === 2 && p.W.rank === 2 && p.b.rank === 1 && x.dtype === 'float32')
    return fusedDense(x, p.W as tf.Tensor2D, p.b as tf.Tensor1D, relu);
  const y = dense(x, p, inputIsData);
  return relu ? tf.relu(y) : y;
}
