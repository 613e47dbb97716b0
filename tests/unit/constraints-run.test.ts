import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runConstraintsCli, takeMethods } from '../../src/cli/constraints';
import { presetConfig } from '../../src/config/presets';
import type { ConstraintsConfig } from '../../src/config/constraints';
import { parsePointsCsv } from '../../src/core/gan/csv';
import { ConstraintRun, METHODS } from '../../src/core/constraints/run';
import { runSettings } from '../../src/core/constraints/settings';
import { ConstraintsExperiment } from '../../src/engine/constraintsExperiment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => vi.restoreAllMocks());

function tiny(steps: number): ConstraintsConfig {
  const c = presetConfig('constraints-ring-halfplane') as ConstraintsConfig;
  c.model = { ...c.model, steps, baseSteps: steps, layers: 2, width: 16, batchSize: 64 };
  c.sampler = { samples: 200, langevinSteps: 3, langevinStep: 0.01 };
  return c;
}

describe('constraint lab engine', () => {
  it('keeps the tensor count flat while training and frees everything on dispose', async () => {
    const base = tf.memory().numTensors;
    const exp = new ConstraintsExperiment(tiny(12));
    const counts: number[] = [];
    let rows = 0;
    while (!exp.finished()) {
      const out = exp.step();
      out.metrics.dispose();
      counts.push(tf.memory().numTensors);
      rows = (await exp.snapshot()).rows.length;
    }
    expect(rows).toBe(METHODS.length);
    // Within each model's 12 steps the count does not grow (its step 2 vs its step 11), for every model
    // (GANs, the conditional GAN, the VAEs).
    const models = counts.length / 12;
    expect(models).toBe(7);
    for (let k = 0; k < models; k++) expect(counts[12 * k + 10]).toBe(counts[12 * k + 1]);
    exp.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });
});

describe('constraint lab CLI', () => {
  it("prints one JSON line per method and seed and exports each method's samples", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'constraints-'));
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      lines.push(String(s));
      return true;
    });
    const code = await runConstraintsCli([
      '--preset',
      'constraints-ring-halfplane',
      '--seeds',
      '2',
      '--steps',
      '3',
      '--json',
      '--backend',
      'cpu',
      '--set',
      'sampler.samples=200',
      '--set',
      'sampler.langevinSteps=3',
      '--set',
      'model.width=16',
      '--set',
      'model.layers=2',
      '--export-samples',
      dir,
    ]);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const recs = lines
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(recs.map((r) => `${r.method}-${r.seed}`).sort()).toEqual(
      [...METHODS].flatMap((m) => [`${m}-1`, `${m}-2`]).sort(),
    );
    for (const r of recs) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['method', 'seed', 'feasibility', 'divergence', 'modes_captured']),
      );
      const text = readFileSync(join(dir, `${r.method}-${r.seed}.csv`), 'utf8');
      // Rejection against a 3-step model may accept nothing: then the file holds only the header.
      const csv = r.n > 0 ? parsePointsCsv(text) : { ok: true as const, points: new Float32Array(0) };
      if (!csv.ok) throw new Error(csv.error);
      const pts = csv.points;
      expect(pts.length / 2).toBe(r.n);
      // Hard constraint: rejection keeps only feasible proposals, Langevin ends with a projection onto C.
      if ((r.method === 'rejection' && r.n > 0) || r.method === 'langevin') {
        expect(r.feasibility).toBe(1);
        for (let i = 1; i < pts.length; i += 2) expect(pts[i]).toBeGreaterThanOrEqual(0.5 - 1e-5);
      }
      if (r.method === 'langevin') expect([r.cost, r.n]).toEqual([4, 200]);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('--methods measures only the routes named (and rejects unknown ones)', () => {
    expect(takeMethods(['--seeds', '2', '--methods', 'prior,langevin', '--json'])).toEqual({
      rest: ['--seeds', '2', '--json'],
      methods: ['prior', 'langevin'],
    });
    expect(takeMethods(['--methods=vae']).methods).toEqual(['vae']);
    expect(takeMethods([]).methods).toEqual([...METHODS]);
    expect(() => takeMethods(['--methods', 'prior,nope'])).toThrow(/unknown method\(s\) nope/);
    const s = runSettings(tiny(1));
    const run = new ConstraintRun(s, 1, ['prior', 'vaePenalty']);
    // The base GAN (for prior) and the penalised VAE: two models, one step each.
    expect(run.totalSteps).toBe(2);
    const got: string[] = [];
    while (!run.finished()) got.push(...run.step().map((r) => r.method));
    expect(got).toEqual(['prior', 'vaePenalty']);
  });
});
