import * as tf from '@tensorflow/tfjs';
import { bernoulliLogLikFast } from './kernels/bernoulli';
import { fastKernelsActive } from './kernels/state';

/**
 * Bernoulli log-likelihood log p(x | logits) summed over pixels, per example, computed from logits so it
 * is finite for any logit (the "BCE with logits" identity):
 *   log p = -sum_i [ max(l_i, 0) - l_i x_i + log(1 + exp(-|l_i|)) ].
 * x in [0, 1] (grey levels allowed, as pytorch/examples feeds them). Returns [batch].
 */
export function bernoulliLogLikFromLogits(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  // The same sum as one fused kernel (and one for its gradient) where the fast WASM kernels run.
  if (fastKernelsActive()) return bernoulliLogLikFast(x, logits);
  return tf.tidy(() => {
    const bce = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.softplus(tf.neg(tf.abs(logits))));
    return tf.neg(tf.sum(bce, 1));
  });
}
