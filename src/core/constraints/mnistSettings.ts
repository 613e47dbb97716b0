import type { ConstraintsMnistConfig } from '../../config/constraintsMnist';
import type { MnistInkSettings } from './mnistRun';

/** The MNIST run's settings from the validated config. */
export function mnistInkSettings(c: ConstraintsMnistConfig): MnistInkSettings {
  return {
    t: c.constraint.inkMax,
    weight: c.constraint.weight,
    hidden: c.model.hidden,
    latentDim: c.model.latentDim,
    steps: c.model.steps,
    batchSize: c.model.batchSize,
    lr: c.model.lr,
    trainSubset: c.data.trainSubset,
    samples: c.sampler.samples,
    langevinSteps: c.sampler.langevinSteps,
    langevinStep: c.sampler.langevinStep,
    maxProposals: c.sampler.maxProposals,
    reference: c.sampler.reference,
  };
}
