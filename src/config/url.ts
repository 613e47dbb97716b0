import { parseExperimentConfig, type ExperimentConfig, type ParseResult } from './schema';

/** The experiment config travels in the URL hash as `#config=<base64url JSON>` (shareable links). */
export function encodeConfigHash(c: ExperimentConfig): string {
  const bytes = new TextEncoder().encode(JSON.stringify(c));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `config=${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** Parse a hash; null when it holds no config. Bad base64/JSON/fields give a message, never a throw. */
export function decodeConfigHash(hash: string): ParseResult<ExperimentConfig> | null {
  const m = /(?:^#?|&)config=([A-Za-z0-9_-]*)/.exec(hash);
  if (!m) return null;
  let json: unknown;
  try {
    const bin = atob(m[1]!.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, field: '(url)', error: 'the config in the URL is not valid base64 JSON' };
  }
  return parseExperimentConfig(json);
}
