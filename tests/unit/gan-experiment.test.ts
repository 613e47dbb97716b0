import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGan2dConfig, type Gan2dConfig } from '../../src/config/gan2d';
import { parseExperimentConfig } from '../../src/config/schema';
import { Gan2dExperiment } from '../../src/engine/gan2dExperiment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Small nets and batches: these tests check plumbing, not GAN quality. */
function small(over: (c: Gan2dConfig) => void = () => {}): Gan2dConfig {
  const c = structuredClone(defaultGan2dConfig);
  c.generator = { layers: 2, width: 16, activation: 'relu' };
  c.discriminator = { layers: 2, width: 16, activation: 'relu', pack: 1 };
  c.training = { ...c.training, batchSize: 32, dSteps: 1, maxSteps: 1000 };
  over(c);
  return c;
}

async function stepN(e: Gan2dExperiment, n: number): Promise<Float32Array> {
  let last: Float32Array = new Float32Array();
  for (let i = 0; i < n; i++) {
    const m = e.step().metrics;
    last = (await m.data()) as Float32Array;
    m.dispose();
  }
  return last;
}

describe('gan2d config', () => {
  it('the default config and every field of it validate', () => {
    expect(parseExperimentConfig(defaultGan2dConfig).ok).toBe(true);
  });

  it('a bad value is rejected with the field named', () => {
    const bad = (f: (c: Record<string, any>) => void) => {
      const c = structuredClone(defaultGan2dConfig) as Record<string, any>;
      f(c);
      const r = parseExperimentConfig(c);
      return r.ok ? '' : r.field;
    };
    expect(bad((c) => (c.objective.loss = 'gan++'))).toBe('objective.loss');
    expect(bad((c) => (c.generator.width = 0))).toBe('generator.width');
    expect(bad((c) => (c.optD.lr = -1))).toBe('optD.lr');
    expect(bad((c) => (c.training.dSteps = 1.5))).toBe('training.dSteps');
    expect(bad((c) => (c.data.points = [[0, Infinity]]))).toBe('data.points[0][1]');
    expect(bad((c) => (c.data = { dataset: 'points', points: [], jitter: 0 }))).toBe('data.points');
    expect(bad((c) => (c.objective.extra = 1))).toBe('objective.extra');
  });
});

describe('Gan2dExperiment', () => {
  const live: Gan2dExperiment[] = [];
  afterAll(() => live.forEach((e) => e.dispose()));
  const make = (c: Gan2dConfig) => {
    const e = new Gan2dExperiment(c);
    live.push(e);
    return e;
  };

  it('is reproducible: the same seed gives the same samples after training', async () => {
    const a = make(small());
    const b = make(small());
    await stepN(a, 5);
    await stepN(b, 5);
    expect(Array.from(await a.samples())).toEqual(Array.from(await b.samples()));
  });

  it('keeps numTensors flat over 100 steps with every objective, unrolling and mid-run changes', async () => {
    const e = make(small((c) => (c.objective.unrollSteps = 2)));
    await stepN(e, 3);
    (await e.snapshot()).fake.fill(0);
    const before = tf.memory().numTensors;
    const losses = ['nonSaturating', 'minimax', 'lsgan', 'wgan', 'wganGp', 'hinge', 'fgan'] as const;
    for (let i = 0; i < 100; i++) {
      if (i % 14 === 0) e.setParams({ loss: losses[(i / 14) % losses.length]!, dSteps: 1 + (i % 3) });
      if (i === 50) e.setParams({ optG: 'rmsprop', optD: 'sgd', lrD: 0.01 });
      await stepN(e, 1);
    }
    await e.snapshot();
    await e.evaluate();
    e.setParams({ optG: 'adam', optD: 'adam' });
    await stepN(e, 2);
    // Optimizers create their moment variables on first use: at most 2 per network (m and v).
    const after = tf.memory().numTensors;
    expect(after - before).toBeLessThanOrEqual(4);
    await stepN(e, 20);
    expect(tf.memory().numTensors).toBe(after);
  });

  it("phase 'd' trains D only: G's samples stay, D's loss changes", async () => {
    const e = make(small());
    await stepN(e, 3);
    e.setParams({ phase: 'd' });
    const g0 = await e.samples();
    const d0 = e.pair.D.flat.dataSync().slice();
    const steps0 = e.progress().step;
    const dUpdates0 = (await e.snapshot()).dUpdates;
    await stepN(e, 3);
    // The step counter counts G steps: D-only iterations leave it, the D-update count grows by 3.
    expect(e.progress().step).toBe(steps0);
    expect((await e.snapshot()).dUpdates).toBe(dUpdates0 + 3);
    expect(Array.from(await e.samples())).toEqual(Array.from(g0));
    expect(Array.from(e.pair.D.flat.dataSync())).not.toEqual(Array.from(d0));
  });

  it("phase 'g' trains G only: D's weights stay, the samples move", async () => {
    const e = make(small());
    await stepN(e, 3);
    e.setParams({ phase: 'g' });
    const g0 = await e.samples();
    const d0 = Array.from(e.pair.D.flat.dataSync());
    await stepN(e, 3);
    expect(Array.from(await e.samples())).not.toEqual(Array.from(g0));
    expect(Array.from(e.pair.D.flat.dataSync())).toEqual(d0);
  });

  it('unrolling leaves D where it was (the look-ahead is undone)', async () => {
    const e = make(small((c) => (c.objective.unrollSteps = 3)));
    e.setParams({ phase: 'g' });
    const d0 = Array.from(e.pair.D.flat.dataSync());
    await stepN(e, 2);
    expect(Array.from(e.pair.D.flat.dataSync())).toEqual(d0);
  });

  it('WGAN weight clipping keeps every D parameter inside [-c, c]', async () => {
    const e = make(small((c) => (c.objective = { ...c.objective, loss: 'wgan', clip: 0.05 })));
    await stepN(e, 3);
    for (const x of e.pair.D.flat.dataSync()) expect(Math.abs(x)).toBeLessThanOrEqual(0.05 + 1e-7);
  });

  it('linear decay scales both learning rates (SGD included) by 1 - step / maxSteps', async () => {
    const e = make(
      small((c) => {
        c.training.maxSteps = 8;
        c.training.lrDecay = 'linear';
        c.optD = { ...c.optD, name: 'sgd', lr: 0.1 };
      }),
    );
    await stepN(e, 4);
    e.step().metrics.dispose(); // the 5th step runs at factor 1 - 4/8
    expect(e.pair.optG.lr).toBeCloseTo(1e-3 * 0.5, 12);
    expect(e.pair.optD.lr).toBeCloseTo(0.1 * 0.5, 12);
  });

  it('a decay floor f makes the rates fall linearly from 1x to f x the base rates at maxSteps', async () => {
    const e = make(
      small((c) => {
        c.training.maxSteps = 8;
        c.training.lrDecay = 'linear';
        c.training.lrDecayFloor = 0.25;
      }),
    );
    await stepN(e, 4);
    e.step().metrics.dispose(); // the 5th step runs at factor 0.25 + 0.75 (1 - 4/8) = 0.625
    expect(e.pair.optG.lr).toBeCloseTo(1e-3 * 0.625, 12);
    expect(e.pair.optD.lr).toBeCloseTo(1e-3 * 0.625, 12);
    await stepN(e, 3); // the 8th and last step: 0.25 + 0.75 / 8
    expect(e.pair.optD.lr).toBeCloseTo(1e-3 * 0.34375, 12);
    expect(e.finished()).toBe(true);
  });

  it("a fixed look-ahead rate stays at D's base rate while D's own rate decays", async () => {
    const run = async (unrollLr: 'schedule' | 'fixed') => {
      const e = make(
        small((c) => {
          c.training.maxSteps = 8;
          c.training.lrDecay = 'linear';
          c.objective.unrollSteps = 2;
          c.objective.unrollLr = unrollLr;
          c.optD = { ...c.optD, lr: 0.02 };
        }),
      );
      await stepN(e, 7); // the 7th step runs at factor 1 - 6/8
      return e;
    };
    const fixed = (await run('fixed')).pair;
    expect(fixed.optD.lr).toBeCloseTo(0.02 * 0.25, 12);
    expect(fixed.lookAheadLr).toBe(0.02);
    const e = await run('schedule');
    const follows = e.pair;
    expect(follows.optD.lr).toBeCloseTo(0.02 * 0.25, 12);
    expect(follows.lookAheadLr).toBeCloseTo(0.02 * 0.25, 12);
    // Switched live, the last step (factor 1/8) looks ahead at the base rate.
    e.setParams({ unrollLr: 'fixed' });
    e.step().metrics.dispose();
    expect(follows.optD.lr).toBeCloseTo(0.02 / 8, 12);
    expect(follows.lookAheadLr).toBe(0.02);
  });

  it('older configs without the decay floor or look-ahead rate load with the old behaviour', () => {
    const old = structuredClone(defaultGan2dConfig) as Record<string, any>;
    delete old.training.lrDecayFloor;
    delete old.objective.unrollLr;
    const r = parseExperimentConfig(old);
    if (!r.ok) throw new Error(r.error);
    const c = r.value as Gan2dConfig;
    expect(c.training.lrDecayFloor).toBe(0);
    expect(c.objective.unrollLr).toBe('schedule');
  });

  it('rejects an invalid live change with the field named, and keeps running', async () => {
    const e = make(small());
    expect(() => e.setParams({ lrD: -1 })).toThrow(/lrD/);
    expect(() => e.setParams({ loss: 'nope' })).toThrow(/loss/);
    expect(() => e.setParams({ bogus: 1 })).toThrow(/bogus/);
    expect((await stepN(e, 1)).every(Number.isFinite)).toBe(true);
  });

  it('finishes at maxSteps and snapshots plain data of the documented sizes', async () => {
    const e = make(small((c) => (c.training.maxSteps = 4)));
    await stepN(e, 4);
    expect(e.finished()).toBe(true);
    const s = await e.snapshot();
    expect(s.kind).toBe('gan2d');
    expect(s.real.length).toBe(5000);
    expect(s.fake.length).toBe(5000);
    expect(s.dGrid.length).toBe(s.gridSize ** 2);
    expect(s.dShade.length).toBe(s.gridSize ** 2);
    expect(s.optimumGrid!.length).toBe(s.gridSize ** 2);
    expect(s.manifold.length).toBe(2 * s.manifoldSize ** 2);
    expect(s.arrows.length).toBe(512);
    expect(s.modes!.total).toBe(8);
    for (const v of s.dGrid) expect(v >= 0 && v <= 1).toBe(true);
  });

  // Every objective, every f-divergence: a few hundred steps move G's samples onto a Gaussian at (2, 2).
  const OBJECTIVES: [Gan2dConfig['objective']['loss'], Gan2dConfig['objective']['fDivergence']][] = [
    ['nonSaturating', 'js'],
    ['minimax', 'js'],
    ['lsgan', 'js'],
    ['wgan', 'js'],
    ['wganGp', 'js'],
    ['hinge', 'js'],
    ['fgan', 'js'],
    ['fgan', 'kl'],
    ['fgan', 'reverseKl'],
    ['fgan', 'pearson'],
  ];
  for (const [loss, div] of OBJECTIVES) {
    it(`${loss}${loss === 'fgan' ? ` (${div})` : ''} trains a 2-D Gaussian toward the data`, async () => {
      const e = make(
        small((c) => {
          c.data = { dataset: 'points', points: [[2, 2]], jitter: 0.3 };
          c.generator.width = 32;
          c.discriminator.width = 32;
          c.training.batchSize = 64;
          c.objective = { ...c.objective, loss, fDivergence: div, gpLambda: 1, clip: 0.1 };
        }),
      );
      const moments = async () => {
        const s = await e.samples();
        const n = s.length / 2;
        let mx = 0;
        let my = 0;
        for (let i = 0; i < s.length; i += 2) {
          mx += s[i]! / n;
          my += s[i + 1]! / n;
        }
        return { offset: Math.hypot(mx - 2, my - 2) };
      };
      const before = { js: (await e.evaluate()).js!, offset: (await moments()).offset };
      expect(before.offset).toBeGreaterThan(2);
      const last = await stepN(e, 300);
      expect(last.every(Number.isFinite)).toBe(true);
      expect((await moments()).offset).toBeLessThan(0.5);
      expect((await e.evaluate()).js).toBeLessThan(before.js - 0.1);
      e.dispose();
      live.splice(live.indexOf(e), 1);
    });
  }

  it('switches to user points through a query', async () => {
    const e = make(small());
    const r = await e.query({ type: 'setPoints', points: [0, 0, 1, 1, 2, 0] });
    expect(r.result).toEqual({ ok: true, count: 3 });
    expect(e.config.data.dataset).toBe('points');
    const s = await e.snapshot();
    expect(s.modes).toBeNull();
    await expect(e.query({ type: 'setPoints', points: [0, NaN] })).rejects.toThrow(/finite/);
  });
});
