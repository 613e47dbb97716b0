import * as tf from '@tensorflow/tfjs';

/**
 * The evidence lower bound, per example (lecture 000 eq. 5-14, lecture 002):
 *   ELBO(x) = E_q[log p(x|z)] - KL(q(z|x) || p(z)) <= log p(x).
 * With a single reparameterised sample the first term is estimated by log p(x|z), z ~ q(z|x).
 * `beta` weights the KL term (beta = 1 is the ELBO; beta != 1 gives the beta-VAE objective, which is
 * no longer a bound on log p(x)).
 */
export interface ElboTerms {
  /** -(recon log-likelihood), per example: what pytorch/examples calls BCE. [batch] */
  recon: tf.Tensor1D;
  /** KL(q(z|x) || p(z)), per example. [batch] */
  kl: tf.Tensor1D;
  /** ELBO per example (beta-weighted when beta != 1). [batch] */
  elbo: tf.Tensor1D;
}

export function elbo(logLik: tf.Tensor1D, kl: tf.Tensor1D, beta = 1): ElboTerms {
  return {
    recon: tf.neg(logLik),
    kl,
    elbo: tf.sub(logLik, tf.mul(beta, kl)),
  };
}

/** Batch means of the three terms, as scalars (loss = -ELBO, in nats per example). */
export function meanTerms(t: ElboTerms): { loss: tf.Scalar; recon: tf.Scalar; kl: tf.Scalar } {
  return {
    loss: tf.neg(tf.mean(t.elbo)) as tf.Scalar,
    recon: tf.mean(t.recon) as tf.Scalar,
    kl: tf.mean(t.kl) as tf.Scalar,
  };
}
