import type { ConstraintsConfig } from '../../config/constraints';
import type { RunSettings } from './run';

/** The run's settings from the validated config. */
export function runSettings(c: ConstraintsConfig): RunSettings {
  return {
    dataset: c.data.dataset,
    constraint: c.constraint,
    gan: c.model,
    baseSteps: c.model.baseSteps,
    samples: c.sampler.samples,
    langevinSteps: c.sampler.langevinSteps,
    langevinStep: c.sampler.langevinStep,
  };
}
