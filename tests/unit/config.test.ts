import { describe, expect, it } from 'vitest';
import { parseExperimentConfig } from '../../src/config/schema';
import { classicVaeConfig } from '../../src/config/vae';
import { getPreset, presetConfig } from '../../src/config/presets';

const DELETE = Symbol('delete');

/** A deep copy of the classic preset with the value at `path` ("optimizer.lr", "model.encoderHidden") replaced. */
function withValue(path: string, value: unknown): unknown {
  const c = structuredClone(classicVaeConfig) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let o = c;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === DELETE) delete o[last];
  else o[last] = value;
  return c;
}

function expectRejected(value: unknown, field: string) {
  const r = parseExperimentConfig(value);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.field).toBe(field);
  expect(r.error).toContain(`"${field}"`);
}

describe('parseExperimentConfig', () => {
  it('accepts the classic-vae preset and returns an equal value', () => {
    const c = presetConfig('classic-vae');
    const r = parseExperimentConfig(c);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(c);
    expect(getPreset('classic-vae')?.config.kind).toBe('vae');
  });

  it('accepts a JSON round trip of the preset (what URLs and files carry)', () => {
    const r = parseExperimentConfig(JSON.parse(JSON.stringify(presetConfig('classic-vae'))));
    expect(r.ok).toBe(true);
  });

  it('presetConfig returns a deep copy', () => {
    const a = presetConfig('classic-vae');
    if (a.kind === 'vae') a.model.encoderHidden[0] = 3;
    const b = presetConfig('classic-vae');
    if (b.kind === 'vae') expect(b.model.encoderHidden[0]).toBe(400);
    expect(() => presetConfig('no-such-preset')).toThrow(/unknown preset "no-such-preset"/);
  });

  it.each([
    ['optimizer.lr', 'optimizer.lr', -1e-3],
    ['optimizer.lr', 'optimizer.lr', 0],
    ['optimizer.beta1', 'optimizer.beta1', 1],
    ['model.latentDim', 'model.latentDim', 1],
    ['model.latentDim', 'model.latentDim', 65],
    ['model.latentDim', 'model.latentDim', 2.5],
    ['model.encoderHidden[0]', 'model.encoderHidden', [0]],
    ['model.decoderHidden[1]', 'model.decoderHidden', [400, -5]],
    ['model.encoderHidden', 'model.encoderHidden', []],
    ['model.likelihood', 'model.likelihood', 'poisson'],
    ['training.batchSize', 'training.batchSize', 0],
    ['training.epochs', 'training.epochs', 1.5],
    ['data.trainSubset', 'data.trainSubset', 60001],
    ['objective.beta', 'objective.beta', -1],
    ['seed', 'seed', -1],
    ['seed', 'seed', 2 ** 31],
    ['version', 'version', 2],
    ['kind', 'kind', 'vea'],
    ['kind', 'kind', DELETE],
    ['data', 'data', DELETE],
    // strings where numbers are expected
    ['optimizer.lr', 'optimizer.lr', '0.001'],
    ['model.latentDim', 'model.latentDim', '20'],
    ['training.epochs', 'training.epochs', null],
    ['optimizer.lr', 'optimizer.lr', Number.NaN],
    ['training.epochs', 'training.epochs', Number.POSITIVE_INFINITY],
  ] as [string, string, unknown][])('rejects a bad %s and names the field', (field, path, value) => {
    expectRejected(withValue(path, value), field);
  });

  it('rejects unknown extra keys, naming them', () => {
    expectRejected(withValue('model.dropout', 0.1), 'model.dropout');
    expectRejected(withValue('optimizer.momentum', 0.9), 'optimizer.momentum');
    expectRejected(withValue('sneaky', true), 'sneaky');
  });

  it.each([null, undefined, 42, 'x', {}, [], [1, 2], true, () => 1, new Date(0), { kind: 'vae' }])(
    'never throws on garbage (%s) and reports a field',
    (garbage) => {
      let r: ReturnType<typeof parseExperimentConfig> | undefined;
      expect(() => (r = parseExperimentConfig(garbage))).not.toThrow();
      expect(r!.ok).toBe(false);
      if (!r!.ok) {
        expect(typeof r!.field).toBe('string');
        expect(r!.field.length).toBeGreaterThan(0);
        expect(r!.error).toMatch(/^config field "/);
      }
    },
  );
});
