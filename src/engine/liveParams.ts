import type { z } from 'zod';
import type { Gan2dConfig } from '../config/gan2d';

/**
 * Live changes shared by the adversarial labs (2-D GAN, image GAN, AAE): validation with an error that
 * names the field, and the fields they all change the same way. Each lab's own params module lists what
 * it accepts (a strict schema, so a field its config lacks never arrives).
 */

/** Validate `p` against a lab's live-params schema; throws an Error naming the field. */
export function parseLive<S extends z.ZodTypeAny>(schema: S, p: unknown, lab: string): z.infer<S> {
  const r = schema.safeParse(p);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.length
    ? issue.path.join('.')
    : ((issue as { keys?: string[] }).keys?.join(', ') ?? '(params)');
  throw new Error(`${lab} parameter "${field}": ${issue.message}`);
}

type Objective = Gan2dConfig['objective'];
type Training = Gan2dConfig['training'];
type Optimizer = Gan2dConfig['optG'];

export interface AdversarialParams {
  loss?: Objective['loss'];
  fDivergence?: Objective['fDivergence'];
  gpLambda?: number;
  clip?: number;
  unrollSteps?: number;
  dSteps?: number;
  batchSize?: number;
  maxSteps?: number;
  lrDecay?: Training['lrDecay'];
  lrG?: number;
  lrD?: number;
  optG?: Optimizer['name'];
  optD?: Optimizer['name'];
}

/** The config blocks those fields live in (a lab's config may lack an optional one, e.g. lrDecay). */
interface AdversarialBlocks {
  objective: Pick<Objective, 'loss' | 'fDivergence' | 'gpLambda' | 'clip' | 'unrollSteps'>;
  training: Pick<Training, 'dSteps' | 'batchSize' | 'maxSteps'> & { lrDecay?: Training['lrDecay'] };
  optG: Pick<Optimizer, 'lr' | 'name'>;
  optD: Pick<Optimizer, 'lr' | 'name'>;
}

/** Write the shared fields present in `p` into `n` (a copy of the config being changed). */
export function applyAdversarialParams(n: AdversarialBlocks, p: AdversarialParams): void {
  const o = n.objective;
  if (p.loss) o.loss = p.loss;
  if (p.fDivergence) o.fDivergence = p.fDivergence;
  if (p.gpLambda !== undefined) o.gpLambda = p.gpLambda;
  if (p.clip !== undefined) o.clip = p.clip;
  if (p.unrollSteps !== undefined) o.unrollSteps = p.unrollSteps;
  const t = n.training;
  if (p.dSteps !== undefined) t.dSteps = p.dSteps;
  if (p.batchSize !== undefined) t.batchSize = p.batchSize;
  if (p.maxSteps !== undefined) t.maxSteps = p.maxSteps;
  if (p.lrDecay) t.lrDecay = p.lrDecay;
  if (p.lrG !== undefined) n.optG.lr = p.lrG;
  if (p.lrD !== undefined) n.optD.lr = p.lrD;
  if (p.optG) n.optG.name = p.optG;
  if (p.optD) n.optD.name = p.optD;
}
