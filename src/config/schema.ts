import { z } from 'zod';
import { vaeConfigSchema } from './vae';
import { gan2dConfigSchema } from './gan2d';

/**
 * The one experiment config: a plain, versioned object validated wherever it comes from
 * (URL, file, preset, CLI). Discriminated by `kind`; each kind owns its own schema file.
 */
export const experimentConfigSchema = z.discriminatedUnion('kind', [vaeConfigSchema, gan2dConfigSchema]);
export type ExperimentConfig = z.infer<typeof experimentConfigSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string; field: string };

/** Path like `optimizer.lr` or `model.encoderHidden[0]`. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(config)';
}

/** Validate an unknown value; the error names the first bad field. Never throws. */
export function parseExperimentConfig(value: unknown): ParseResult<ExperimentConfig> {
  const r = experimentConfigSchema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  const field = fieldPath(issue.path);
  return { ok: false, field, error: `config field "${field}": ${issue.message}` };
}
