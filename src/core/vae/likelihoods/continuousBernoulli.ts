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
    const small = tf.less(a, SMALL);
    // Both branches of tf.where get gradients, so the exact branch must stay finite where it is unused.
    const safe = tf.where(small, tf.onesLike(a), a);
    const e = tf.exp(tf.neg(safe));
    const exact = tf.sub(tf.log(safe), tf.sub(tf.log1p(tf.neg(e)), tf.log1p(e)));
    const l2 = tf.square(logits);
    const series = tf.add(Math.LN2, tf.sub(tf.div(l2, 12), tf.mul(7 / 1440, tf.square(l2))));
    return tf.where(small, series, exact);
  });
}

/**
 * E[x] of CB(lambda) = lambda / (2 lambda - 1) + 1 / (2 artanh(1 - 2 lambda)) = lambda / tanh(l / 2) - 1 / l,
 * and 1/2 + l / 12 near l = 0. Not lambda itself: CB's mean is pulled towards 1/2.
 */
export function continuousBernoulliMean(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const small = tf.less(tf.abs(logits), SMALL);
    const safe = tf.where(small, tf.onesLike(logits), logits);
    const exact = tf.sub(tf.div(tf.sigmoid(safe), tf.tanh(tf.div(safe, 2))), tf.reciprocal(safe));
    const series = tf.add(0.5, tf.div(logits, 12));
    return tf.where(small, series, exact);
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
