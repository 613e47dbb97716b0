import type { ExperimentConfig } from '../config/schema';
import type { Experiment, ExperimentContext } from './experiment';
import { LinearAeExperiment } from './aepca/linearExperiment';
import { GenerativeExperiment } from './aepca/generativeExperiment';
import { DiscreteExperiment } from './aepca/discreteExperiment';

/** The "AE, PCA & discrete" lab's experiments (issue 10, items 3-5), one per demo. */
export async function createAepcaExperiment(
  config: ExperimentConfig,
  ctx: ExperimentContext,
): Promise<Experiment> {
  if (config.kind !== 'aepca') throw new Error('createAepcaExperiment needs an aepca config');
  const mnist = await ctx.loadMnist();
  switch (config.demo) {
    case 'linear':
      return new LinearAeExperiment(config, mnist);
    case 'generative':
      return new GenerativeExperiment(config, mnist);
    case 'discrete':
      return new DiscreteExperiment(config, mnist);
  }
}
