import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listPresets } from '../../src/config/presets';
import { parseExperimentConfig } from '../../src/config/schema';
import { parsePointsCsv } from '../../src/core/gan/csv';
import { buildGanConfig, meanSd, parseGanArgs, summarise, trainGanSeed } from '../../src/cli/gan2d';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const IDS = [
  'gan-ring-collapse',
  'gan-ring-oscillation',
  'gan-ring-wgan-gp',
  'gan-ring-unrolled',
  'gan-grid-collapse',
  'gan-grid-wgan-gp',
  'gan-grid-mixture',
  'gan-grid-pacgan',
  'gan-saturating',
];

describe('GAN presets', () => {
  it('all nine ids exist, validate, and have fixed seeds', () => {
    for (const id of IDS) {
      const p = listPresets().find((q) => q.id === id);
      expect(p, id).toBeDefined();
      expect(parseExperimentConfig(p!.config).ok).toBe(true);
      expect(p!.config.kind).toBe('gan2d');
      expect(Number.isInteger(p!.config.seed)).toBe(true);
    }
  });
});

describe('GAN command line', () => {
  it('parses seeds, steps, --set and export', () => {
    const a = parseGanArgs([
      '--preset',
      'gan-ring-collapse',
      '--seeds=3',
      '--steps',
      '50',
      '--set',
      'objective.loss=wganGp',
      '--set',
      'training.dSteps=2',
      '--export-samples',
      'out.csv',
      '--json',
    ]);
    expect(a).toMatchObject({
      preset: 'gan-ring-collapse',
      seeds: 3,
      steps: 50,
      exportSamples: 'out.csv',
      json: true,
    });
    const c = buildGanConfig(a, 7);
    expect(c.seed).toBe(7);
    expect(c.training.maxSteps).toBe(50);
    expect(c.objective.loss).toBe('wganGp');
    expect(c.training.dSteps).toBe(2);
  });

  it('names the flag or field of a bad value', () => {
    expect(() => parseGanArgs(['--seeds', '0'])).toThrow(/--seeds: expected a whole number >= 1/);
    expect(() => parseGanArgs(['--bogus'])).toThrow(/--bogus: unknown flag/);
    expect(() => parseGanArgs(['--set', 'novalue'])).toThrow(/--set: expected FIELD=VALUE/);
    const bad = (set: string) =>
      buildGanConfig(parseGanArgs(['--preset', 'gan-ring-collapse', '--set', set]), 1);
    expect(() => bad('optD.lr=-1')).toThrow(/--set: config field "optD.lr"/);
    expect(() => bad('nothing.here=1')).toThrow(/no config field "nothing.here"/);
    expect(() => buildGanConfig(parseGanArgs(['--preset', 'classic-vae']), 1)).toThrow(
      /--preset: unknown 2-D GAN preset/,
    );
  });

  it('trains a seed and exports 2,500 samples that parse back', async () => {
    const a = parseGanArgs([
      '--preset',
      'gan-ring-wgan-gp',
      '--steps',
      '3',
      '--set',
      'generator.width=8',
      '--set',
      'discriminator.width=8',
      '--set',
      'training.batchSize=16',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'gan-cli-'));
    const file = join(dir, 'samples.csv');
    const r = await trainGanSeed(buildGanConfig(a, 5), 'cpu', a.preset, { exportTo: file });
    expect(r).toMatchObject({
      preset: 'gan-ring-wgan-gp',
      seed: 5,
      steps: 3,
      modes_total: 8,
      backend: 'cpu',
    });
    for (const k of ['modes_captured', 'hq_fraction', 'js', 'seconds', 'modes_visited'] as const) {
      expect(Number.isFinite(r[k])).toBe(true);
    }
    // After 3 steps of tiny nets no sample is near a mode: the KL to uniform is undefined, not log 8.
    expect(r.hq_fraction === 0 ? r.kl_uniform === null : Number.isFinite(r.kl_uniform)).toBe(true);
    const parsed = parsePointsCsv(readFileSync(file, 'utf8'));
    expect(parsed.ok && parsed.count).toBe(2500);
    expect(summarise([r, { ...r, seed: 6, modes_captured: 8, hq_fraction: 0.9 }])).toMatch(
      /1\/2 seeds with all 8 modes/,
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('mean and sample sd', () => {
    expect(meanSd([1, 2, 3, 4])).toEqual({ mean: 2.5, sd: Math.sqrt(5 / 3) });
  });
});
