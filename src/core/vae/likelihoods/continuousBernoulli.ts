import * as tf from '@tensorflow/tfjs';
import { bernoulliLogLikFromLogits } from '../../bernoulli';
import type { Likelihood } from './likelihood';

/**
 * The continuous Bernoulli (Loaiza-Ganem & Cunningham 2019): a density on [0, 1],
 *   p(x | lambda) = C(lambda) lambda^x (1 - lambda)^(1 - x),
 *   C(lambda) = 2 artanh(1 - 2 lambda) / (1 - 2 lambda)   (C(1/2) = 2).
 * The Bernoulli "likelihood" of grey pixels leaves C out, so it is not normalized on [0, 1]; adding
 * log C makes it a proper density. Its values are log-densities, not log-probabilities: they can be
 * positive, and the ELBO per image is typically far above the Bernoulli's (C >= 2, so log C >= 0.69
 * nats per pixel). With lambda = sigmoid(l): 1 - 2 lambda = -tanh(l / 2) and artanh(1 - 2 lambda) = -l / 2,
 * so C = l / tanh(l / 2), which is how it is computed here.
 */

/** Below this |logit| the normalizer uses its Taylor series (l / tanh(l / 2) is 0 / 0 at l = 0). */
const SMALL = 0.1;

/**
 * log C per pixel from logits: log|l| - log|tanh(l / 2)| (stable: log|tanh(a)| = log1p(-e^{-2a}) -
 * log1p(e^{-2a}) for a = |l|/2), and near l = 0 the series log 2 + l^2/12 - 7 l^4/1440.
 */
export function logNormalizer(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const a = tf.abs(logits);
    const small = smallMask(a);
    // Both branches get gradients, so the exact one must stay finite where it is unused: |l| -> 1 there.
    const safe = tf.add(a, tf.mul(small, tf.sub(1, a)));
    const e = tf.exp(tf.neg(safe));
    const exact = tf.sub(tf.log(safe), tf.sub(tf.log1p(tf.neg(e)), tf.log1p(e)));
    const l2 = tf.square(logits);
    const series = tf.add(Math.LN2, tf.sub(tf.div(l2, 12), tf.mul(7 / 1440, tf.square(l2))));
    return blend(small, series, exact);
  });
}

/**
 * 1 where |l| < SMALL, else 0, as a float built from ops with gradients (tf.step), so autodiff never
 * meets a comparison op (tfjs has no gradient for Less and fails on it).
 */
function smallMask(absLogits: tf.Tensor): tf.Tensor {
  return tf.step(tf.sub(SMALL, absLogits));
}

/** mask * a + (1 - mask) * b. */
function blend(mask: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.add(tf.mul(mask, a), tf.mul(tf.sub(1, mask), b));
}

/**
 * E[x] of CB(lambda) = lambda / (2 lambda - 1) + 1 / (2 artanh(1 - 2 lambda)) = lambda / tanh(l / 2) - 1 / l,
 * and 1/2 + l / 12 near l = 0. Not lambda itself: CB's mean is pulled towards 1/2.
 */
export function continuousBernoulliMean(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const small = smallMask(tf.abs(logits));
    const safe = tf.add(logits, tf.mul(small, tf.sub(1, logits)));
    const exact = tf.sub(tf.div(tf.sigmoid(safe), tf.tanh(tf.div(safe, 2))), tf.reciprocal(safe));
    const series = tf.add(0.5, tf.div(logits, 12));
    return blend(small, series, exact);
  });
}

export function continuousBernoulliLikelihood(): Likelihood {
  return {
    name: 'continuous-bernoulli',
    outputsPerPixel: 1,
    logProb: (x, out) =>
      tf.tidy(() => tf.add(bernoulliLogLikFromLogits(x, out), tf.sum(logNormalizer(out), 1)) as tf.Tensor1D),
    mean: (out) => continuousBernoulliMean(out) as tf.Tensor2D,
    target: (x) => x,
    variables: () => [],
    dispose: () => undefined,
  };
}
