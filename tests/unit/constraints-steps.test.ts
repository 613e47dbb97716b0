import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildConstraintsConfig } from '../../src/cli/constraints';
import { parseGanArgs } from '../../src/cli/gan2d';
import type { ConstraintsConfig } from '../../src/config/constraints';
import { presetConfig } from '../../src/config/presets';
import { encodeConfigHash } from '../../src/config/url';
import { validateConfig, validateConfigHash } from '../../src/config/validate';
import { ConstraintRun, type MethodResult, type Method } from '../../src/core/constraints/run';
import { runSettings } from '../../src/core/constraints/settings';

/** model.baseSteps (session 7): the base GAN's own training length, the other models' model.steps. */

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => vi.restoreAllMocks());

function tiny(steps: number, baseSteps: number): ConstraintsConfig {
  const c = presetConfig('constraints-ring-halfplane') as ConstraintsConfig;
  c.model = { ...c.model, steps, baseSteps, layers: 1, width: 8, batchSize: 32 };
  c.sampler = { samples: 100, langevinSteps: 2, langevinStep: 0.01 };
  return c;
}

/** Runs to the end; per model name, the steps it trained; the progress seen before each step. */
function drive(run: ConstraintRun) {
  const trained: Record<string, number> = {};
  const progress: number[] = [];
  const results: MethodResult[] = [];
  while (!run.finished()) {
    progress.push(run.stepsDone);
    const name = run.training!;
    results.push(...run.step());
    trained[name] = (trained[name] ?? 0) + 1;
  }
  progress.push(run.stepsDone);
  return { trained, progress, results };
}

const numbers = (r: MethodResult) => [r.method, r.feasibility, r.divergence, r.hq, r.cost, r.n];

describe('constraint lab: base GAN steps', () => {
  it('trains the base GAN baseSteps and every other model steps; progress counts to their sum', () => {
    const run = new ConstraintRun(runSettings(tiny(2, 5)), 1);
    // 5 base steps + 6 models x 2 steps.
    expect(run.totalSteps).toBe(17);
    const { trained, progress, results } = drive(run);
    expect(trained).toEqual({
      base: 5,
      filter: 2,
      penalty: 2,
      conditional: 2,
      vae: 2,
      vaeFilter: 2,
      vaePenalty: 2,
    });
    // One step forward per call, from 0 to the total, never past it.
    expect(progress).toEqual(Array.from({ length: 18 }, (_, i) => i));
    // Three routes alone print the lines they print in the run of all eleven (models trained, draws).
    const asked: Method[] = ['rejection', 'penalty', 'vaePrior'];
    const some = drive(new ConstraintRun(runSettings(tiny(2, 5)), 1, asked)).results;
    expect(some.map(numbers)).toEqual(asked.map((m) => numbers(results.find((r) => r.method === m)!)));
  });

  it("the base GAN's learning-rate schedule spans its own steps, and a --methods run reproduces the full run", () => {
    const base: Method[] = ['unconstrained', 'prior'];
    // The base GAN at 4 steps with the others at 1 equals the base GAN of a run with every model at 4: its
    // learning rate decays over baseSteps (over steps = 1 it would be 0 after the first step).
    const split = drive(new ConstraintRun(runSettings(tiny(1, 4)), 3, [...base, 'vaePrior'])).results;
    const same = drive(new ConstraintRun(runSettings(tiny(4, 4)), 3, base)).results;
    expect(split.slice(0, 2).map(numbers)).toEqual(same.map(numbers));
    // The VAE's mixture prior alone draws the same numbers as beside the base GAN's routes.
    const alone = drive(new ConstraintRun(runSettings(tiny(1, 4)), 3, ['vaePrior'])).results;
    expect(alone.map(numbers)).toEqual(split.slice(2).map(numbers));
    expect(alone[0]!.points).toEqual(split[2]!.points);
  });
});

describe('constraint lab config: baseSteps', () => {
  it('an older config without model.baseSteps loads (strict file/CLI read and link) with the default 4,000', () => {
    const old = structuredClone(presetConfig('constraints-ring-halfplane')) as Record<string, unknown>;
    const model = { ...(old.model as Record<string, unknown>) };
    delete model.baseSteps;
    old.model = { ...model, steps: 300 };
    for (const r of [
      validateConfig(old, 'run-file'),
      validateConfig(old, 'link'),
      validateConfigHash(encodeConfigHash(old as never), true)!,
    ]) {
      if (!r.ok) throw new Error(r.error.message);
      if (r.value.kind !== 'constraints') throw new Error('not a constraints config');
      expect([r.value.model.steps, r.value.model.baseSteps]).toEqual([300, 4000]);
      expect(r.dropped).toEqual([]);
    }
    expect(presetConfig('constraints-ring-halfplane')).toMatchObject({
      model: { steps: 2000, baseSteps: 4000 },
    });
    // The MNIST preset has no base GAN and keeps its own steps.
    const mnist = presetConfig('constraints-mnist-ink') as { model: Record<string, unknown> };
    expect(mnist.model.steps).toBe(300);
    expect('baseSteps' in mnist.model).toBe(false);
  });

  it('CLI: --steps sets both counts, --set model.baseSteps or model.steps one of them', () => {
    const build = (...a: string[]) =>
      buildConstraintsConfig(parseGanArgs(['--preset', 'constraints-ring-halfplane', ...a]), 1).model;
    expect([build().steps, build().baseSteps]).toEqual([2000, 4000]);
    const both = build('--steps', '700');
    expect([both.steps, both.baseSteps]).toEqual([700, 700]);
    const one = build('--steps', '700', '--set', 'model.baseSteps=900');
    expect([one.steps, one.baseSteps]).toEqual([700, 900]);
    const other = build('--set', 'model.steps=50');
    expect([other.steps, other.baseSteps]).toEqual([50, 4000]);
    expect(() => build('--set', 'model.baseSteps=0')).toThrow();
  });
});
