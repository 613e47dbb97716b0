import type { ExperimentConfig } from '../config/schema';
import type { Experiment, ExperimentContext, ExperimentFactory } from './experiment';
import { createVaeExperiment } from './vaeExperiment';
import { createGan2dExperiment } from './gan2dExperiment';
import { createImageGanExperiment } from './imageGanExperiment';
import { createAaeExperiment } from './aaeExperiment';
import { createConstraintsExperiment } from './constraintsExperiment';
import { createConstraintsMnistExperiment } from './constraintsMnistExperiment';
import { createAepcaExperiment } from './aepcaExperiment';

/** Model registry: experiment kind -> factory. New kinds (GAN 2-D, AAE, ...) register here. */
const factories = new Map<string, ExperimentFactory>([
  ['vae', createVaeExperiment],
  ['gan2d', createGan2dExperiment],
  ['imageGan', createImageGanExperiment],
  ['aae', createAaeExperiment],
  ['constraints', createConstraintsExperiment],
  ['constraintsMnist', createConstraintsMnistExperiment],
  ['aepca', createAepcaExperiment],
]);

export function registerExperiment(kind: string, f: ExperimentFactory): void {
  factories.set(kind, f);
}

export async function createExperiment(
  config: ExperimentConfig,
  ctx: ExperimentContext,
): Promise<Experiment> {
  const f = factories.get(config.kind);
  if (!f) throw new Error(`no experiment registered for kind "${config.kind}"`);
  return f(config, ctx);
}
