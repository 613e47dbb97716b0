import type { VaeConfig } from '../../../config/vae';
import { bernoulliLikelihood, binarizedBernoulliLikelihood } from './bernoulli';
import { categoricalLikelihood } from './categorical';
import { continuousBernoulliLikelihood } from './continuousBernoulli';
import { gaussianLikelihood } from './gaussian';
import type { Likelihood } from './likelihood';

export type { Likelihood } from './likelihood';

/** The likelihood a config names. */
export function makeLikelihood(m: VaeConfig['model'], seed: number): Likelihood {
  switch (m.likelihood) {
    case 'bernoulli':
      return bernoulliLikelihood();
    case 'bernoulli-binarized':
      return binarizedBernoulliLikelihood();
    case 'continuous-bernoulli':
      return continuousBernoulliLikelihood();
    case 'gaussian':
      return gaussianLikelihood(m.gaussianSigma, false);
    case 'gaussian-learned':
      return gaussianLikelihood(m.gaussianSigma, true);
    case 'categorical':
      return categoricalLikelihood(m.categoricalFeatures, seed);
  }
}
