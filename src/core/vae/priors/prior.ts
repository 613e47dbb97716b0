import type * as tf from '@tensorflow/tfjs';
import type { PriorName } from '../../../config/vae';

/** A mixture of diagonal Gaussians, sum_k w_k N(m_k, diag(exp(logVar_k))): every prior here is one. */
export interface MixtureTensors {
  /** log w_k, normalized (logsumexp = 0). [K] */
  logWeights: tf.Tensor1D;
  /** [K, d] */
  means: tf.Tensor2D;
  /** [K, d] */
  logVars: tf.Tensor2D;
}

/** The same, read back as plain arrays (snapshots, the page's contours and samples). */
export interface MixtureData {
  k: number;
  dim: number;
  weights: Float32Array;
  means: Float32Array;
  logVars: Float32Array;
}

/**
 * p(z) of a VAE. Every prior gives log p(z); a factorized Gaussian prior also gives KL(q(z|x) || p(z))
 * in closed form, dimension by dimension. Where there is no closed form (mixtures) the model estimates
 * the KL by Monte Carlo, log q(z|x) - log p(z) at its sample z (unbiased, one sample).
 */
export interface Prior {
  readonly name: PriorName;
  readonly dim: number;
  /** True when klPerDim() exists (standard normal, learned diagonal Gaussian). */
  readonly closedFormKl: boolean;
  /** log p(z) per row: z [n, d] -> [n]. */
  logDensity(z: tf.Tensor2D): tf.Tensor1D;
  /** KL(N(mu, diag exp(logVar)) || p) per example and dimension, [n, d]. Closed-form priors only. */
  klPerDim(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor2D;
  /** The prior as a mixture of diagonal Gaussians (K = 1 for the Gaussian priors). */
  mixture(): MixtureTensors;
  variables(): tf.Variable[];
  dispose(): void;
}
