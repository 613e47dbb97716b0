import * as tf from '@tensorflow/tfjs';
import { logSumExp } from '../../logSumExp';
import { componentLogDensities } from './diagonalGaussian';
import type { MixtureTensors, Prior } from './prior';

/** log sum_k w_k N(z; m_k, diag exp(lv_k)) per row of z [n, d] -> [n]. */
export function mixtureLogDensity(z: tf.Tensor2D, mix: MixtureTensors): tf.Tensor1D {
  return tf.tidy(
    () =>
      logSumExp(
        tf.add(componentLogDensities(z, mix.means, mix.logVars), tf.expandDims(mix.logWeights, 0)),
        1,
      ) as tf.Tensor1D,
  );
}

/** Normalized log weights from free logits: log softmax. */
export function logSoftmax(logits: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.sub(logits, logSumExp(logits, 0)) as tf.Tensor1D);
}

/**
 * A mixture of K Gaussians with learned means, diagonal variances and weights (lecture 000 eq. 17, with
 * no context c): p(z) = sum_k pi_k N(z; mu_k, diag sigma_k^2). The KL to it has no closed form; the
 * model estimates it by Monte Carlo. The means start spread out at random (scale 1), each component
 * narrower than N(0, I), weights equal.
 */
export function mixturePrior(dim: number, k: number, seed: number): Prior {
  const means = tf.tidy(
    () =>
      tf.variable(
        tf.randomNormal([k, dim], 0, 1, 'float32', seed),
        true,
        'prior/means',
      ) as tf.Variable<tf.Rank.R2>,
  );
  const logVars = tf.tidy(
    () => tf.variable(tf.fill([k, dim], Math.log(0.5)), true, 'prior/logVars') as tf.Variable<tf.Rank.R2>,
  );
  const logits = tf.tidy(() => tf.variable(tf.zeros([k]), true, 'prior/logits') as tf.Variable<tf.Rank.R1>);
  const mixture = (): MixtureTensors => ({
    logWeights: logSoftmax(logits),
    means: means.clone(),
    logVars: logVars.clone(),
  });
  return {
    name: 'mixture',
    dim,
    closedFormKl: false,
    logDensity: (z) => tf.tidy(() => mixtureLogDensity(z, mixture())),
    klPerDim: () => {
      throw new Error('the mixture prior has no closed-form KL');
    },
    mixture,
    variables: () => [means, logVars, logits],
    dispose: () => tf.dispose([means, logVars, logits]),
  };
}
