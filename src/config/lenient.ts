import { defaultGan2dConfig } from './gan2d';
import { FULL_RES_CHANNELS_ABSENT } from './imageGan';
import { listPresets } from './presets';
import { experimentConfigSchema, type ExperimentConfig } from './schema';
import { classicVaeConfig } from './vae';

/** A field a lenient read could not use, and why (its default was used instead). */
export interface DroppedField {
  field: string;
  reason: string;
}

export type LenientResult =
  { ok: true; value: ExperimentConfig; dropped: DroppedField[] } | { ok: false; error: string };

/** The config every field falls back to, per kind; kinds added later use their first preset. */
const BASES: Record<string, ExperimentConfig> = { vae: classicVaeConfig, gan2d: defaultGan2dConfig };
function baseFor(kind: unknown): ExperimentConfig | null {
  if (typeof kind !== 'string') return null;
  if (Object.hasOwn(BASES, kind)) return BASES[kind]!;
  return listPresets().find((p) => p.config.kind === kind)?.config ?? null;
}
export const CONFIG_VERSION = 1;

/**
 * Fields added to a kind after its links were shared. A link without one means what it meant when it
 * was made (the lab before the field), not the base's value, so it is read as this value.
 */
const ADDED_LATER: { kind: string; path: string[]; value: unknown }[] = [
  // G's 28x28 layer (docs/image-gans.md, session 9): old links have a generator without it.
  {
    kind: 'imageGan',
    path: ['model', 'generator', 'fullResChannels'],
    value: FULL_RES_CHANNELS_ABSENT, // the strict schema's default too
  },
];

function withAddedFields(raw: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(raw);
  for (const f of ADDED_LATER) {
    if (out.kind !== f.kind) continue;
    const parent = getAt(out, f.path.slice(0, -1));
    const key = f.path[f.path.length - 1]!;
    if (isObj(parent) && !(key in parent)) parent[key] = structuredClone(f.value);
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function pathText(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(config)';
}

/**
 * Copy `raw` over a deep copy of `base`, object by object: keys the base lacks are dropped (named), and
 * a value whose shape differs from the base's (an object where a number belongs) keeps the base's.
 * Arrays, and groups whose `kind` differs from the base's, are values, taken whole.
 */
function overlay(base: Obj, raw: Obj, path: string[], dropped: DroppedField[]): Obj {
  const out: Obj = {};
  for (const [k, b] of Object.entries(base)) {
    if (!(k in raw)) {
      out[k] = structuredClone(b);
      continue;
    }
    const r = raw[k];
    if (isObj(b)) {
      // A tagged group of another variant (the constraint lab's shape: disc vs half-plane) has other
      // fields than the base's: take it whole; the schema check below resets it if it is bad.
      if (isObj(r) && 'kind' in b && r.kind !== b.kind) out[k] = structuredClone(r);
      else if (isObj(r)) out[k] = overlay(b, r, [...path, k], dropped);
      else {
        out[k] = structuredClone(b);
        dropped.push({ field: pathText([...path, k]), reason: 'expected a group of settings' });
      }
    } else out[k] = structuredClone(r);
  }
  for (const k of Object.keys(raw)) {
    if (!(k in base)) dropped.push({ field: pathText([...path, k]), reason: 'unknown field' });
  }
  return out;
}

function getAt(o: unknown, path: readonly PropertyKey[]): unknown {
  let v = o;
  for (const k of path) v = isObj(v) ? v[k as string] : undefined;
  return v;
}

function setAt(o: Obj, path: readonly PropertyKey[], value: unknown): void {
  let v = o;
  for (const k of path.slice(0, -1)) v = v[k as string] as Obj;
  v[path[path.length - 1] as string] = structuredClone(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Read an experiment config from outside (a link, perhaps from an older version or hand-edited) and
 * keep every field that is valid: each bad, unknown or missing field takes the default of its kind
 * (classic VAE, default 2-D GAN) and is named in `dropped`. The result always passes the strict
 * schema, so nothing half-valid ever reaches a lab. Fails only when nothing can be used: not an
 * object, or no known `kind`. Never throws.
 */
export function parseConfigLenient(raw: unknown): LenientResult {
  if (!isObj(raw)) return { ok: false, error: 'the config is not an object' };
  const kind = raw.kind;
  const base = baseFor(kind);
  if (!base) return { ok: false, error: `unknown experiment kind ${JSON.stringify(kind ?? null)}` };
  const dropped: DroppedField[] = [];
  if (raw.version !== CONFIG_VERSION) {
    dropped.push({
      field: 'version',
      reason: `made by config version ${JSON.stringify(raw.version ?? null)}; read as version ${CONFIG_VERSION}`,
    });
  }
  const value = overlay(
    base as unknown as Obj,
    { ...withAddedFields(raw), version: CONFIG_VERSION },
    [],
    dropped,
  );
  // Each round puts one offending field (or, if it already holds the default, its parent) back to the
  // default; the base itself is valid, so this ends within the config's depth times its field count.
  for (let round = 0; round < 200; round++) {
    const r = experimentConfigSchema.safeParse(value);
    if (r.success) return { ok: true, value: r.data, dropped };
    const issue = r.error.issues[0]!;
    // Arrays count as one value: a bad element resets the whole list, never a mix of two.
    let path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const firstIndex = path.findIndex((p) => typeof p === 'number');
    if (firstIndex >= 0) path = path.slice(0, firstIndex);
    while (path.length > 0 && same(getAt(value, path), getAt(base, path))) path = path.slice(0, -1);
    if (path.length === 0) return { ok: true, value: structuredClone(base), dropped };
    setAt(value, path, getAt(base, path));
    const field = pathText(path);
    if (!dropped.some((d) => d.field === field)) dropped.push({ field, reason: issue.message });
  }
  return { ok: true, value: structuredClone(base), dropped };
}

/** "optimizer.lr (Too small: expected number to be >0), foo (unknown field)" */
export function droppedText(dropped: readonly DroppedField[]): string {
  return dropped.map((d) => `${d.field} (${d.reason})`).join(', ');
}
