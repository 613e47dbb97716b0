// Shared by the GAN, image-GAN and constraint CLIs: `--set a.b=v` edits and per-seed export file names.
import { extname } from 'node:path';
import { UNSAFE_KEYS, UsageError } from './args';

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
