import * as tf from '@tensorflow/tfjs';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * KL( N(mu1, diag exp(lv1)) || N(mu2, diag exp(lv2)) ) per dimension, in closed form:
 *   1/2 [ lv2 - lv1 + (exp(lv1) + (mu1 - mu2)^2) / exp(lv2) - 1 ].
 * With mu2 = 0, lv2 = 0 this is the classic VAE's -1/2 (1 + lv - mu^2 - exp(lv)). Shapes broadcast.
 */
export function klDiagonalGaussians(
  mu1: tf.Tensor,
  lv1: tf.Tensor,
  mu2: tf.Tensor | number,
  lv2: tf.Tensor | number,
): tf.Tensor {
  return tf.tidy(() => {
    const ratio = tf.div(tf.add(tf.exp(lv1), tf.square(tf.sub(mu1, mu2))), tf.exp(lv2));
    return tf.mul(0.5, tf.sub(tf.add(tf.sub(lv2, lv1), ratio), 1));
  });
}

/**
 * log N(z; m_k, diag exp(lv_k)) for every row of z and every component k: z [n, d], means and
 * logVars [K, d] -> [n, K].
 */
export function componentLogDensities(z: tf.Tensor2D, means: tf.Tensor2D, logVars: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const d = z.shape[1];
    const diff = tf.sub(tf.expandDims(z, 1), tf.expandDims(means, 0)); // [n, K, d]
    const q = tf.div(tf.square(diff), tf.expandDims(tf.exp(logVars), 0));
    const perK = tf.add(tf.sum(q, 2), tf.expandDims(tf.sum(logVars, 1), 0)); // [n, K]
    return tf.mul(-0.5, tf.add(perK, d * LOG_2PI)) as tf.Tensor2D;
  });
}
