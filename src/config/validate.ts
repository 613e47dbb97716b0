import { parsePointsCsv } from '../core/gan/csv';
import { parseRunFile } from '../runs/file';
import { validateStoredRun, type RunRecord } from '../runs/record';
import { parseConfigLenient, type DroppedField } from './lenient';
import { parseExperimentConfig, type ExperimentConfig } from './schema';

/**
 * The one way outside input gets into the lab. Configs from a link (`#config=`), a file or the CLI,
 * saved runs from IndexedDB, run files and point CSVs all pass through here, and each function returns
 * either a valid object or a typed error; none throws (a bug below is caught and reported as
 * 'internal'), and nothing is applied before the whole input has passed. Strict reads (files, saved
 * runs, the CLI) reject a config with any bad field; a link is read leniently (bad fields take their
 * defaults and are named in `dropped`), because old or hand-edited links should still open.
 */
export type InputSource = 'link' | 'run-file' | 'saved-run' | 'csv' | 'cli';

export type InputErrorCode = 'too-large' | 'bad-encoding' | 'bad-config' | 'bad-run' | 'bad-csv' | 'internal';

export interface InputError {
  source: InputSource;
  code: InputErrorCode;
  /** The config field or file part at fault, when one is known ("optimizer.lr", "weights.f32"). */
  field?: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: InputError };
export type CheckedConfig =
  { ok: true; value: ExperimentConfig; dropped: DroppedField[] } | { ok: false; error: InputError };

/** Size limits (bytes) for what a user hands the lab. Checked before a file is even read. */
export const INPUT_LIMITS = {
  /** A saved-run zip (the classic VAE with Adam's moments is about 8 MB; the largest preset ~30 MB). */
  runFile: 64 * 1024 * 1024,
  /** A CSV of 2-D points (10,000 rows of "x,y" fit with room to spare). */
  csv: 1024 * 1024,
  /** A config as JSON text (a file or the `#config=` part of a link). */
  config: 256 * 1024,
} as const;

const mb = (n: number) => (n >= 1024 * 1024 ? `${n / (1024 * 1024)} MB` : `${n / 1024} KB`);

function err(
  source: InputSource,
  code: InputErrorCode,
  message: string,
  field?: string,
): { ok: false; error: InputError } {
  return {
    ok: false,
    error: field === undefined ? { source, code, message } : { source, code, field, message },
  };
}

/** Run `f`; an exception (a bug, never expected) becomes an 'internal' error instead of escaping. */
function guard<R>(source: InputSource, f: () => R): R | { ok: false; error: InputError } {
  try {
    return f();
  } catch (e) {
    return err(source, 'internal', `could not read it (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** An upload's size against its limit, before reading it: null when it is within. */
export function checkUploadSize(source: 'run-file' | 'csv', name: string, bytes: number): InputError | null {
  const limit =
    source === 'run-file' ? INPUT_LIMITS.runFile : source === 'csv' ? INPUT_LIMITS.csv : INPUT_LIMITS.config;
  if (bytes <= limit) return null;
  return {
    source,
    code: 'too-large',
    message: `${name} is ${(bytes / (1024 * 1024)).toFixed(1)} MB; the limit is ${mb(limit)}`,
  };
}

/**
 * A config object from anywhere (already JSON-parsed). Lenient (bad fields take their defaults and are
 * named in `dropped`) by default only for links.
 */
export function validateConfig(
  raw: unknown,
  source: InputSource,
  lenient = source === 'link',
): CheckedConfig {
  return guard(source, (): CheckedConfig => {
    if (lenient) {
      const r = parseConfigLenient(raw);
      return r.ok ? r : err(source, 'bad-config', r.error);
    }
    const r = parseExperimentConfig(raw);
    return r.ok ? { ok: true, value: r.value, dropped: [] } : err(source, 'bad-config', r.error, r.field);
  });
}

/** base64url (as in links) to UTF-8 text, or null when it is not valid base64url or UTF-8. */
function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The `config=` part of a link's hash; null when the hash has none. `strict` rejects a config with
 * any bad field (url.ts's decodeConfigHash); otherwise bad fields take their defaults (links).
 */
export function validateConfigHash(hash: string, strict = false): CheckedConfig | null {
  const m = /(?:^#?|&)config=([^&]*)/.exec(hash);
  if (!m) return null;
  const source: InputSource = 'link';
  return guard(source, (): CheckedConfig => {
    if (m[1]!.length > (INPUT_LIMITS.config * 4) / 3 + 4)
      return err(source, 'too-large', `the config in the link is larger than ${mb(INPUT_LIMITS.config)}`);
    const text = fromBase64Url(m[1]!);
    if (text === null) return err(source, 'bad-encoding', 'the config in the link is not valid base64 JSON');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return err(source, 'bad-encoding', 'the config in the link is not valid base64 JSON');
    }
    return validateConfig(json, source, !strict);
  });
}

/** A run file (zip) as uploaded: size, then every field and array (runs/file.ts). */
export function validateRunFile(bytes: Uint8Array, name = 'the file'): Checked<RunRecord> {
  const source: InputSource = 'run-file';
  const big = checkUploadSize(source, name, bytes.length);
  if (big) return { ok: false, error: big };
  return guard(source, (): Checked<RunRecord> => {
    const r = parseRunFile(bytes);
    return r.ok ? { ok: true, value: r.run } : err(source, 'bad-run', r.error.message);
  });
}

/** A run as read back from IndexedDB (another version or a damaged store may have written it). */
export function validateSavedRun(raw: unknown): Checked<RunRecord> {
  const source: InputSource = 'saved-run';
  return guard(source, (): Checked<RunRecord> => {
    const r = validateStoredRun(raw, (c) => {
      const v = validateConfig(c, source);
      return v.ok ? { ok: true } : { ok: false, error: v.error.message };
    });
    return r.ok ? { ok: true, value: raw as RunRecord } : err(source, 'bad-run', r.error);
  });
}

/** Uploaded 2-D points: size, then every row (core/gan/csv.ts). */
export function validatePointsCsv(
  text: string,
  name = 'the file',
): Checked<{ points: Float32Array; count: number }> {
  const source: InputSource = 'csv';
  const big = checkUploadSize(source, name, text.length);
  if (big) return { ok: false, error: big };
  return guard(source, (): Checked<{ points: Float32Array; count: number }> => {
    const r = parsePointsCsv(text);
    return r.ok
      ? { ok: true, value: { points: r.points, count: r.count } }
      : err(source, 'bad-csv', r.error, r.line > 0 ? `line ${r.line}` : undefined);
  });
}
