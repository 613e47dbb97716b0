import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../src/config/presets';
import { evaluate, holds, parseCondition } from '../../src/lessons/condition';
import { activeNarrations, conditionMet, enterStep, openAt, type LessonApi } from '../../src/lessons/engine';
import { ganValues, vaeValues } from '../../src/lessons/live';
import type { Lesson } from '../../src/lessons/types';
import { appendSeries, emptySeries } from '../../src/store/series';
import { classicVaeConfig } from '../../src/config/vae';
import { defaultGan2dConfig } from '../../src/config/gan2d';

describe('lesson conditions', () => {
  it('compare, join with and / or ("and" binds tighter), and read numbers in any form', () => {
    expect(parseCondition('step >= 2000')).toEqual([[{ name: 'step', op: '>=', value: 2000 }]]);
    expect(parseCondition('a < 1e-4 and b > .5 or c == -2')).toEqual([
      [
        { name: 'a', op: '<', value: 1e-4 },
        { name: 'b', op: '>', value: 0.5 },
      ],
      [{ name: 'c', op: '==', value: -2 }],
    ]);
    const v = { 'vae.kl': 4.9, 'vae.step': 2000 };
    expect(holds('KL < 5', v, 'vae')).toBe(true); // unqualified, case-insensitive, under the step's lab
    expect(holds('kl < 4.9', v, 'vae')).toBe(false);
    expect(holds('kl <= 4.9', v, 'vae')).toBe(true);
    expect(holds('step >= 2000 and kl < 1', v, 'vae')).toBe(false);
    expect(holds('step >= 2000 and kl < 1 or kl > 4', v, 'vae')).toBe(true);
    expect(holds('kl != 4.9', v, 'vae')).toBe(false);
  });

  it('an unknown or not-yet-known value makes a comparison false, never true', () => {
    expect(holds('kl < 5', { 'vae.kl': null }, 'vae')).toBe(false);
    expect(holds('kl > -1', {}, 'vae')).toBe(false);
    expect(holds('kl < 5', { 'vae.kl': NaN }, 'vae')).toBe(false);
    // the gan lab's step is not the vae's
    expect(holds('step >= 1', { 'gan.step': 10, 'vae.step': 0 }, 'vae')).toBe(false);
    expect(holds('step >= 1', { 'gan.step': 10, 'vae.step': 0 }, 'gan')).toBe(true);
  });

  it('bad conditions are errors that say where', () => {
    expect(() => parseCondition('')).toThrow(/empty/);
    expect(() => parseCondition('kl <')).toThrow(/name op number/);
    expect(() => parseCondition('kl < 5 but step > 1')).toThrow(/"and" or "or"/);
    expect(() => parseCondition('kl < 5 and')).toThrow(/"and" or "or"/);
    expect(() => parseCondition('kl ~ 5')).toThrow(/cannot read/);
    expect(evaluate(parseCondition('x > 0'), { x: 1 })).toBe(true);
  });
});

/** A fake lab: records what the lesson engine asks of it. */
function fakeApi() {
  const calls: string[] = [];
  const configs: unknown[] = [];
  const api: LessonApi = {
    showTab: (t) => calls.push(`tab ${t}`),
    loadConfig: (c, id) => (calls.push(`load ${id}`), configs.push(c)),
    setLive: (lab, p) => calls.push(`set ${lab} ${JSON.stringify(p)}`),
  };
  return { api, calls, configs };
}

const lesson: Lesson = {
  id: 'test',
  title: 't',
  lectures: 'lecture 000',
  summary: '',
  steps: [
    { title: 'a', text: '', tab: 'vae', preset: 'classic-vae', waitFor: 'step >= 10' },
    { title: 'b', text: '', set: { beta: 4 }, narrations: [{ when: 'kl < 1', text: 'small' }] },
    { title: 'c', text: '', tab: 'vae', preset: 'classic-vae', patch: { 'objective.beta': 50 } },
    { title: 'd', text: '', tab: 'gan', preset: 'gan-saturating', patch: { 'training.maxSteps': 3000 } },
    { title: 'e', text: '', tab: 'gan', set: { loss: 'nonSaturating' }, waitFor: 'gradNorm > 1e-2' },
  ],
};

describe('lesson hooks on a fake lab', () => {
  it('entering a step shows its tab, starts its patched preset and applies its live settings', () => {
    const f = fakeApi();
    enterStep(lesson, 2, f.api, true);
    expect(f.calls).toEqual(['tab vae', 'load classic-vae']);
    const want = presetConfig('classic-vae');
    if (want.kind === 'vae') want.objective.beta = 50;
    expect(f.configs[0]).toEqual(want);
    const g = fakeApi();
    enterStep(lesson, 4, g.api, true);
    expect(g.calls).toEqual(['tab gan', 'set gan {"loss":"nonSaturating"}']);
  });

  it('going back re-shows a step without restarting anything', () => {
    const f = fakeApi();
    enterStep(lesson, 2, f.api, false);
    expect(f.calls).toEqual(['tab vae']);
  });

  it('a link to a step sets up the run that step has: latest preset, then every live setting since', () => {
    const f = fakeApi();
    openAt(lesson, 1, f.api, true);
    expect(f.calls).toEqual(['load classic-vae', 'set vae {"beta":4}', 'tab vae']);
    const g = fakeApi();
    openAt(lesson, 4, g.api, true);
    expect(g.calls).toEqual(['load gan-saturating', 'set gan {"loss":"nonSaturating"}', 'tab gan']);
    expect((g.configs[0] as typeof defaultGan2dConfig).training.maxSteps).toBe(3000);
    const h = fakeApi();
    openAt(lesson, 99, h.api, false); // a link with its own config: the lesson only shows its tab
    expect(h.calls).toEqual(['tab gan']);
  });

  it('Next waits for the step’s condition; narrations follow the values', () => {
    expect(conditionMet(lesson.steps[0]!, { 'vae.step': 9 })).toBe(false);
    expect(conditionMet(lesson.steps[0]!, { 'vae.step': 10 })).toBe(true);
    expect(conditionMet(lesson.steps[1]!, {})).toBe(true);
    expect(conditionMet(lesson.steps[4]!, { 'gan.gradNorm': 0.5 })).toBe(true);
    expect(activeNarrations(lesson.steps[1]!, { 'vae.kl': 0.5 }).map((n) => n.text)).toEqual(['small']);
    expect(activeNarrations(lesson.steps[1]!, { 'vae.kl': 2 })).toEqual([]);
  });
});

describe('live values from a fake store', () => {
  const series = (vals: number[]) =>
    appendSeries(
      emptySeries(),
      vals.map((_, i) => i + 1),
      vals,
    );

  it('VAE: the smoothed terms, −ELBO = recon + KL whatever β is, the last test result', () => {
    const applied = structuredClone(classicVaeConfig);
    applied.objective.beta = 4;
    const v = vaeValues({
      progress: {
        step: 3,
        epoch: 0,
        epochProgress: 0,
        stepsPerSec: 0,
        examplesPerSec: 0,
        etaSec: null,
        runEtaSec: null,
      },
      series: { loss: series([150, 140, 130]), recon: series([100, 90, 80]), kl: series([10, 12, 14]) },
      epochs: [{ epoch: 0, step: 3, train: {}, test: { loss: 99, kl: 7 }, seconds: 1 }],
      applied,
      snapshot: null,
    });
    // EMA with weight 0.05: 100 -> 99.5 -> 98.525; 10 -> 10.1 -> 10.295
    expect(v['vae.recon']).toBeCloseTo(98.525, 10);
    expect(v['vae.kl']).toBeCloseTo(10.295, 10);
    expect(v['vae.negElbo']).toBeCloseTo(108.82, 10);
    expect(v['vae.klPerDim']).toBeCloseTo(10.295 / 20, 10);
    expect(v['vae.beta']).toBe(4);
    expect(v['vae.step']).toBe(3);
    expect(v['vae.testLoss']).toBe(99);
    const empty = vaeValues({ progress: null, series: {}, epochs: [], applied, snapshot: null });
    expect(empty['vae.kl']).toBeNull();
    expect(empty['vae.negElbo']).toBeNull();
  });

  it('GAN: V(D, G) = −(D loss) only for a classifier D', () => {
    const cfg = structuredClone(defaultGan2dConfig);
    const s = { series: { dLoss: series([1.386]), dReal: series([0.5]) }, snapshot: null, config: cfg };
    expect(ganValues(s)['gan.value']).toBeCloseTo(-1.386, 10);
    expect(ganValues(s)['gan.classifier']).toBe(1);
    cfg.objective.loss = 'wganGp';
    expect(ganValues(s)['gan.value']).toBeNull();
    expect(ganValues(s)['gan.classifier']).toBe(0);
  });
});
