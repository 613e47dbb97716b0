import type { ExperimentConfig, ParseResult } from './schema';
import { validateConfigHash } from './validate';

/** The experiment config travels in the URL hash as `#config=<base64url JSON>` (shareable links). */
export function encodeConfigHash(c: ExperimentConfig): string {
  const bytes = new TextEncoder().encode(JSON.stringify(c));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `config=${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** Parse a hash strictly (validate.ts); null when it holds no config. A bad one gives a message, never a throw. */
export function decodeConfigHash(hash: string): ParseResult<ExperimentConfig> | null {
  const r = validateConfigHash(hash, true);
  if (!r) return null;
  return r.ok
    ? { ok: true, value: r.value }
    : { ok: false, field: r.error.field ?? '(url)', error: r.error.message };
}
