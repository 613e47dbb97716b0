import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultGan2dConfig } from '../../src/config/gan2d';
import { listPresets } from '../../src/config/presets';
import { experimentConfigSchema, type ExperimentConfig } from '../../src/config/schema';
import { encodeConfigHash } from '../../src/config/url';
import {
  INPUT_LIMITS,
  validateConfig,
  validateConfigHash,
  validatePointsCsv,
  validateRunFile,
  validateSavedRun,
  type InputError,
  type InputSource,
} from '../../src/config/validate';
import { parseLink } from '../../src/links/link';
import { encodeRunFile } from '../../src/runs/file';
import { checkRunArrays, type RunRecord } from '../../src/runs/record';
import { expectedShapes } from '../../src/runs/shapes';

// Issue 13, item 4: every entry point of outside input (link hash, config text, saved run from
// IndexedDB, run file, points CSV) gives a valid object or a typed error for 10,000 generated or
// mutated inputs each, and never throws. "Valid" is checked independently of the validator: configs
// against the zod schema, runs against their arrays' shapes, points by recomputing them.

const RUNS = 10_000;
const CODES = new Set(['too-large', 'bad-encoding', 'bad-config', 'bad-run', 'bad-csv']);

function typedError(e: InputError, source: InputSource): void {
  // 'internal' (a caught exception) is not an accepted outcome: it would mean the validator crashed.
  const ok =
    CODES.has(e.code) && e.source === source && typeof e.message === 'string' && e.message.length > 0;
  if (!ok) expect.fail(`not a typed error from ${source}: ${JSON.stringify(e)}`);
}

function validConfig(c: ExperimentConfig): void {
  if (!experimentConfigSchema.safeParse(c).success) expect.fail(`not a valid config: ${JSON.stringify(c)}`);
}

type Obj = Record<string, unknown>;
/** Every path to a value in a plain JSON-like object (arrays' elements included). */
function paths(o: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (o !== null && typeof o === 'object' && !ArrayBuffer.isView(o)) {
    for (const [k, v] of Object.entries(o)) {
      const p = [...prefix, Array.isArray(o) && /^\d+$/.test(k) ? Number(k) : k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}

const oddValue = fc.oneof(
  fc.anything({ maxDepth: 2, maxKeys: 3 }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1, 0, '', '1', true, null, undefined),
  fc.string({ maxLength: 8 }),
);

/** A mutation: replace, delete or add at a random path (or the root). */
const mutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('set', 'delete', 'add'),
  value: oddValue,
  key: fc.constantFrom('extra', '__proto__', 'constructor', 'kind', 'version', 'x'),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

const pathCache = new WeakMap<object, (string | number)[][]>();
/** Apply the mutations to a copy of `base`; paths are drawn from the unmutated base (cached). */
function mutate<T>(base: T, ms: Mutation[]): T {
  let ps = pathCache.get(base as object);
  if (!ps) pathCache.set(base as object, (ps = paths(base)));
  const c = structuredClone(base) as unknown as Obj;
  for (const m of ms) {
    const p = ps[m.at % ps.length]!;
    let parent: any = c;
    for (const k of p.slice(0, -1))
      parent = parent !== null && typeof parent === 'object' ? parent[k] : undefined;
    if (parent === null || typeof parent !== 'object') continue; // an earlier mutation removed it
    const last = p[p.length - 1]!;
    if (m.op === 'set') parent[last] = m.value;
    else if (m.op === 'delete') delete parent[last];
    else {
      const target = parent[last];
      if (target && typeof target === 'object')
        Object.defineProperty(target, m.key, {
          value: m.value,
          enumerable: true,
          configurable: true,
          writable: true,
        });
    }
  }
  return c as unknown as T;
}

const presets = listPresets().map((p) => p.config);
const mutatedConfig = fc
  .tuple(fc.constantFrom(...presets), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([c, ms]) => mutate(c, ms));
const anyConfigish = fc.oneof(
  { weight: 6, arbitrary: mutatedConfig },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue() },
);

describe('one validator: configs', () => {
  it('strict (files, saved runs, CLI): a valid config or a typed error naming a field', () => {
    let ok = 0;
    let bad = 0;
    fc.assert(
      fc.property(anyConfigish, (raw) => {
        const r = validateConfig(raw, 'cli');
        if (r.ok) {
          ok++;
          validConfig(r.value);
          expect(r.dropped).toEqual([]);
        } else {
          bad++;
          typedError(r.error, 'cli');
        }
      }),
      { numRuns: RUNS },
    );
    // Both outcomes occur, so neither branch is vacuous.
    expect(ok).toBeGreaterThan(RUNS / 50);
    expect(bad).toBeGreaterThan(RUNS / 10);
  });

  it('links (#config=): truncated, garbled or random base64 give the config, lenient, or a typed error', () => {
    const encoded = presets.map((c) => encodeConfigHash(c));
    const hash = fc.oneof(
      mutatedConfig.map((c) => `#${encodeConfigHash(c)}`),
      fc
        .tuple(fc.constantFrom(...encoded), fc.nat())
        .map(([h, n]) => `#${h.slice(0, 7 + (n % (h.length - 7)))}`),
      fc
        .tuple(fc.constantFrom(...encoded), fc.nat(), fc.string({ minLength: 1, maxLength: 3 }))
        .map(([h, n, s]) => {
          const i = 7 + (n % (h.length - 7));
          return `#${h.slice(0, i)}${s}${h.slice(i + 1)}`;
        }),
      fc.string().map((s) => `#config=${s}`),
      fc.base64String().map((s) => `#config=${s}`),
    );
    let lenientlyKept = 0;
    let count = 0;
    fc.assert(
      fc.property(hash, (h) => {
        const r = validateConfigHash(h);
        expect(r).not.toBeNull();
        if (r!.ok) {
          validConfig(r!.value);
          if (r!.dropped.length) lenientlyKept++;
        } else typedError(r!.error, 'link');
        // The page's own entry point (which calls the above; every 5th input, to save time): never
        // throws, and any config it keeps is valid.
        if (++count % 5) return;
        const link = parseLink('?tab=vae', h);
        if (link.config) validConfig(link.config);
        else expect(link.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
    expect(lenientlyKept).toBeGreaterThan(RUNS / 20);
    // A good link round-trips exactly.
    const back = validateConfigHash(`#${encodeConfigHash(defaultGan2dConfig)}`);
    expect(back).toEqual({ ok: true, value: defaultGan2dConfig, dropped: [] });
  });
});

function tinyGan(): ExperimentConfig {
  const c = structuredClone(defaultGan2dConfig);
  c.generator = { layers: 1, width: 4, activation: 'relu' };
  c.discriminator = { layers: 1, width: 4, activation: 'relu', pack: 1 };
  return c;
}

function tinyRun(): RunRecord {
  const config = tinyGan();
  const nets = expectedShapes(config)!;
  let k = 0;
  const arr = (name: string, shape: number[]) => ({
    name,
    shape,
    data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (k++ % 7) / 7 - 0.5),
  });
  const params = Object.entries(nets).flatMap(([net, shapes]) => shapes.map((s, i) => arr(`${net}/${i}`, s)));
  const opt = (role: string) => ({
    role,
    name: 'adam' as const,
    iterations: 3,
    slots: [...nets[role]!, ...nets[role]!].map((s, i) => arr(`${role}/${i}`, s)),
  });
  return {
    id: 'run-1',
    name: 'tiny',
    created: 1_700_000_000_000,
    config,
    backend: 'wasm',
    weights: {
      kind: 'gan2d',
      step: 3,
      params,
      optimizers: [opt('G'), opt('D')],
      position: { 'rng.experiment': 5 },
      arrays: {},
    },
    history: { names: ['dLoss'], steps: Float64Array.of(1, 2), values: Float32Array.of(0.5, 0.4) },
    epochs: [],
    modes: [{ step: 3, captured: 2, total: 8, hq: 0.1, kl: null, js: 0.6 }],
    samples: null,
    thumbnail: null,
  };
}

/** A run that passed must be whole: its config valid and its arrays the shapes the config needs. */
function wholeRun(r: RunRecord): void {
  validConfig(r.config);
  expect(checkRunArrays(r)).toEqual({ ok: true });
}

describe('one validator: saved runs and run files', () => {
  const base = tinyRun();

  it('IndexedDB records: mutated runs give the run or a typed error', () => {
    expect(validateSavedRun(base)).toEqual({ ok: true, value: base });
    const record = fc.oneof(
      {
        weight: 8,
        arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }).map((ms) => mutate(base, ms)),
      },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 4 }) },
    );
    let bad = 0;
    fc.assert(
      fc.property(record, (raw) => {
        const r = validateSavedRun(raw);
        if (r.ok) wholeRun(r.value);
        else {
          bad++;
          typedError(r.error, 'saved-run');
        }
      }),
      { numRuns: RUNS },
    );
    expect(bad).toBeGreaterThan(RUNS / 10);
  });

  it('run files: the size limit first; damaged files are fuzzed 10,000 times in run-file.test.ts', () => {
    const bytes = encodeRunFile(base);
    const back = validateRunFile(bytes, 'run.zip');
    expect(back.ok && back.value.weights.params.map((p) => Array.from(p.data))).toEqual(
      base.weights.params.map((p) => Array.from(p.data)),
    );
    // A 1 KB file whose header claims a huge entry is refused before anything is unpacked.
    const b = bytes.slice();
    const at = b.findIndex((_, i) => b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 1 && b[i + 3] === 2);
    new DataView(b.buffer).setUint32(at + 24, 200 * 1024 * 1024, true); // central directory: uncompressed size
    const damaged = validateRunFile(b, 'run.zip');
    expect(damaged.ok ? null : damaged.error).toMatchObject({
      code: 'bad-run',
      source: 'run-file',
      message: expect.stringMatching(/larger than any run, or damaged/),
    });
    const big = validateRunFile(new Uint8Array(INPUT_LIMITS.runFile + 1), 'huge.zip');
    expect(big.ok ? null : big.error.message).toBe('huge.zip is 64.0 MB; the limit is 64 MB');
  });
});

describe('one validator: point CSVs', () => {
  it('random CSV text gives exactly its points or a typed error naming the line', () => {
    const num = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String),
      fc.integer().map(String),
      fc.constantFrom('nan', 'Infinity', '1e999', '', 'x', '1.2.3', '0x10', '-', '.5', '5.'),
    );
    const line = fc.oneof(
      fc.tuple(num, fc.constantFrom(',', ';', '\t', ' ', ', '), num).map(([a, s, b]) => `${a}${s}${b}`),
      fc.constantFrom('x,y', '# comment', '', '1,2,3', '   '),
      fc.string({ maxLength: 12 }),
    );
    const csv = fc
      .tuple(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'))
      .map(([ls, nl]) => ls.join(nl));
    let ok = 0;
    fc.assert(
      fc.property(csv, (text) => {
        const r = validatePointsCsv(text, 'points.csv');
        if (!r.ok) {
          typedError(r.error, 'csv');
          return;
        }
        ok++;
        // Independent reading of the format's rule: rows of two finite decimal numbers, in order; the
        // first row may be a header (two fields, neither a decimal number).
        const decimal = (x: string) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(x);
        const want: number[] = [];
        let first = true;
        for (const l of text.split(/\r\n|\n|\r/)) {
          const t = l.trim();
          if (t === '' || t.startsWith('#')) continue;
          const f = t.split(/\s*[,;\t]\s*|\s+/);
          const header = first && f.length === 2 && !f.some(decimal);
          first = false;
          if (!header) want.push(...f.map(Number));
        }
        expect(r.value.count * 2).toBe(r.value.points.length);
        expect(Array.from(r.value.points)).toEqual(Array.from(Float32Array.from(want)));
      }),
      { numRuns: RUNS },
    );
    expect(ok).toBeGreaterThan(RUNS / 50);
    const big = validatePointsCsv('1,2\n'.repeat(INPUT_LIMITS.csv / 4 + 1), 'big.csv');
    expect(big.ok ? null : big.error).toMatchObject({
      code: 'too-large',
      message: 'big.csv is 1.0 MB; the limit is 1 MB',
    });
  });
});
