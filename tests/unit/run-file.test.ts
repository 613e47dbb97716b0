import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { defaultGan2dConfig } from '../../src/config/gan2d';
import type { ExperimentConfig } from '../../src/config/schema';
import { classicVaeConfig } from '../../src/config/vae';
import { Rng } from '../../src/core/rng';
import { deleteRun, getRun, listRuns, putRun, renameRun } from '../../src/runs/db';
import { encodeRunFile, parseRunFile } from '../../src/runs/file';
import { checkRunArrays, type RunRecord } from '../../src/runs/record';
import { expectedShapes } from '../../src/runs/shapes';

// A run file is read from outside: every field and length is checked, a foreign or damaged file gets a
// typed error naming the problem, and nothing half-read is ever returned.

function tinyVae(): ExperimentConfig {
  const c = structuredClone(classicVaeConfig);
  c.model.encoderHidden = [3];
  c.model.decoderHidden = [3];
  c.model.latentDim = 2;
  c.data.trainSubset = 12;
  return c;
}

function tinyGan(): ExperimentConfig {
  const c = structuredClone(defaultGan2dConfig);
  c.generator = { layers: 1, width: 4, activation: 'relu' };
  c.discriminator = { layers: 1, width: 4, activation: 'relu', pack: 1 };
  return c;
}

/** A run whose arrays have the config's shapes, filled with seeded values. */
function makeRun(config: ExperimentConfig, seed = 1): RunRecord {
  const rng = new Rng(seed);
  const nets = expectedShapes(config)!;
  const arr = (name: string, shape: number[]) => ({
    name,
    shape,
    data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
  });
  const params = Object.entries(nets).flatMap(([net, shapes]) => shapes.map((s, i) => arr(`${net}/${i}`, s)));
  const opt = (role: string, net: string) => ({
    role,
    name: 'adam',
    iterations: 5,
    slots: [...nets[net]!, ...nets[net]!].map((s, i) => arr(`${role}/${i}`, s)),
  });
  const vae = config.kind === 'vae';
  const rows = 7;
  const names = vae ? ['loss', 'recon', 'kl'] : ['dLoss', 'gLoss'];
  return {
    id: `run-${seed}`,
    name: 'a run, "quoted"',
    created: 1_700_000_000_000,
    config,
    backend: 'wasm',
    weights: {
      kind: config.kind,
      step: 5,
      params,
      optimizers: vae
        ? [opt('vae', 'vae')]
        : [opt('G', 'G'), opt('D', 'D'), { role: 'unroll', name: 'adam', iterations: 0, slots: [] }],
      position: vae ? { rng: 123, cursor: 4, epoch: 1 } : { 'rng.experiment': 5, 'rng.pair': 6 },
      arrays: vae ? { order: Uint32Array.from({ length: 12 }, (_, i) => (i * 5) % 12) } : {},
    },
    history: {
      names,
      steps: Float64Array.from({ length: rows }, (_, i) => i + 1),
      values: Float32Array.from({ length: rows * names.length }, () => rng.next()),
    },
    epochs: vae
      ? [{ epoch: 0, step: 3, train: { loss: 200 }, test: { loss: 190, kl: 3 }, seconds: 1.5 }]
      : [],
    modes: vae ? [] : [{ step: 5, captured: 2, total: 8, hq: 0.1, kl: null, js: 0.6 }],
    samples: vae
      ? {
          count: 2,
          width: 28,
          height: 28,
          pixels: Uint8ClampedArray.from({ length: 2 * 784 }, (_, i) => i % 256),
        }
      : null,
    thumbnail: Uint8Array.from([137, 80, 78, 71, 1, 2, 3]),
  };
}

describe('run files: round trip', () => {
  it.each([
    ['VAE', tinyVae()],
    ['2-D GAN', tinyGan()],
  ])('%s: every field and array comes back equal', (_, config) => {
    const run = makeRun(config);
    expect(checkRunArrays(run)).toEqual({ ok: true });
    const got = parseRunFile(encodeRunFile(run));
    expect(got.ok).toBe(true);
    if (got.ok) expect(got.run).toEqual(run);
  });
});

describe('run files: foreign and damaged files get typed errors', () => {
  // Built once: 10,000 mutations must stay quick on a busy 2-core machine (stored, not deflated, rezips).
  const GOOD = encodeRunFile(makeRun(tinyVae()));
  const GOOD_FILES = unzipSync(GOOD);
  const good = () => GOOD.slice();
  const rezip = (edit: (files: Record<string, Uint8Array>) => void) => {
    const files = { ...GOOD_FILES };
    edit(files);
    return zipSync(files, { level: 0 });
  };
  const manifest = (edit: (m: any) => void) =>
    rezip((f) => {
      const m = JSON.parse(strFromU8(f['latent-lab-run.json']!));
      edit(m);
      f['latent-lab-run.json'] = strToU8(JSON.stringify(m));
    });
  const code = (b: Uint8Array) => {
    const r = parseRunFile(b);
    return r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`;
  };

  it('names what is wrong', () => {
    expect(code(strToU8('hello, not a zip'))).toMatch(/^not-zip/);
    expect(code(zipSync({ 'readme.txt': strToU8('hi') }))).toMatch(
      /^not-a-run: .*has no latent-lab-run.json/,
    );
    expect(code(manifest((m) => (m.format = 'something-else')))).toMatch(/^not-a-run/);
    expect(code(manifest((m) => (m.version = 9)))).toMatch(/^newer-version: .*file version 9/);
    expect(code(manifest((m) => (m.config.optimizer.lr = -1)))).toMatch(/^bad-field: .*optimizer\.lr/);
    expect(code(manifest((m) => (m.weights.step = 'five')))).toMatch(/^bad-field: .*weights\.step/);
    expect(code(manifest((m) => (m.extra = 1)))).toMatch(/^bad-field: .*extra/);
    expect(code(manifest((m) => (m.config.model.latentDim = 3)))).toMatch(/^bad-data/);
    expect(code(rezip((f) => (f['weights.f32'] = f['weights.f32']!.slice(4))))).toMatch(
      /^bad-data: weights\.f32/,
    );
    expect(code(rezip((f) => delete f['history.f64']))).toMatch(/^bad-data: the metric history/);
    expect(
      code(
        rezip((f) => {
          const w = new Float32Array(f['weights.f32']!.slice().buffer);
          w[3] = NaN;
          f['weights.f32'] = new Uint8Array(w.buffer);
        }),
      ),
    ).toMatch(/^bad-data: .*NaN/);
    expect(code(good())).toBe('ok');
  });

  const mutatedFile = fc.oneof(
    // bytes of the zip flipped, cut or inserted
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }), fc.nat({ max: 3 })).map(([at, x, kind]) => {
      const b = good();
      const i = at % b.length;
      if (kind === 0) b[i] = b[i]! ^ x;
      if (kind === 1) return b.slice(0, i);
      if (kind === 2) return new Uint8Array([...b.slice(0, i), x, ...b.slice(i)]);
      return b;
    }),
    // a manifest field replaced by arbitrary JSON
    fc
      .tuple(
        fc.constantFrom(
          'id',
          'name',
          'created',
          'config',
          'backend',
          'weights',
          'history',
          'epochs',
          'modes',
          'samples',
          'version',
        ),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([k, v]) => manifest((m) => (m[k] = v))),
    // a nested field replaced
    fc
      .tuple(
        fc.constantFrom('step', 'params', 'optimizers', 'position', 'arrays', 'kind'),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([k, v]) => manifest((m) => (m.weights[k] = v))),
    // an entry's bytes replaced
    fc
      .tuple(
        fc.constantFrom('weights.f32', 'arrays.u32', 'history.f64', 'history.f32', 'samples.u8'),
        fc.uint8Array({ maxLength: 64 }),
      )
      .map(([k, v]) => rezip((f) => (f[k] = v))),
  );

  it('10,000 mutated files: a valid run or a typed error, never an exception', () => {
    fc.assert(
      fc.property(mutatedFile, (bytes) => {
        const r = parseRunFile(bytes);
        if (r.ok) expect(checkRunArrays(r.run)).toEqual({ ok: true });
        else {
          expect(['not-zip', 'not-a-run', 'newer-version', 'bad-field', 'bad-data']).toContain(r.error.code);
          expect(r.error.message.length).toBeGreaterThan(10);
        }
        return true;
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('saved runs in IndexedDB', () => {
  it('put, list (newest first, no arrays), get, rename, delete', async () => {
    const a = makeRun(tinyVae(), 1);
    const b = { ...makeRun(tinyGan(), 2), created: a.created + 1000 };
    await putRun(a);
    await putRun(b);
    const list = await listRuns();
    expect(list.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(list[1]).toMatchObject({ kind: 'vae', step: 5, backend: 'wasm', name: a.name });
    const got = await getRun(a.id);
    expect(got.ok && got.run).toEqual(a);
    await renameRun(a.id, 'renamed');
    expect((await listRuns()).find((r) => r.id === a.id)?.name).toBe('renamed');
    await deleteRun(b.id);
    expect((await listRuns()).map((r) => r.id)).toEqual([a.id]);
    expect(await getRun(b.id)).toEqual({ ok: false, error: `there is no saved run ${b.id}` });
  });

  it('a damaged stored run is refused with a message', async () => {
    const bad = makeRun(tinyVae(), 3);
    bad.weights.params[0]!.data = new Float32Array(3);
    await putRun(bad);
    const got = await getRun(bad.id);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.error).toMatch(/tensor 0 .* has shape/);
    await putRun({ ...makeRun(tinyVae(), 4), config: { kind: 'vae' } as never });
    const g2 = await getRun('run-4');
    expect(!g2.ok && g2.error).toMatch(/config field/);
  });
});
