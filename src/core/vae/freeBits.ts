import * as tf from '@tensorflow/tfjs';

/**
 * Free bits (Kingma et al. 2016): the KL term of the objective with each latent dimension's KL,
 * averaged over the minibatch, floored at `lambda` nats,
 *   sum_j max(lambda, mean_batch KL_j).
 * A dimension whose KL is below lambda costs a constant: the objective stops pushing it onto the prior
 * (its gradient through the KL is zero), so the encoder can use it without paying for it, which keeps
 * dimensions from collapsing. klPerDim: [n, d]. Returns a scalar (per-example units).
 */
export function freeBitsKl(klPerDim: tf.Tensor2D, lambda: number): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.maximum(tf.mean(klPerDim, 0), lambda)) as tf.Scalar);
}

/**
 * The same for a prior whose KL does not split by dimension (mixtures): the whole KL, averaged over the
 * minibatch, floored at d * lambda. kl: [n].
 */
export function freeBitsTotalKl(kl: tf.Tensor1D, lambda: number, dim: number): tf.Scalar {
  return tf.tidy(() => tf.maximum(tf.mean(kl), lambda * dim) as tf.Scalar);
}
