import * as tf from '@tensorflow/tfjs';
import type { Likelihood } from './likelihood';

/** Learned log sigma stays in [log 0.01, log 1]: a sigma near 0 would make the density unbounded. */
export const LOG_SIGMA_MIN = Math.log(0.01);
export const LOG_SIGMA_MAX = 0;

/**
 * log N(x; mean, sigma^2 I) summed over the pixels: -d/2 log(2 pi) - d log sigma - |x - mean|^2 / (2 sigma^2).
 * A log-density of grey levels treated as continuous: it can be positive, and its value depends on
 * sigma's units (pixel intensities in [0, 1]).
 */
export function gaussianLogDensity(
  x: tf.Tensor2D,
  mean: tf.Tensor2D,
  logSigma: tf.Scalar | number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const d = x.shape[1];
    const ls = typeof logSigma === 'number' ? tf.scalar(logSigma) : logSigma;
    const sq = tf.sum(tf.square(tf.sub(x, mean)), 1);
    const c = tf.sub(-0.5 * d * Math.log(2 * Math.PI), tf.mul(d, ls));
    return tf.add(c, tf.mul(tf.mul(-0.5, tf.exp(tf.mul(-2, ls))), sq)) as tf.Tensor1D;
  });
}

/**
 * Gaussian p(x|z) = N(sigmoid(out), sigma^2 I): with a fixed sigma (`learned` false), or with one sigma
 * for all pixels learned with the model (`learned` true; it settles near the reconstruction's RMS error,
 * which balances the two ELBO terms by itself).
 */
export function gaussianLikelihood(sigma: number, learned: boolean): Likelihood {
  const logSigma = learned
    ? tf.tidy(() => tf.variable(tf.scalar(Math.log(0.3)), true, 'likelihood/logSigma'))
    : null;
  const ls = () =>
    logSigma ? (tf.clipByValue(logSigma, LOG_SIGMA_MIN, LOG_SIGMA_MAX) as tf.Scalar) : Math.log(sigma);
  return {
    name: learned ? 'gaussian-learned' : 'gaussian',
    outputsPerPixel: 1,
    logProb: (x, out) => tf.tidy(() => gaussianLogDensity(x, tf.sigmoid(out), ls())),
    mean: (out) => tf.sigmoid(out),
    target: (x) => x,
    variables: () => (logSigma ? [logSigma] : []),
    dispose: () => logSigma?.dispose(),
  };
}
