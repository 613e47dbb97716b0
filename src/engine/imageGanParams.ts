import { z } from 'zod';
import { imageGanConfigSchema, type ImageGanConfig } from '../config/imageGan';
import { applyAdversarialParams, parseLive } from './liveParams';

/**
 * What a running image GAN accepts through setParams without losing the run: the objective, k, the
 * learning rates and optimizers (a new optimizer name restarts that network's moments), the schedule,
 * how often it is scored and snapshotted, and the step-mode seam `phase` ('d', 'g' or 'both').
 */
const shape = imageGanConfigSchema.shape;
const obj = shape.objective.shape;
const train = shape.training.shape;
const opt = shape.optG.shape;
const mon = shape.monitor.shape;

export const imageGanLiveParamsSchema = z
  .object({
    phase: z.enum(['both', 'd', 'g']),
    loss: obj.loss,
    fDivergence: obj.fDivergence,
    gpLambda: obj.gpLambda,
    clip: obj.clip,
    unrollSteps: obj.unrollSteps,
    dSteps: train.dSteps,
    batchSize: train.batchSize,
    maxSteps: train.maxSteps,
    lrDecay: train.lrDecay,
    lrG: opt.lr,
    lrD: opt.lr,
    optG: opt.name,
    optD: opt.name,
    metricsEvery: mon.metricsEvery,
    timelineEvery: mon.timelineEvery,
  })
  .partial()
  .strict();

export type ImageGanLiveParams = z.infer<typeof imageGanLiveParamsSchema>;

/** Validate live params; throws an Error naming the field. */
export function parseImageGanParams(p: unknown): ImageGanLiveParams {
  return parseLive(imageGanLiveParamsSchema, p, 'image GAN');
}

/** The config a run has reached after live changes (what the page shows and shares). */
export function applyImageGanParams(c: ImageGanConfig, p: ImageGanLiveParams): ImageGanConfig {
  const n = structuredClone(c);
  applyAdversarialParams(n, p);
  if (p.metricsEvery !== undefined) n.monitor.metricsEvery = p.metricsEvery;
  if (p.timelineEvery !== undefined) n.monitor.timelineEvery = p.timelineEvery;
  return n;
}
