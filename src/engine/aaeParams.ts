import { z } from 'zod';
import { aaeConfigSchema, type AaeConfig } from '../config/aae';
import { imageGanLiveParamsSchema } from './imageGanParams';
import { applyAdversarialParams, parseLive } from './liveParams';

/** Live changes to a running adversarial autoencoder: the game's objective, k, rates and optimizers. */
const g = imageGanLiveParamsSchema.shape;

export const aaeLiveParamsSchema = z
  .object({
    phase: g.phase,
    loss: g.loss,
    fDivergence: g.fDivergence,
    gpLambda: g.gpLambda,
    clip: g.clip,
    dSteps: g.dSteps,
    batchSize: g.batchSize,
    maxSteps: g.maxSteps,
    lrAE: g.lrG,
    lrG: g.lrG,
    lrD: g.lrD,
    optG: g.optG,
    optD: g.optD,
    metricsEvery: aaeConfigSchema.shape.monitor.shape.metricsEvery.optional(),
  })
  .partial()
  .strict();

export type AaeLiveParams = z.infer<typeof aaeLiveParamsSchema>;

export function parseAaeParams(p: unknown): AaeLiveParams {
  return parseLive(aaeLiveParamsSchema, p, 'AAE');
}

export function applyAaeParams(c: AaeConfig, p: AaeLiveParams): AaeConfig {
  const n = structuredClone(c);
  applyAdversarialParams(n, p);
  if (p.lrAE !== undefined) n.optAE.lr = p.lrAE;
  if (p.metricsEvery !== undefined) n.monitor.metricsEvery = p.metricsEvery;
  return n;
}
