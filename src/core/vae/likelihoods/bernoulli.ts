import type * as tf from '@tensorflow/tfjs';
import * as tfc from '@tensorflow/tfjs';
import { bernoulliLogLikFromLogits } from '../../bernoulli';
import type { Likelihood } from './likelihood';

/**
 * Bernoulli on grey pixels in [0, 1] (pytorch/examples' convention): log p = sum_i x_i log l_i +
 * (1 - x_i) log(1 - l_i), l = sigmoid(logits), with x_i the grey level itself. For grey x this is a
 * cross-entropy, not the log-probability of anything (a Bernoulli's outcomes are 0 and 1), so its
 * "nats" compare only with the same convention. Computed from logits (the fused WASM kernel where the
 * fast kernels run).
 */
export function bernoulliLikelihood(): Likelihood {
  return {
    name: 'bernoulli',
    outputsPerPixel: 1,
    logProb: (x, out) => bernoulliLogLikFromLogits(x, out),
    mean: (out) => tfc.sigmoid(out),
    target: (x) => x,
    variables: () => [],
    dispose: () => undefined,
  };
}

/** A binary image: pixel i is 1 with probability x_i (dynamic binarization, a fresh draw per call). */
export function binarize(x: tf.Tensor2D, seed: number): tf.Tensor2D {
  return tfc.tidy(() => tfc.cast(tfc.less(tfc.randomUniform(x.shape, 0, 1, 'float32', seed), x), 'float32'));
}

/**
 * Bernoulli on binary pixels with dynamic binarization (the literature's MNIST convention, as in the
 * IWAE paper): each training image is re-binarized every time it is seen, x_i ~ Bernoulli(grey_i), and
 * the test set is binarized once with a fixed seed. log p(x|z) is then a true log-probability of a
 * binary image, in nats: these are the numbers papers report (e.g. 86.76 for the IWAE paper's VAE).
 */
export function binarizedBernoulliLikelihood(): Likelihood {
  return {
    ...bernoulliLikelihood(),
    name: 'bernoulli-binarized',
    target: (x, seed) => (seed === null ? x : binarize(x, seed)),
  };
}
