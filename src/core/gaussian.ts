import * as tf from '@tensorflow/tfjs';
import { clampFast, gaussianKernelsApply, reparamFast } from './kernels/gaussian';

/**
 * Log-variance is clamped so exp() stays finite on float16 GPU backends (NaN on some mobile chips
 * otherwise): float16's largest finite value is 65,504 = e^11.09, and e^15 overflows it. 10.4 = ln 2^15
 * keeps exp(logVar) <= 32,768, with room to spare for the sums it enters (the KL adds mu^2 to it).
 */
export const LOGVAR_MIN = -10.4;
export const LOGVAR_MAX = 10.4;

/** logVar clamped to [LOGVAR_MIN, LOGVAR_MAX] (zero gradient outside); one kernel each way when fast. */
export function clampLogVar<T extends tf.Tensor>(logVar: T): T {
  if (gaussianKernelsApply(logVar)) return clampFast(logVar, LOGVAR_MIN, LOGVAR_MAX);
  return tf.clipByValue(logVar, LOGVAR_MIN, LOGVAR_MAX) as T;
}

/**
 * KL( N(mu, diag(exp(logVar))) || N(0, I) ) per example, in closed form (lecture 002):
 *   KL = -1/2 * sum_j (1 + logVar_j - mu_j^2 - exp(logVar_j)).
 * mu, logVar: [batch, d]. Returns [batch].
 */
export function klStandardNormal(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() =>
    tf.mul(-0.5, tf.sum(tf.sub(tf.add(1, logVar), tf.add(tf.square(mu), tf.exp(logVar))), 1)),
  );
}

/**
 * Reparameterisation: z = mu + sigma * eps with sigma = exp(logVar / 2), eps ~ N(0, I) given. On the
 * fast kernels' backend the same formula runs as one kernel (./kernels/gaussian.ts).
 */
export function reparameterize(mu: tf.Tensor2D, logVar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  if (gaussianKernelsApply(mu, logVar, eps)) return reparamFast(mu, logVar, eps);
  return tf.tidy(() => tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), eps)));
}

/** log N(x; mean, sigma^2 I) summed over the last axis, per example. Returns [batch]. */
export function gaussianLogLik(x: tf.Tensor2D, mean: tf.Tensor2D, sigma: number): tf.Tensor1D {
  return tf.tidy(() => {
    const d = x.shape[1];
    const sq = tf.sum(tf.square(tf.sub(x, mean)), 1);
    const c = -0.5 * d * Math.log(2 * Math.PI) - d * Math.log(sigma);
    return tf.add(c, tf.mul(-0.5 / (sigma * sigma), sq));
  });
}

/** log N(z; mu, diag(exp(logVar))) per example: used by Monte Carlo checks and IWAE later. */
export function diagGaussianLogDensity(z: tf.Tensor2D, mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const d = z.shape[1];
    const q = tf.div(tf.square(tf.sub(z, mu)), tf.exp(logVar));
    return tf.mul(-0.5, tf.add(d * Math.log(2 * Math.PI), tf.sum(tf.add(logVar, q), 1)));
  });
}
