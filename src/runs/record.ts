import { z } from 'zod';
import type { ExperimentConfig } from '../config/schema';
import type { ImageBatch } from '../engine/experiment';
import type { WeightsState } from '../engine/weightsProtocol';
import type { MetricHistory } from '../store/metricLog';
import { expectedShapes, sameShape, size, slotCounts } from './shapes';

export interface EpochResult {
  epoch: number;
  step: number;
  train: Record<string, number>;
  test: Record<string, number>;
  seconds: number;
}

export interface ModeResult {
  step: number;
  captured: number;
  total: number;
  hq: number;
  kl: number | null;
  js: number;
}

/**
 * A saved run: everything needed to show it again and continue training it. Stored as is in
 * IndexedDB, and as one zip file on export (file.ts). Validated (validateRun) wherever it comes from.
 */
export interface RunRecord {
  id: string;
  name: string;
  /** When it was saved (ms since 1970). */
  created: number;
  config: ExperimentConfig;
  /** The backend that trained it (bit-identical reloads are promised on the same backend). */
  backend: string | null;
  weights: WeightsState;
  history: MetricHistory;
  epochs: EpochResult[];
  modes: ModeResult[];
  /** The prior samples grid (VAE) at save time. */
  samples: ImageBatch | null;
  /** A small PNG of what the lab showed. */
  thumbnail: Uint8Array | null;
}

const num = z.number().finite();
/** The results' shapes, shared by the run file's manifest (file.ts) and saved-run checks below. */
export const epochsSchema = z
  .array(
    z
      .object({
        epoch: num,
        step: num,
        train: z.record(z.string().max(40), num),
        test: z.record(z.string().max(40), num),
        seconds: num,
      })
      .strict(),
  )
  .max(10_000);
export const modesSchema = z
  .array(z.object({ step: num, captured: num, total: num, hq: num, kl: num.nullable(), js: num }).strict())
  .max(100_000);

export type RunCheck = { ok: true } | { ok: false; error: string };

const finite = (a: ArrayLike<number>) => {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
};

/**
 * Check a run's arrays against its config: parameter and optimizer-slot shapes, finite values, the
 * history's lengths, the samples' size. The JSON fields are checked by the file's schema (file.ts).
 */
export function checkRunArrays(r: RunRecord): RunCheck {
  const want = expectedShapes(r.config);
  if (!want)
    return { ok: false, error: `this version of the lab cannot load runs of kind "${r.config.kind}"` };
  if (r.weights.kind !== r.config.kind)
    return { ok: false, error: `weights are for "${r.weights.kind}" but the config is "${r.config.kind}"` };
  const all = Object.values(want).flat();
  if (r.weights.params.length !== all.length)
    return {
      ok: false,
      error: `weights: ${r.weights.params.length} tensors, the config's model has ${all.length}`,
    };
  for (let i = 0; i < all.length; i++) {
    const p = r.weights.params[i]!;
    if (!sameShape(p.shape, all[i]!) || p.data.length !== size(all[i]!))
      return {
        ok: false,
        error: `weights: tensor ${i} (${p.name}) has shape [${p.shape}], expected [${all[i]}]`,
      };
    if (!finite(p.data))
      return { ok: false, error: `weights: tensor ${i} (${p.name}) holds a NaN or infinity` };
  }
  const nets: Record<string, string> =
    r.config.kind === 'vae' ? { vae: 'vae' } : { G: 'G', D: 'D', unroll: 'D' };
  for (const o of r.weights.optimizers) {
    const net = nets[o.role];
    if (!net) return { ok: false, error: `optimizer state for an unknown network "${o.role}"` };
    const shapes = want[net]!;
    const n = o.slots.length;
    if (n !== 0 && n !== slotCounts(o.name) * shapes.length)
      return {
        ok: false,
        error: `optimizer ${o.role}: ${n} slots, expected 0 or ${slotCounts(o.name) * shapes.length}`,
      };
    for (let i = 0; i < n; i++) {
      const s = o.slots[i]!;
      const w = shapes[i % shapes.length]!;
      if (!sameShape(s.shape, w) || s.data.length !== size(w))
        return { ok: false, error: `optimizer ${o.role}: slot ${i} has shape [${s.shape}], expected [${w}]` };
      if (!finite(s.data))
        return { ok: false, error: `optimizer ${o.role}: slot ${i} holds a NaN or infinity` };
    }
  }
  if (r.config.kind === 'vae') {
    const order = r.weights.arrays.order;
    const count = r.config.data.trainSubset || 60000;
    if (!order || order.length !== count)
      return { ok: false, error: `the epoch order has ${order?.length ?? 0} entries, the data ${count}` };
    for (let i = 0; i < order.length; i++)
      if (order[i]! >= count) return { ok: false, error: 'the epoch order points past the data' };
  }
  const h = r.history;
  if (h.values.length !== h.steps.length * h.names.length)
    return { ok: false, error: 'the metric history has rows of the wrong length' };
  if (r.samples && r.samples.pixels.length !== r.samples.count * r.samples.width * r.samples.height)
    return { ok: false, error: 'the sample grid has the wrong number of pixels' };
  return { ok: true };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Check a run read back from IndexedDB (another tab, an older version or a damaged store may have
 * written it): the fields' types, the config (strictly), then the arrays (checkRunArrays).
 */
export function validateStoredRun(
  raw: unknown,
  parseConfig: (c: unknown) => { ok: boolean; error?: string },
): RunCheck {
  if (!isObj(raw)) return { ok: false, error: 'not a saved run' };
  const r = raw as Partial<RunRecord>;
  if (typeof r.id !== 'string' || typeof r.name !== 'string' || typeof r.created !== 'number')
    return { ok: false, error: 'the saved run has no id, name or date' };
  const c = parseConfig(r.config);
  if (!c.ok) return { ok: false, error: `the saved run's ${c.error}` };
  const w = r.weights;
  if (
    !isObj(w) ||
    !Array.isArray(w.params) ||
    !Array.isArray(w.optimizers) ||
    !isObj(w.position) ||
    !isObj(w.arrays)
  )
    return { ok: false, error: 'the saved run has no weights' };
  const arrays = [
    ...Array.from(w.params),
    // Spread, not flatMap's own flattening, so that a hole in a damaged array is seen (as undefined).
    ...Array.from(w.optimizers).flatMap((o) => (isObj(o) && Array.isArray(o.slots) ? [...o.slots] : [null])),
  ];
  if (!arrays.every((a) => isObj(a) && a.data instanceof Float32Array && Array.isArray(a.shape)))
    return { ok: false, error: 'the saved run has damaged weights' };
  if (!Object.values(w.arrays).every((a) => a instanceof Uint32Array))
    return { ok: false, error: 'the saved run has a damaged epoch order' };
  const h = r.history;
  if (
    !isObj(h) ||
    !Array.isArray(h.names) ||
    !(h.steps instanceof Float64Array) ||
    !(h.values instanceof Float32Array)
  )
    return { ok: false, error: 'the saved run has no metric history' };
  if (!epochsSchema.safeParse(r.epochs).success || !modesSchema.safeParse(r.modes).success)
    return { ok: false, error: 'the saved run has no results or damaged ones' };
  if (r.samples !== null && !(isObj(r.samples) && r.samples.pixels instanceof Uint8ClampedArray))
    return { ok: false, error: 'the saved run has a damaged sample grid' };
  return checkRunArrays(r as RunRecord);
}
