import type * as tf from '@tensorflow/tfjs';
import type { LikelihoodName } from '../../../config/vae';

/**
 * p(x|z) of a VAE's decoder. The decoder gives `outputsPerPixel` numbers per pixel (pixel-major: pixel p's
 * outputs are columns p * outputsPerPixel ... + outputsPerPixel - 1); the likelihood turns them into a
 * distribution over the pixel. Each one's own file says what its numbers mean (./conventions.ts holds
 * the text the lab shows).
 */
export interface Likelihood {
  readonly name: LikelihoodName;
  readonly outputsPerPixel: number;
  /**
   * log p(x | decoder output) summed over the pixels, per example. `x` is the image as this likelihood
   * sees it (see `target`): [n, 784]. `out` is the decoder output [n, 784 * outputsPerPixel]. Returns [n].
   */
  logProb(x: tf.Tensor2D, out: tf.Tensor2D): tf.Tensor1D;
  /** E[x | z]: the mean image, pixel intensities in [0, 1], [n, 784]. What the lab draws. */
  mean(out: tf.Tensor2D): tf.Tensor2D;
  /**
   * The data this likelihood models, from grey pixels in [0, 1]: the same pixels for most; a random
   * binarization for the dynamically binarized Bernoulli (`seed` set: a fresh draw per batch).
   */
  target(x: tf.Tensor2D, seed: number | null): tf.Tensor2D;
  /** Learned parameters of the likelihood itself (a learned variance, the categorical output head). */
  variables(): tf.Variable[];
  dispose(): void;
}
