import * as tf from '@tensorflow/tfjs';
import { mixtureLogDensity } from './mixture';
import type { MixtureTensors, Prior } from './prior';

/** The encoder as the VampPrior sees it: q(z|u) for K pseudo-inputs (and their labels, for a CVAE). */
export type PseudoEncoder = (u: tf.Tensor2D) => { mu: tf.Tensor2D; logVar: tf.Tensor2D };

/**
 * The VampPrior (Tomczak & Welling 2018): p(z) = (1/K) sum_k q(z | u_k), the encoder's own posteriors at
 * K learned pseudo-inputs u_k (images, kept in [0, 1] by a sigmoid). A mixture of diagonal Gaussians
 * that moves with the encoder; the KL to it is estimated by Monte Carlo. The pseudo-inputs start near
 * K training digits (`init`, [K, 784] in [0, 1]), so the prior starts where the data is.
 */
export function vampPrior(dim: number, k: number, encode: PseudoEncoder, init: tf.Tensor2D): Prior {
  const raw = tf.tidy(() => {
    const p = tf.clipByValue(tf.add(tf.mul(init, 0.9), 0.05), 0.05, 0.95); // logit of a pixel in [.05, .95]
    return tf.variable(tf.log(tf.div(p, tf.sub(1, p))), true, 'prior/pseudoInputs');
  });
  const mixture = (): MixtureTensors =>
    tf.tidy(() => {
      const { mu, logVar } = encode(tf.sigmoid(raw) as tf.Tensor2D);
      return { logWeights: tf.fill([k], -Math.log(k)) as tf.Tensor1D, means: mu, logVars: logVar };
    });
  return {
    name: 'vamp',
    dim,
    closedFormKl: false,
    logDensity: (z) =>
      tf.tidy(() => {
        const mix = mixture();
        return mixtureLogDensity(z, mix);
      }),
    klPerDim: () => {
      throw new Error('the VampPrior has no closed-form KL');
    },
    mixture,
    variables: () => [raw],
    dispose: () => raw.dispose(),
  };
}

/** The pseudo-inputs as images in [0, 1], [K, 784]. */
export function pseudoInputs(prior: Prior): tf.Tensor2D | null {
  if (prior.name !== 'vamp') return null;
  return tf.tidy(() => tf.sigmoid(prior.variables()[0]!) as tf.Tensor2D);
}
