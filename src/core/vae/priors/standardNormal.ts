import * as tf from '@tensorflow/tfjs';
import { diagGaussianLogDensity } from '../../gaussian';
import { gaussianKernelsApply, standardKlFast } from '../../kernels/gaussian';
import { klDiagonalGaussians } from './diagonalGaussian';
import type { Prior } from './prior';

/** p(z) = N(0, I): the classic VAE's prior. KL in closed form. */
export function standardNormalPrior(dim: number): Prior {
  return {
    name: 'standard',
    dim,
    closedFormKl: true,
    logDensity: (z) => tf.tidy(() => diagGaussianLogDensity(z, tf.zerosLike(z), tf.zerosLike(z))),
    // The same closed form as one kernel on the fast kernels' backend (../../kernels/gaussian.ts).
    klPerDim: (mu, logVar) =>
      gaussianKernelsApply(mu, logVar)
        ? standardKlFast(mu, logVar)
        : (klDiagonalGaussians(mu, logVar, 0, 0) as tf.Tensor2D),
    mixture: () => ({
      logWeights: tf.zeros([1]),
      means: tf.zeros([1, dim]),
      logVars: tf.zeros([1, dim]),
    }),
    variables: () => [],
    dispose: () => undefined,
  };
}
