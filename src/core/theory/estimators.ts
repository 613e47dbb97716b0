import * as tf from '@tensorflow/tfjs';
import { ESTIMATORS } from '../../config/vae';
import { diagGaussianLogDensity, reparameterize } from '../gaussian';

/**
 * Gradient estimators for grad_phi E_{q_phi(z)}[f(z)] with q_phi = N(mu, diag exp(logVar)) (lecture 003;
 * issue 10 item 2):
 *   reparam:        grad f(mu + sigma * eps)                          (pathwise, eps ~ N(0, I))
 *   score:          f(z) grad log q_phi(z)                            (REINFORCE, z held fixed)
 *   score-baseline: (f(z) - b) grad log q_phi(z), b independent of z (here f at the mean: b = f(mu)),
 *                   still unbiased because E_q[grad log q] = 0.
 */
export { ESTIMATORS };
export type Estimator = (typeof ESTIMATORS)[number];

type GradArg = tf.Tensor | tf.GradSaveFunc;

/** The identity with a zero gradient (tfjs has no stop_gradient op). */
export const stopGradient = tf.customGrad((...args: GradArg[]) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: (dy) => tf.zerosLike(dy as tf.Tensor) };
}) as <T extends tf.Tensor>(x: T) => T;

export interface Surrogate {
  /** A scalar whose gradient is one draw of the estimator (mean over rows); its value is `value`. */
  surrogate: tf.Scalar;
  /** mean_rows f(z) at the drawn z (the Monte Carlo value of E_q[f]). */
  value: tf.Scalar;
}

/**
 * One draw of the chosen estimator as a surrogate scalar. f: [rows, d] -> [rows] (its own parameters,
 * e.g. a decoder's, get grad f(z) at the drawn z under every estimator); mu, logVar [rows, d] (functions
 * of the parameters phi); eps [rows, d]. Call inside a tidy / gradient closure.
 */
export function estimatorSurrogate(
  f: (z: tf.Tensor2D) => tf.Tensor1D,
  mu: tf.Tensor2D,
  logVar: tf.Tensor2D,
  eps: tf.Tensor2D,
  estimator: Estimator,
): Surrogate {
  const z = reparameterize(mu, logVar, eps);
  if (estimator === 'reparam') {
    const value = tf.mean(f(z)) as tf.Scalar;
    return { surrogate: value, value };
  }
  const zc = stopGradient(z);
  const fz = f(zc);
  const logq = diagGaussianLogDensity(zc, mu, logVar);
  const centred = estimator === 'score-baseline' ? tf.sub(fz, f(stopGradient(mu))) : fz;
  const weight = stopGradient(centred);
  const value = tf.mean(fz) as tf.Scalar;
  // value + (s - s held fixed): the value of E_q[f]'s estimate, the gradient of the score term.
  const score = tf.mean(tf.mul(weight, logq));
  return { surrogate: tf.add(value, tf.sub(score, stopGradient(score))) as tf.Scalar, value };
}
