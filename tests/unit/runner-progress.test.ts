import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../../src/config/schema';
import { chooseBackend } from '../../src/engine/backend';
import type { Experiment } from '../../src/engine/experiment';
import type { EngineEvent } from '../../src/engine/protocol';
import { registerExperiment } from '../../src/engine/registry';
import { Runner, type RunnerEnv } from '../../src/engine/runner';

// A scripted experiment on a fake clock: each step takes 50 ms and 100 examples, 10 steps an epoch,
// 4 epochs. So training runs at 20 steps/s, 2,000 examples/s, and at step s the run has (40 - s) steps
// = (40 - s) / 20 s left, the epoch (10 - s mod 10) / 20 s.
const STEP_MS = 50;
const PER_STEP = 100;
const STEPS_PER_EPOCH = 10;
const EPOCHS = 4;
const clock = { t: 0 };
/** Called after every step with the step count (the test pauses the runner from here). */
let onStep: (steps: number) => void = () => undefined;

function fakeExperiment(): Experiment {
  let steps = 0;
  return {
    config: { kind: 'fake-progress' } as unknown as ExperimentConfig,
    metricNames: ['loss'],
    step() {
      clock.t += STEP_MS;
      steps++;
      onStep(steps);
      return { metrics: tf.tensor1d([1]), examples: PER_STEP, epochEnded: steps % STEPS_PER_EPOCH === 0 };
    },
    progress: () => ({
      step: steps,
      epoch: Math.floor(steps / STEPS_PER_EPOCH),
      epochProgress: (steps % STEPS_PER_EPOCH) / STEPS_PER_EPOCH,
      examplesPerEpoch: PER_STEP * STEPS_PER_EPOCH,
      epochs: EPOCHS,
    }),
    finished: () => steps >= STEPS_PER_EPOCH * EPOCHS,
    evaluate: async () => ({}),
    snapshot: async () => ({ kind: 'fake-progress', step: steps }),
    setParams: () => undefined,
    dispose: () => undefined,
  };
}

const env: RunnerEnv = {
  chooseBackend: (override) => chooseBackend(['cpu'], {}, override),
  loadMnist: () => Promise.reject(new Error('no data here')),
  yieldNow: () => new Promise((r) => setImmediate(r)),
  now: () => clock.t,
};

type Progress = Extract<EngineEvent, { type: 'progress' }>;

async function until(pred: () => boolean): Promise<void> {
  const t0 = performance.now();
  while (!pred()) {
    if (performance.now() - t0 > 120_000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 1));
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerExperiment('fake-progress', async () => fakeExperiment());
});

describe('runner progress', () => {
  it('reports the time left in the epoch and in the whole run, and a pause does not slow the speed', async () => {
    const events: EngineEvent[] = [];
    const runner = new Runner((e) => events.push(e), env, { metricsIntervalMs: 1, snapshotIntervalMs: 1e9 });
    const progress = () => events.filter((e): e is Progress => e.type === 'progress');
    const step = () => runner.experiment?.progress().step ?? 0;
    await runner.handle({ type: 'init', config: { kind: 'fake-progress' } as unknown as ExperimentConfig });
    onStep = (s) => s === 25 && void runner.handle({ type: 'pause' });
    await runner.handle({ type: 'start' });
    await until(() => events.some((e) => e.type === 'status' && e.state === 'paused'));
    expect(step()).toBeLessThan(30);

    const rated = progress().filter((p) => p.examplesPerSec > 0);
    expect(rated.length).toBeGreaterThan(3);
    for (const p of rated) {
      expect(p.examplesPerSec).toBeCloseTo(2000, 6);
      expect(p.stepsPerSec).toBeCloseTo(20, 6);
      expect(p.etaSec).toBeCloseTo((STEPS_PER_EPOCH - (p.step % STEPS_PER_EPOCH)) / 20, 6);
      expect(p.runEtaSec).toBeCloseTo((STEPS_PER_EPOCH * EPOCHS - p.step) / 20, 6);
    }
    // Before the last epoch the two differ: the run's estimate covers the epochs still to come.
    expect(rated.some((p) => p.step < 20 && p.runEtaSec! - p.etaSec! >= 1)).toBe(true);

    // Ten minutes pass while paused; after Resume the speed is that of the steps, not of the pause.
    clock.t += 600_000;
    const before = progress().length;
    const paused = events.length;
    onStep = (s) => s === 35 && void runner.handle({ type: 'pause' });
    await runner.handle({ type: 'start' });
    await until(() => events.slice(paused).some((e) => e.type === 'status' && e.state === 'paused'));
    const after = progress()
      .slice(before)
      .filter((p) => p.examplesPerSec > 0);
    expect(after.length).toBeGreaterThan(0);
    for (const p of after) expect(p.examplesPerSec).toBeCloseTo(2000, 6);
  });
});
