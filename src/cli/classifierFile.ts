import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ClassifierWeights } from '../core/quality/classifier';
import type { ClassifierStore } from '../core/quality/provide';

/** Default cache folder (gitignored): .cache/classifier under the working directory. */
export const DEFAULT_CLASSIFIER_DIR = resolve('.cache', 'classifier');

interface FileFormat {
  key: string;
  testAccuracy: number;
  shapes: number[][];
  /** base64 of each array's little-endian float32 bytes. */
  values: string[];
}

/** Trained classifiers as JSON files named by their key. */
export function fileClassifierStore(dir = DEFAULT_CLASSIFIER_DIR): ClassifierStore {
  const path = (key: string) => join(dir, `${key}.json`);
  return {
    async load(key) {
      let text: string;
      try {
        text = await readFile(path(key), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      const f = JSON.parse(text) as FileFormat;
      if (!Array.isArray(f.values) || !Array.isArray(f.shapes))
        throw new Error(`${path(key)} is not a classifier file`);
      const values = f.values.map((b64) => {
        const buf = Buffer.from(b64, 'base64');
        return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      });
      return { key: f.key, testAccuracy: f.testAccuracy, shapes: f.shapes, values };
    },
    async save(w: ClassifierWeights) {
      await mkdir(dir, { recursive: true });
      const f: FileFormat = {
        key: w.key,
        testAccuracy: w.testAccuracy,
        shapes: w.shapes,
        values: w.values.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')),
      };
      const tmp = `${path(w.key)}.tmp`;
      await writeFile(tmp, JSON.stringify(f));
      await rename(tmp, path(w.key));
    },
  };
}
