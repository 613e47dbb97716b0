import * as tf from '@tensorflow/tfjs';

/**
 * Gumbel-softmax (Jang et al. 2017; Maddison et al. 2017; lecture 003). For N categorical variables of K
 * categories each, logits [n, N * K] (variable-major: columns i*K .. i*K + K - 1 are variable i):
 *   y = softmax((logits + g) / tau),  g = -log(-log u),  u ~ U(0, 1),
 * per variable. As tau -> 0, y tends to the one-hot vector of argmax(logits + g), which is an exact
 * sample of Categorical(softmax(logits)) (the Gumbel-max trick).
 */
export function gumbelNoise(u: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const eps = 1e-10;
    return tf.neg(tf.log(tf.neg(tf.log(tf.clipByValue(u, eps, 1 - eps))))) as tf.Tensor2D;
  });
}

/** Softmax over each variable's K columns of [n, N * K]. */
export function groupSoftmax(x: tf.Tensor2D, K: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [n, cols] = x.shape;
    return tf.reshape(tf.softmax(tf.reshape(x, [n, cols / K, K])), [n, cols]) as tf.Tensor2D;
  });
}

/** The one-hot vector of each variable's largest entry, [n, N * K]. */
export function groupOneHot(y: tf.Tensor2D, K: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [n, cols] = y.shape;
    const idx = tf.argMax(tf.reshape(y, [n, cols / K, K]), 2) as tf.Tensor2D;
    return tf.reshape(tf.oneHot(idx, K), [n, cols]).toFloat() as tf.Tensor2D;
  });
}

/**
 * Straight-through: the value is the hard one-hot of y, the gradient is passed to y unchanged (as if
 * the forward pass had used y itself). K is fixed per call site.
 */
function straightThrough(K: number) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const y = args[0] as tf.Tensor2D;
    return { value: groupOneHot(y, K), gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [dy as tf.Tensor] };
  });
}

/** A relaxed sample (soft), or with `hard` its straight-through one-hot version. u: uniforms [n, N * K]. */
export function gumbelSoftmax(
  logits: tf.Tensor2D,
  u: tf.Tensor2D,
  tau: number,
  K: number,
  hard: boolean,
): tf.Tensor2D {
  return tf.tidy(() => {
    const y = groupSoftmax(tf.div(tf.add(logits, gumbelNoise(u)), tau), K);
    return hard ? (straightThrough(K)(y) as tf.Tensor2D) : y;
  });
}

/**
 * KL(q || uniform) per example, exactly: sum over the N variables of sum_k q_k log q_k + log K, with
 * q = softmax(logits) per variable. [n].
 */
export function categoricalKlUniform(logits: tf.Tensor2D, K: number): tf.Tensor1D {
  return tf.tidy(() => {
    const [n, cols] = logits.shape;
    const l = tf.reshape(logits, [n, cols / K, K]);
    const logQ = tf.logSoftmax(l);
    const negEntropy = tf.sum(tf.mul(tf.exp(logQ), logQ), [1, 2]);
    return tf.add(negEntropy, (cols / K) * Math.log(K)) as tf.Tensor1D;
  });
}

/** Temperature at a step: tau0 * exp(-rate * step), never below tauMin (Jang et al.'s schedule). */
export function temperature(step: number, g: { tau0: number; tauMin: number; rate: number }): number {
  return Math.max(g.tauMin, g.tau0 * Math.exp(-g.rate * step));
}
