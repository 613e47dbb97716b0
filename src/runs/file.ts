import { unzipSync, zipSync, type Unzipped } from 'fflate';
import { z } from 'zod';
import { parseExperimentConfig } from '../config/schema';
import type { NamedArray, WeightsState } from '../engine/weightsProtocol';
import { checkRunArrays, epochsSchema, modesSchema, type RunRecord } from './record';

/**
 * A saved run as one file: a zip holding `latent-lab-run.json` (config, names, shapes, results) and the
 * arrays as little-endian binaries (weights.f32, arrays.u32, history.f64 / history.f32, samples.u8)
 * plus thumbnail.png. Reading checks every field and every length before anything is used.
 */
export const RUN_FORMAT = 'latent-lab-run';
export const RUN_VERSION = 1;
const MANIFEST = 'latent-lab-run.json';
const FILES = [
  MANIFEST,
  'weights.f32',
  'arrays.u32',
  'history.f64',
  'history.f32',
  'samples.u8',
  'thumbnail.png',
];
/** Any one entry, unpacked (the classic VAE with Adam's moments is about 8 MB). */
const MAX_ENTRY = 256 * 1024 * 1024;

export type RunFileErrorCode = 'not-zip' | 'not-a-run' | 'newer-version' | 'bad-field' | 'bad-data';
export interface RunFileError {
  code: RunFileErrorCode;
  message: string;
}
export type RunFileResult = { ok: true; run: RunRecord } | { ok: false; error: RunFileError };

const shape = z.array(z.number().int().min(0).max(1_000_000)).max(8);
const arraySpec = z.object({ name: z.string().max(200), shape }).strict();
const num = z.number().finite();
const manifestSchema = z
  .object({
    format: z.literal(RUN_FORMAT),
    version: z.number().int(),
    id: z.string().min(1).max(100),
    name: z.string().max(200),
    created: z.number().finite().min(0),
    config: z.unknown(),
    backend: z.string().max(40).nullable(),
    weights: z
      .object({
        kind: z.string().max(40),
        step: z.number().int().min(0),
        params: z.array(arraySpec).max(1000),
        optimizers: z
          .array(
            z
              .object({
                role: z.string().max(40),
                name: z.enum(['adam', 'sgd', 'rmsprop']),
                iterations: z.number().int().min(0),
                slots: z.array(arraySpec).max(2000),
              })
              .strict(),
          )
          .max(8),
        position: z.record(z.string().max(40), num),
        arrays: z
          .array(z.object({ name: z.string().max(40), length: z.number().int().min(0) }).strict())
          .max(8),
      })
      .strict(),
    history: z.object({ names: z.array(z.string().max(40)).max(64), rows: z.number().int().min(0) }).strict(),
    epochs: epochsSchema,
    modes: modesSchema,
    samples: z
      .object({
        count: z.number().int().min(1).max(4096),
        width: z.number().int().min(1).max(256),
        height: z.number().int().min(1).max(256),
      })
      .strict()
      .nullable(),
  })
  .strict();

const le = new DataView(new ArrayBuffer(8));
const littleEndian = (() => {
  le.setUint16(0, 1, true);
  return new Uint16Array(le.buffer)[0] === 1;
})();

function bytesOf(a: ArrayBufferView): Uint8Array {
  if (!littleEndian) throw new Error('saving runs needs a little-endian machine');
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The run as one zip file. */
export function encodeRunFile(r: RunRecord): Uint8Array {
  const w = r.weights;
  const arrays = Object.entries(w.arrays);
  const manifest = {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    id: r.id,
    name: r.name,
    created: r.created,
    config: r.config,
    backend: r.backend,
    weights: {
      kind: w.kind,
      step: w.step,
      params: w.params.map((p) => ({ name: p.name, shape: p.shape })),
      optimizers: w.optimizers.map((o) => ({
        role: o.role,
        name: o.name,
        iterations: o.iterations,
        slots: o.slots.map((s) => ({ name: s.name, shape: s.shape })),
      })),
      position: w.position,
      arrays: arrays.map(([name, a]) => ({ name, length: a.length })),
    },
    history: { names: r.history.names, rows: r.history.steps.length },
    epochs: r.epochs,
    modes: r.modes,
    samples: r.samples ? { count: r.samples.count, width: r.samples.width, height: r.samples.height } : null,
  };
  const files: Record<string, Uint8Array> = {
    [MANIFEST]: new TextEncoder().encode(JSON.stringify(manifest)),
    'weights.f32': concat([...w.params, ...w.optimizers.flatMap((o) => o.slots)].map((p) => bytesOf(p.data))),
    'arrays.u32': concat(arrays.map(([, a]) => bytesOf(a))),
    'history.f64': bytesOf(r.history.steps),
    'history.f32': bytesOf(r.history.values),
  };
  if (r.samples) files['samples.u8'] = r.samples.pixels.slice() as unknown as Uint8Array;
  if (r.thumbnail) files['thumbnail.png'] = r.thumbnail.slice();
  return zipSync(files, { level: 6 });
}

const fail = (code: RunFileErrorCode, message: string): RunFileResult => ({
  ok: false,
  error: { code, message },
});

/** Cut `n` typed arrays of the given element counts from one binary, or null if the lengths differ. */
function cut<T extends Float32Array | Float64Array | Uint32Array>(
  bytes: Uint8Array | undefined,
  Kind: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number },
  counts: number[],
): T[] | null {
  const total = counts.reduce((a, b) => a + b, 0);
  const have = bytes?.length ?? 0;
  if (have !== total * Kind.BYTES_PER_ELEMENT) return null;
  const out: T[] = [];
  let o = 0;
  for (const n of counts) {
    const slice = bytes!.slice(o, o + n * Kind.BYTES_PER_ELEMENT);
    out.push(new Kind(slice.buffer as ArrayBuffer));
    o += n * Kind.BYTES_PER_ELEMENT;
  }
  return out;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

/**
 * Read a run file: a valid run, or a typed error saying what is wrong (not a zip, not a run file, from
 * a newer version, a bad field named, data of the wrong size). Never throws.
 */
export function parseRunFile(bytes: Uint8Array): RunFileResult {
  let files: Unzipped;
  try {
    let tooBig = '';
    files = unzipSync(bytes, {
      filter: (f) => {
        // Deflate packs at most ~1032:1, so a larger declared size is a damaged header; checking it
        // first keeps a 1 KB file from making the reader allocate hundreds of megabytes.
        const limit = Math.min(MAX_ENTRY, f.compression === 0 ? f.size : f.size * 1032 + 1024);
        if (f.originalSize > limit) tooBig = f.name;
        return FILES.includes(f.name) && f.originalSize <= limit;
      },
    });
    if (tooBig) return fail('bad-data', `the file's ${tooBig} is larger than any run, or damaged`);
  } catch {
    return fail('not-zip', 'this is not a Latent Lab run file (not a zip archive)');
  }
  const text = files[MANIFEST];
  if (!text) return fail('not-a-run', `this zip is not a Latent Lab run (it has no ${MANIFEST})`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(text));
  } catch {
    return fail('not-a-run', `${MANIFEST} is not valid JSON`);
  }
  const head = json as { format?: unknown; version?: unknown } | null;
  if (typeof head !== 'object' || head === null || head.format !== RUN_FORMAT)
    return fail('not-a-run', `this zip is not a Latent Lab run (its format is not "${RUN_FORMAT}")`);
  if (typeof head.version === 'number' && head.version > RUN_VERSION)
    return fail(
      'newer-version',
      `this run was saved by a newer Latent Lab (file version ${head.version}; this one reads ${RUN_VERSION})`,
    );
  const m = manifestSchema.safeParse(json);
  if (!m.success) {
    const issue = m.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    return fail('bad-field', `run file field "${fieldOf(path)}": ${issue.message}`);
  }
  const man = m.data;
  const config = parseExperimentConfig(man.config);
  if (!config.ok) return fail('bad-field', `run file ${config.error}`);
  const specs = [...man.weights.params, ...man.weights.optimizers.flatMap((o) => o.slots)];
  const sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
  const floats = cut(files['weights.f32'], Float32Array, sizes);
  if (!floats) return fail('bad-data', 'weights.f32 does not hold the tensors the run lists');
  const arrays = cut(
    files['arrays.u32'],
    Uint32Array,
    man.weights.arrays.map((a) => a.length),
  );
  if (!arrays) return fail('bad-data', 'arrays.u32 does not hold the arrays the run lists');
  const rows = man.history.rows;
  const steps = cut(files['history.f64'], Float64Array, [rows]);
  const values = cut(files['history.f32'], Float32Array, [rows * man.history.names.length]);
  if (!steps || !values) return fail('bad-data', 'the metric history does not hold the rows the run lists');
  const s = man.samples;
  const px = files['samples.u8'];
  if (s ? px?.length !== s.count * s.width * s.height : px !== undefined)
    return fail('bad-data', 'samples.u8 does not hold the sample grid the run lists');
  let k = 0;
  const arr = (spec: { name: string; shape: number[] }): NamedArray => ({ ...spec, data: floats[k++]! });
  const weights: WeightsState = {
    kind: man.weights.kind,
    step: man.weights.step,
    params: man.weights.params.map(arr),
    optimizers: man.weights.optimizers.map((o) => ({ ...o, slots: o.slots.map(arr) })),
    position: man.weights.position,
    arrays: Object.fromEntries(man.weights.arrays.map((a, i) => [a.name, arrays[i]!])),
  };
  const run: RunRecord = {
    id: man.id,
    name: man.name,
    created: man.created,
    config: config.value,
    backend: man.backend,
    weights,
    history: { names: man.history.names, steps: steps[0]!, values: values[0]! },
    epochs: man.epochs,
    modes: man.modes,
    samples: s && px ? { ...s, pixels: new Uint8ClampedArray(px) } : null,
    thumbnail: files['thumbnail.png'] ?? null,
  };
  const checked = checkRunArrays(run);
  return checked.ok ? { ok: true, run } : fail('bad-data', checked.error);
}
