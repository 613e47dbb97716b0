// Shared by the GAN, image-GAN and constraint CLIs: a preset's config for one seed, `--set a.b=v` edits
// and per-seed export file names.
import { extname } from 'node:path';
import { getPreset, listPresets } from '../config/presets';
import type { ExperimentConfig } from '../config/schema';
import { validateConfig } from '../config/validate';
import { UNSAFE_KEYS, UsageError } from './args';

/**
 * Preset `id` (one of `kinds`, `what` names them in the error) with the seed, `--steps` as
 * training.maxSteps and the `--set` pairs applied, validated; a bad value is a UsageError naming the flag
 * that set it.
 */
export function presetConfig<K extends ExperimentConfig['kind']>(
  id: string,
  kinds: readonly K[],
  what: string,
  seed: number,
  steps: number | null,
  sets: [string, unknown][],
): Extract<ExperimentConfig, { kind: K }> {
  const ofKind = (c: { kind: string }) => (kinds as readonly string[]).includes(c.kind);
  const preset = getPreset(id);
  if (!preset || !ofKind(preset.config)) {
    const ids = listPresets()
      .filter((p) => ofKind(p.config))
      .map((p) => p.id);
    throw new UsageError('--preset', `unknown ${what} preset "${id}"; known: ${ids.join(', ')}`);
  }
  const c = structuredClone(preset.config) as unknown as Record<string, unknown>;
  c.seed = seed;
  if (steps !== null) (c.training as Record<string, unknown>).maxSteps = steps;
  applySets(c, sets);
  const r = validateConfig(c, 'cli');
  if (!r.ok) {
    const f = r.error.field;
    throw new UsageError(
      f === 'seed' ? '--seed' : f === 'training.maxSteps' ? '--steps' : '--set',
      r.error.message,
    );
  }
  if (!ofKind(r.value)) throw new UsageError('--preset', `not a ${what} preset`);
  return r.value as Extract<ExperimentConfig, { kind: K }>;
}

/** Apply `--set` pairs to a config object in place; a path through a missing object is a UsageError. */
export function applySets(c: Record<string, unknown>, sets: [string, unknown][]): void {
  for (const [field, value] of sets) {
    const keys = field.split('.');
    if (keys.some((k) => UNSAFE_KEYS.has(k) || k === ''))
      throw new UsageError('--set', `no config field "${field}"`);
    let o = c;
    for (const key of keys.slice(0, -1)) {
      if (!Object.hasOwn(o, key) || typeof o[key] !== 'object' || o[key] === null)
        throw new UsageError('--set', `no config field "${field}"`);
      o = o[key] as Record<string, unknown>;
    }
    o[keys[keys.length - 1]!] = value;
  }
}

/** `out.csv` for one seed; `out-seed7.csv` when several seeds write beside each other. */
export function exportName(file: string, seed: number, many: boolean): string {
  if (!many) return file;
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}-seed${seed}${ext}`;
}
