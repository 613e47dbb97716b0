import { z } from 'zod';
import { aaeConfigSchema, type AaeConfig } from '../config/aae';
import { imageGanLiveParamsSchema } from './imageGanParams';

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
  const r = aaeLiveParamsSchema.safeParse(p);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.length
    ? issue.path.join('.')
    : ((issue as { keys?: string[] }).keys?.join(', ') ?? '(params)');
  throw new Error(`AAE parameter "${field}": ${issue.message}`);
}

export function applyAaeParams(c: AaeConfig, p: AaeLiveParams): AaeConfig {
  const n = structuredClone(c);
  if (p.loss) n.objective.loss = p.loss;
  if (p.fDivergence) n.objective.fDivergence = p.fDivergence;
  if (p.gpLambda !== undefined) n.objective.gpLambda = p.gpLambda;
  if (p.clip !== undefined) n.objective.clip = p.clip;
  if (p.dSteps !== undefined) n.training.dSteps = p.dSteps;
  if (p.batchSize !== undefined) n.training.batchSize = p.batchSize;
  if (p.maxSteps !== undefined) n.training.maxSteps = p.maxSteps;
  if (p.lrAE !== undefined) n.optAE.lr = p.lrAE;
  if (p.lrG !== undefined) n.optG.lr = p.lrG;
  if (p.lrD !== undefined) n.optD.lr = p.lrD;
  if (p.optG) n.optG.name = p.optG;
  if (p.optD) n.optD.name = p.optD;
  if (p.metricsEvery !== undefined) n.monitor.metricsEvery = p.metricsEvery;
  return n;
}
