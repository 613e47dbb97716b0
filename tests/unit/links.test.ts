import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfigLenient } from '../../src/config/lenient';
import { listPresets } from '../../src/config/presets';
import { experimentConfigSchema } from '../../src/config/schema';
import { encodeConfigHash } from '../../src/config/url';
import { classicVaeConfig } from '../../src/config/vae';
import { listLessons } from '../../src/lessons';
import { buildLink, parseLink } from '../../src/links/link';

const TABS = ['vae', 'latent', 'gan', 'lessons', 'runs'];
const split = (link: string) => {
  const i = link.indexOf('#');
  return i < 0 ? [link, ''] : [link.slice(0, i), link.slice(i)];
};
const b64 = (v: unknown) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(v))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

describe('links: round trips', () => {
  it.each(listPresets().map((p) => [p.id, p.config] as const))(
    'preset %s: config, tab, hide, flags',
    (_, config) => {
      const state = {
        tab: config.kind === 'gan2d' ? 'gan' : 'vae',
        lesson: null,
        step: null,
        hide: ['hp-lr', 'panel-gan-charts'],
        readOnly: true,
        present: true,
        backend: 'wasm',
        config,
      };
      const [q, h] = split(buildLink(state));
      const got = parseLink(q!, h!, { tabs: TABS });
      expect(got.problems).toEqual([]);
      expect(got.dropped).toEqual([]);
      expect({ ...got, dropped: [], problems: [] }).toEqual({ ...state, dropped: [], problems: [] });
    },
  );

  it.each(listLessons().flatMap((l) => l.steps.map((_, i) => [l.id, i + 1] as const)))(
    'lesson %s step %i',
    (lesson, step) => {
      const [q, h] = split(buildLink({ lesson, step, config: classicVaeConfig }));
      const got = parseLink(q!, h!, { tabs: TABS });
      expect(got.lesson).toBe(lesson);
      expect(got.step).toBe(step === 1 ? null : step); // step 1 is the default and is left out
      expect(got.config).toEqual(classicVaeConfig);
      expect(q).toContain(`lesson=${lesson}`);
    },
  );
});

describe('links from older versions or with bad fields load what they can', () => {
  it('a bad field takes its default and is named; the other fields are kept', () => {
    const c = structuredClone(classicVaeConfig) as any;
    c.optimizer.lr = -1;
    c.model.latentDim = 7;
    const got = parseLink('', `#config=${b64(c)}`);
    expect(got.config?.kind).toBe('vae');
    expect((got.config as typeof classicVaeConfig).optimizer.lr).toBe(classicVaeConfig.optimizer.lr);
    expect((got.config as typeof classicVaeConfig).model.latentDim).toBe(7);
    expect(got.dropped.map((d) => d.field)).toEqual(['optimizer.lr']);
    expect(got.problems.join()).toMatch(/optimizer\.lr/);
  });

  it('an older version: unknown fields dropped by name, missing fields filled, version named', () => {
    const c = structuredClone(classicVaeConfig) as any;
    c.version = 0;
    c.model.oldKnob = 3;
    delete c.training.epochs;
    const got = parseConfigLenient(c);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.dropped.map((d) => d.field).sort()).toEqual(['model.oldKnob', 'version']);
    expect(got.value).toEqual(classicVaeConfig);
  });

  it("a field added later: an old image-GAN link without G's 28x28 layer opens without it", () => {
    const preset = listPresets().find((p) => p.id === 'dcgan-mnist')!.config as any;
    expect(preset.model.generator.fullResChannels).toBe(16);
    const old = structuredClone(preset);
    delete old.model.generator.fullResChannels;
    const got = parseConfigLenient(old);
    expect(got.ok && got.value.kind === 'imageGan' && got.value.model.generator.fullResChannels).toBe(0);
    expect(got.ok && got.dropped).toEqual([]);
    // Strict reads (run files, saved runs) fill it the same way; a link that sets it keeps it.
    expect(experimentConfigSchema.parse(old)).toMatchObject({ model: { generator: { fullResChannels: 0 } } });
    const set = parseConfigLenient(preset);
    expect(set.ok && set.value.kind === 'imageGan' && set.value.model.generator.fullResChannels).toBe(16);
  });

  it('a bad array element resets the whole array (never a mix)', () => {
    const c = structuredClone(classicVaeConfig) as any;
    c.model.encoderHidden = [400, -3];
    const got = parseConfigLenient(c);
    expect(got.ok && got.value.kind === 'vae' && got.value.model.encoderHidden).toEqual([400]);
  });

  it('what cannot be read is named, never thrown', () => {
    expect(parseLink('', '#config=%%%').problems.join()).toMatch(/not valid base64 JSON/);
    expect(parseLink('', `#config=${b64({ kind: 'nope' })}`).problems.join()).toMatch(
      /unknown experiment kind/,
    );
    expect(parseLink('?tab=zzz&step=x&hide=a,<b>', '', { tabs: TABS }).problems).toHaveLength(3);
  });
});

/** A valid config with one part replaced by an arbitrary value, or arbitrary JSON. */
const anyJson = fc.jsonValue({ maxDepth: 3 });
function mutate(base: unknown, path: string[], value: unknown): unknown {
  const c = structuredClone(base) as Record<string, unknown>;
  let o = c;
  for (const k of path.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null) return c;
    o = o[k] as Record<string, unknown>;
  }
  o[path[path.length - 1]!] = value;
  return c;
}
function paths(o: unknown, prefix: string[] = []): string[][] {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return [prefix];
  return [prefix, ...Object.entries(o).flatMap(([k, v]) => paths(v, [...prefix, k]))];
}
const presets = listPresets().map((p) => p.config);
const mutatedConfig = fc
  .tuple(
    fc.constantFrom(...presets),
    fc.nat(),
    anyJson,
    fc.array(fc.tuple(fc.nat(), anyJson), { maxLength: 3 }),
  )
  .map(([base, i, v, more]) => {
    const ps = paths(base).filter((p) => p.length > 0);
    let c = mutate(base, ps[i % ps.length]!, v);
    for (const [j, w] of more) c = mutate(c, ps[j % ps.length]!, w);
    return c;
  });

describe('links: 10,000 generated or mutated inputs each give a valid object or a named problem', () => {
  it('mutated configs: the result always passes the strict schema; unchanged fields are kept', () => {
    fc.assert(
      fc.property(mutatedConfig, (c) => {
        const r = parseConfigLenient(c);
        if (!r.ok) return typeof r.error === 'string' && r.error.length > 0;
        expect(experimentConfigSchema.safeParse(r.value).success).toBe(true);
        // Nothing changed silently: the output equals the input except at the fields it names.
        const named = r.dropped.map((d) => d.field);
        for (const p of paths(r.value)) {
          if (p.length === 0) continue;
          const key = p.join('.');
          const inVal = p.reduce<any>((o, k) => (o == null ? undefined : o[k]), c);
          const outVal = p.reduce<any>((o, k) => o[k], r.value);
          if (typeof outVal === 'object' && outVal !== null && !Array.isArray(outVal)) continue;
          if (JSON.stringify(inVal) !== JSON.stringify(outVal) && inVal !== undefined)
            expect(named.some((n) => key === n || key.startsWith(`${n}.`) || n === '(config)')).toBe(true);
        }
        return true;
      }),
      { numRuns: 10_000 },
    );
  });

  it('arbitrary and corrupted link strings: never an exception, config null or valid', () => {
    const valid = presets.map((c) =>
      buildLink({ tab: 'gan', lesson: 'elbo', step: 2, hide: ['a'], config: c }),
    );
    const corrupt = fc
      .tuple(fc.constantFrom(...valid), fc.nat(), fc.nat({ max: 30 }), fc.string({ maxLength: 8 }))
      .map(([s, at, cut, ins]) => s.slice(0, at % s.length) + ins + s.slice((at % s.length) + cut));
    const input = fc.oneof(
      corrupt,
      fc.string({ maxLength: 200 }),
      fc.constant(`#config=${encodeConfigHash(classicVaeConfig).slice(7)}`),
    );
    fc.assert(
      fc.property(input, (link) => {
        const [q, h] = split(link);
        const r = parseLink(q!, h!, { tabs: TABS });
        if (r.config) expect(experimentConfigSchema.safeParse(r.config).success).toBe(true);
        if (r.tab) expect(TABS).toContain(r.tab);
        if (r.step !== null) expect(Number.isInteger(r.step) && r.step >= 1).toBe(true);
        for (const id of r.hide) expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
        return true;
      }),
      { numRuns: 10_000 },
    );
  });
});
