import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../../src/config/schema';
import { chooseBackend } from '../../src/engine/backend';
import type { Experiment } from '../../src/engine/experiment';
import type { EngineEvent } from '../../src/engine/protocol';
import { registerExperiment } from '../../src/engine/registry';
import { Runner } from '../../src/engine/runner';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** An experiment whose loss is 1, 2, 3, ... and NaN from step `nanAt` on. */
function countingExperiment(nanAt: number): Experiment {
  let step = 0;
  return {
    config: { kind: 'nan-test' } as unknown as ExperimentConfig,
    metricNames: ['loss'],
    step() {
      step++;
      return { metrics: tf.tensor1d([step >= nanAt ? NaN : step]), examples: 1, epochEnded: false };
    },
    progress: () => ({ step, epoch: 0, epochProgress: 0, examplesPerEpoch: 1000 }),
    finished: () => false,
    evaluate: async () => ({}),
    snapshot: async () => ({ kind: 'nan-test', step }),
    setParams() {},
    dispose() {},
  };
}

describe('the step command', () => {
  it('with a count > 1 stops at the first non-finite loss and says so', async () => {
    registerExperiment('nan-test', async () => countingExperiment(4));
    const events: EngineEvent[] = [];
    const runner = new Runner((e) => events.push(e), {
      chooseBackend: (o) => chooseBackend(['cpu'], {}, o),
      loadMnist: () => Promise.reject(new Error('no data needed')),
      yieldNow: () => new Promise((r) => setImmediate(r)),
      now: () => performance.now(),
    });
    // A long metrics interval: without a read-back per step the NaN would only be seen at the end.
    await runner.handle({ type: 'init', config: { kind: 'nan-test' } as unknown as ExperimentConfig });
    await runner.handle({ type: 'step', count: 50 });
    expect(runner.experiment!.progress().step).toBe(4);
    const error = events.find((e) => e.type === 'error');
    expect(error && 'message' in error ? error.message : '').toMatch(
      /^The loss became NaN at step 4; training is paused/,
    );
    const last = events.filter((e) => e.type === 'status').pop();
    expect(last && 'state' in last ? last.state : '').toBe('paused');
    const steps = events.flatMap((e) => (e.type === 'metrics' ? Array.from(e.steps) : []));
    expect(steps).toEqual([1, 2, 3, 4]);
  });
});
