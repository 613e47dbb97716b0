import { z } from 'zod';
import { vaeConfigSchema } from './vae';
import { gan2dConfigSchema } from './gan2d';
import { imageGanConfigSchema } from './imageGan';
import { aaeConfigSchema } from './aae';
import { constraintsConfigSchema } from './constraints';
import { constraintsMnistConfigSchema } from './constraintsMnist';
import { aepcaConfigSchema } from './aepca';

/**
 * The one experiment config: a plain, versioned object validated wherever it comes from
 * (URL, file, preset, CLI). Discriminated by `kind`; each kind owns its own schema file.
 */
// .strict(): an unknown top-level key is an error, as it is inside every nested block.
export const experimentConfigSchema = z.discriminatedUnion('kind', [
  vaeConfigSchema.strict(),
  gan2dConfigSchema,
  imageGanConfigSchema,
  aaeConfigSchema,
  constraintsConfigSchema,
  constraintsMnistConfigSchema,
  aepcaConfigSchema,
]);
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
  // An unknown key is reported on its parent object; name the key itself.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const field = fieldPath(path);
  return { ok: false, field, error: `config field "${field}": ${issue.message}` };
}
