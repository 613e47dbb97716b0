import type * as tf from '@tensorflow/tfjs';
import type { VaeConfig } from '../../../config/vae';
import { learnedGaussianPrior } from './learnedGaussian';
import { mixturePrior } from './mixture';
import type { Prior } from './prior';
import { standardNormalPrior } from './standardNormal';
import { vampPrior, type PseudoEncoder } from './vamp';

export type { MixtureData, MixtureTensors, Prior } from './prior';

/** The prior a config names. The VampPrior needs the encoder and K images to start its pseudo-inputs. */
export function makePrior(
  m: VaeConfig['model'],
  seed: number,
  vamp: { encode: PseudoEncoder; init: () => tf.Tensor2D },
): Prior {
  switch (m.prior) {
    case 'standard':
      return standardNormalPrior(m.latentDim);
    case 'learned':
      return learnedGaussianPrior(m.latentDim);
    case 'mixture':
      return mixturePrior(m.latentDim, m.priorComponents, seed);
    case 'vamp': {
      const init = vamp.init();
      try {
        return vampPrior(m.latentDim, m.priorComponents, vamp.encode, init);
      } finally {
        init.dispose();
      }
    }
  }
}
