import * as tf from '@tensorflow/tfjs';

/**
 * Built-in penalties psi(z, x) for the posterior-regularized ELBO (lecture 000 eq. 18),
 *   L(x) = E_q[log p(x|z)] - KL(q(z|x) || p(z)) - lambda E_q[psi(z, x)],
 * estimated with the same reparameterised samples as the ELBO. psi >= 0, and 0 where the property holds:
 * the penalty only acts on codes that violate it. Each returns [n] for n samples.
 */

/** z leaving the box [-b, b]^d: sum_i max(0, |z_i| - b)^2. */
export function psiBox(z: tf.Tensor2D, b: number): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.square(tf.relu(tf.sub(tf.abs(z), b))), 1) as tf.Tensor1D);
}

/**
 * The decoded digit's ink leaving [lo, hi]: ink = the mean pixel intensity of E[x|z] (MNIST's digits
 * average about 0.13), psi = 100 (max(0, lo - ink)^2 + max(0, ink - hi)^2), scaled by 100 so lambda
 * near 1-100 matters against an ELBO of ~100 nats.
 */
export function psiInk(meanImage: tf.Tensor2D, lo: number, hi: number): tf.Tensor1D {
  return tf.tidy(() => {
    const ink = tf.mean(meanImage, 1);
    const below = tf.square(tf.relu(tf.sub(lo, ink)));
    const above = tf.square(tf.relu(tf.sub(ink, hi)));
    return tf.mul(100, tf.add(below, above)) as tf.Tensor1D;
  });
}

/** Ink of each image: its mean pixel intensity. */
export function inkMass(images: tf.Tensor2D): tf.Tensor1D {
  return tf.mean(images, 1);
}
