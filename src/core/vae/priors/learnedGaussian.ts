import * as tf from '@tensorflow/tfjs';
import { klDiagonalGaussians } from './diagonalGaussian';
import { componentLogDensities } from './diagonalGaussian';
import type { Prior } from './prior';

/**
 * p(z) = N(m, diag exp(s)) with m and s learned with the model (lecture 003: "learn mean and covariance
 * instead of fixing a standard Gaussian"). KL in closed form. Starts at N(0, I).
 */
export function learnedGaussianPrior(dim: number): Prior {
  // tidy(): tf.variable shares its initial value's data; an undisposed initial tensor would leak.
  const m = tf.tidy(() => tf.variable(tf.zeros([1, dim]), true, 'prior/mean') as tf.Variable<tf.Rank.R2>);
  const s = tf.tidy(() => tf.variable(tf.zeros([1, dim]), true, 'prior/logVar') as tf.Variable<tf.Rank.R2>);
  return {
    name: 'learned',
    dim,
    closedFormKl: true,
    logDensity: (z) => tf.tidy(() => tf.squeeze(componentLogDensities(z, m, s), [1]) as tf.Tensor1D),
    klPerDim: (mu, logVar) => klDiagonalGaussians(mu, logVar, m, s) as tf.Tensor2D,
    mixture: () => ({ logWeights: tf.zeros([1]), means: m.clone(), logVars: s.clone() }),
    variables: () => [m, s],
    dispose: () => tf.dispose([m, s]),
  };
}
