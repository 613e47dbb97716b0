import { describe, expect, it } from 'vitest';
import { decodeConfigHash, encodeConfigHash } from '../../src/config/url';
import { classicVaeConfig } from '../../src/config/vae';

describe('config in the URL hash', () => {
  it('round-trips a config', () => {
    const r = decodeConfigHash(`#${encodeConfigHash(classicVaeConfig)}`);
    expect(r).toEqual({ ok: true, value: classicVaeConfig });
  });
  it('no config in the hash gives null', () => {
    expect(decodeConfigHash('')).toBeNull();
    expect(decodeConfigHash('#tab=gan')).toBeNull();
  });
  it('garbage and bad fields give messages, never throws', () => {
    const bad = decodeConfigHash('#config=%%%');
    expect(bad && !bad.ok && bad.error).toMatch(/not valid base64 JSON/);
    const edited = structuredClone(classicVaeConfig) as any;
    edited.model.latentDim = 1000;
    const r = decodeConfigHash(`#${encodeConfigHash(edited)}`);
    expect(r && !r.ok && r.field).toBe('model.latentDim');
  });
});
