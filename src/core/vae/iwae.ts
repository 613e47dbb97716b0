import type * as tf from '@tensorflow/tfjs';
import { logMeanExp } from '../logSumExp';

/**
 * The importance-weighted bound (Burda, Grosse & Salakhutdinov 2016), per example:
 *   L_k(x) = E_{z_1..z_k ~ q(z|x)} [ log (1/k) sum_s p(x, z_s) / q(z_s|x) ].
 * L_1 is the ELBO; L_k <= L_{k+1} <= log p(x), and L_k -> log p(x) as k grows. One draw of the k
 * samples gives an unbiased estimate of L_k. logWeights: [k, n] (log p(x, z_s) - log q(z_s|x),
 * Vae.logWeights). Returns [n]. Trained on, it is the IWAE objective: its gradient weights each
 * sample by its normalized importance weight.
 */
export function iwaeBound(logWeights: tf.Tensor2D): tf.Tensor1D {
  return logMeanExp(logWeights, 0) as tf.Tensor1D;
}
