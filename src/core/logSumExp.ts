import * as tf from '@tensorflow/tfjs';

/**
 * log sum_i exp(x_i) along `axis`, computed as m + log sum_i exp(x_i - m) with m = max_i x_i, so it is
 * finite for inputs like +/-1e4 where exp() alone overflows to Infinity or underflows to 0. A slice
 * that is all -Infinity (every weight zero) gives -Infinity, not NaN. Differentiable: the gradient is
 * the softmax of x along the axis (the terms through m cancel: d/dm [m + log sum exp(x - m)] = 0).
 */
export function logSumExp(x: tf.Tensor, axis: number): tf.Tensor {
  return tf.tidy(() => {
    const m = tf.max(x, axis, true);
    const safeM = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
    const s = tf.sum(tf.exp(tf.sub(x, safeM)), axis, true);
    return tf.squeeze(tf.add(tf.log(s), safeM), [axis < 0 ? x.rank + axis : axis]);
  });
}

/** log (1/k) sum_i exp(x_i) along `axis` (k = that axis's length): the IWAE bound's inner average. */
export function logMeanExp(x: tf.Tensor, axis: number): tf.Tensor {
  const k = x.shape[axis < 0 ? x.rank + axis : axis]!;
  return tf.tidy(() => tf.sub(logSumExp(x, axis), Math.log(k)));
}

export { logAddExp } from './vae/logPxAccumulator';
