import { z } from 'zod';
import { gan2dConfigSchema, type Gan2dConfig } from '../config/gan2d';
import { applyAdversarialParams, parseLive } from './liveParams';

/**
 * What a running 2-D GAN accepts through setParams, without losing the run. Optimizer names rebuild
 * that network's optimizer (its moments restart); everything else takes effect on the next step.
 * `phase` is the step-mode seam: 'd' trains D only, 'g' G only, 'both' is Algorithm 1.
 */
const shape = gan2dConfigSchema.shape;
const obj = shape.objective.shape;
const train = shape.training.shape;
const opt = shape.optG.shape;

export const gan2dLiveParamsSchema = z
  .object({
    phase: z.enum(['both', 'd', 'g']),
    dataset: z.enum(['ring', 'grid', 'spiral', 'moons', 'gaussian']),
    loss: obj.loss,
    fDivergence: obj.fDivergence,
    gpLambda: obj.gpLambda,
    clip: obj.clip,
    unrollSteps: obj.unrollSteps,
    unrollOrder: z.enum(['first', 'second']),
    unrollLr: z.enum(['schedule', 'fixed']),
    /** Fast-forward: several iterations per engine step and a snapshot a second. Not part of the config. */
    fastForward: z.boolean(),
    dSteps: train.dSteps,
    batchSize: train.batchSize,
    maxSteps: train.maxSteps,
    lrDecay: train.lrDecay,
    lrG: opt.lr,
    lrD: opt.lr,
    optG: opt.name,
    optD: opt.name,
  })
  .partial()
  .strict();

export type Gan2dLiveParams = z.infer<typeof gan2dLiveParamsSchema>;
export type Phase = 'both' | 'd' | 'g';

/** Validate live params; throws an Error naming the field. */
export function parseLiveParams(p: unknown): Gan2dLiveParams {
  return parseLive(gan2dLiveParamsSchema, p, 'GAN');
}

/** The config a run has reached after live changes (for sharing or saving what is on screen). */
export function applyLiveParams(c: Gan2dConfig, p: Gan2dLiveParams): Gan2dConfig {
  const n = structuredClone(c);
  if (p.dataset) n.data.dataset = p.dataset;
  applyAdversarialParams(n, p);
  if (p.unrollOrder) n.objective.unrollOrder = p.unrollOrder;
  if (p.unrollLr) n.objective.unrollLr = p.unrollLr;
  return n;
}
