import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classicVaeConfig, type VaeConfig } from '../../src/config/vae';
import { Rng } from '../../src/core/rng';
import type { Mnist, MnistSplit } from '../../src/data/mnist';
import { chooseBackend } from '../../src/engine/backend';
import type { EngineEvent } from '../../src/engine/protocol';
import { Runner, type RunnerEnv } from '../../src/engine/runner';
import { VaeExperiment } from '../../src/engine/vaeExperiment';
import type { Decoder } from '../../src/core/vae/networks';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Random "digits": blobs of bright pixels on black, so the VAE has something to fit. */
function syntheticSplit(count: number, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = Math.floor(rng.next() * 10);
    const cx = 8 + rng.next() * 12;
    const cy = 8 + rng.next() * 12;
    for (let p = 0; p < 784; p++) {
      const d = Math.hypot((p % 28) - cx, Math.floor(p / 28) - cy);
      images[i * 784 + p] = d < 5 ? 255 : d < 7 ? Math.floor(rng.next() * 255) : 0;
    }
  }
  return { count, images, labels };
}

function smallConfig(edit: Partial<{ epochs: number; lr: number; seed: number }> = {}): VaeConfig {
  const c = structuredClone(classicVaeConfig);
  c.seed = edit.seed ?? 5;
  c.model.encoderHidden = [32];
  c.model.decoderHidden = [32];
  c.model.latentDim = 4;
  c.training.batchSize = 32;
  c.training.epochs = edit.epochs ?? 1000;
  if (edit.lr) c.optimizer.lr = edit.lr;
  return c;
}

/** The Node engine platform, on cpu, with synthetic data instead of MNIST files. */
function testEnv(mnist: Mnist): RunnerEnv {
  return {
    chooseBackend: (override) => chooseBackend(['cpu'], {}, override),
    loadMnist: async () => mnist,
    yieldNow: () => new Promise((r) => setImmediate(r)),
    now: () => performance.now(),
  };
}

function harness(mnist: Mnist) {
  const events: EngineEvent[] = [];
  const runner = new Runner((e) => events.push(e), testEnv(mnist), {
    metricsIntervalMs: 5,
    snapshotIntervalMs: 20,
  });
  const state = () => {
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      if (e.type === 'status') return e.state;
    }
    return null;
  };
  const step = () => (runner.experiment ? runner.experiment.progress().step : 0);
  async function until(pred: () => boolean, what: string, ms = 240_000) {
    const t0 = performance.now();
    while (!pred()) {
      if (performance.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  return { events, runner, state, step, until };
}

const data: Mnist = { train: syntheticSplit(512, 1), test: syntheticSplit(128, 2) };
let live: Runner[] = [];
afterEach(async () => {
  for (const r of live) await r.handle({ type: 'reset', config: smallConfig() }); // leaves one experiment each
  for (const r of live) r.experiment?.dispose();
  live = [];
});

describe('engine memory: tf.memory().numTensors stays flat', () => {
  it('over 200+ steps with snapshots, evaluation, live params, pause/start and reset', async () => {
    const h = harness(data);
    live.push(h.runner);
    const before = tf.memory().numTensors;
    await h.runner.handle({ type: 'init', config: smallConfig(), backend: 'cpu' });
    expect(h.state()).toBe('ready');
    expect(h.events.some((e) => e.type === 'backend' && e.choice.name === 'cpu')).toBe(true);
    // Adam creates its moment slots on the first step; the count is flat from then on.
    await h.runner.handle({ type: 'step', count: 2 });
    const baseline = tf.memory().numTensors;
    expect(baseline).toBeGreaterThan(before);

    const counts: number[] = [];
    for (let chunk = 0; chunk < 5; chunk++) {
      await h.runner.handle({ type: 'step', count: 40 });
      await h.runner.handle({ type: 'snapshot' });
      await h.runner.handle({ type: 'evaluate' });
      await h.runner.handle({
        type: 'setParams',
        params: { lr: 1e-3 * (chunk + 1), beta: 1, batchSize: 32 },
      });
      counts.push(tf.memory().numTensors);
    }
    expect(h.step()).toBe(202);
    expect(counts).toEqual(counts.map(() => baseline));
    // every path ran: epoch ends (16 steps per epoch) with test metrics, snapshots, evaluate notices
    expect(h.events.filter((e) => e.type === 'epoch').length).toBe(12);
    expect(h.events.filter((e) => e.type === 'snapshot').length).toBeGreaterThan(10);
    expect(h.events.some((e) => e.type === 'notice' && e.message.startsWith('test:'))).toBe(true);
    expect(h.events.some((e) => e.type === 'error')).toBe(false);

    // The free-running loop, paused mid-epoch, then resumed.
    await h.runner.handle({ type: 'start' });
    await h.until(() => h.step() >= 260, 'the loop to run 60 steps');
    await h.runner.handle({ type: 'pause' });
    expect(h.state()).toBe('paused');
    const pausedAt = h.step();
    await new Promise((r) => setTimeout(r, 20));
    expect(h.step()).toBe(pausedAt); // really paused
    expect(tf.memory().numTensors).toBe(baseline);

    // Reset to a fresh experiment with the same architecture: old tensors must all be freed.
    await h.runner.handle({ type: 'reset', config: smallConfig({ seed: 6 }) });
    await h.runner.handle({ type: 'step', count: 2 });
    expect(tf.memory().numTensors).toBe(baseline);

    // Run to the epoch limit: the loop ends in 'done' and holds nothing extra.
    await h.runner.handle({ type: 'reset', config: smallConfig({ epochs: 3 }) });
    await h.runner.handle({ type: 'start' });
    await h.until(() => h.state() === 'done', "state 'done'");
    await h.runner.handle({ type: 'pause' });
    expect(h.step()).toBe(48);
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe('live parameters and NaN handling', () => {
  it('setParams changes the learning rate of the running optimizer and training continues', async () => {
    const exp = new VaeExperiment(smallConfig(), data.train, data.test);
    const read = () => Array.from((exp.vae.decoder as Decoder).out!.W.dataSync());
    const lossOf = (o: { metrics: tf.Tensor1D }) => {
      const v = o.metrics.dataSync()[0]!;
      o.metrics.dispose();
      return v;
    };
    for (let i = 0; i < 5; i++) lossOf(exp.step());
    // A vanishing rate leaves the weights unchanged to float precision...
    exp.setParams({ lr: 1e-30 });
    let w0 = read();
    lossOf(exp.step());
    let w1 = read();
    expect(w1).toEqual(w0);
    // ...a larger one moves them, and the loss stays finite over many steps.
    exp.setParams({ lr: 3e-3 });
    w0 = read();
    const losses: number[] = [];
    for (let i = 0; i < 50; i++) losses.push(lossOf(exp.step()));
    w1 = read();
    const moved = w1.reduce((m, v, i) => Math.max(m, Math.abs(v - w0[i]!)), 0);
    expect(moved).toBeGreaterThan(1e-3);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.slice(-10).reduce((a, b) => a + b) / 10).toBeLessThan(losses[0]!);
    // Invalid values are ignored rather than applied.
    exp.setParams({ lr: -1, beta: -2, batchSize: 0 });
    expect(Number.isFinite(lossOf(exp.step()))).toBe(true);
    exp.dispose();
  });

  async function expectNanPause(mnist: Mnist, edit: (r: Runner) => Promise<void>) {
    const h = harness(mnist);
    live.push(h.runner);
    await h.runner.handle({ type: 'init', config: smallConfig(), backend: 'cpu' });
    await edit(h.runner);
    await h.runner.handle({ type: 'start' });
    await h.until(() => h.events.some((e) => e.type === 'error'), 'the NaN error');
    await h.until(() => h.state() === 'paused', "state 'paused'");
    const err = h.events.find((e) => e.type === 'error') as Extract<EngineEvent, { type: 'error' }>;
    expect(err.recoverable).toBe(true);
    // The message names the term and the step (issue 13), and so does the event's divergence field.
    expect(err.message).toMatch(/became (NaN|Infinity|-Infinity) at step [\d,]+; training is paused/);
    expect(err.divergence?.step).toBeGreaterThan(0);
    const stoppedAt = h.step();
    await new Promise((r) => setTimeout(r, 30));
    expect(h.step()).toBe(stoppedAt); // the loop stopped
    // Recoverable: a reset gives a working experiment again.
    await h.runner.handle({ type: 'reset', config: smallConfig() });
    expect(h.state()).toBe('ready');
    await h.runner.handle({ type: 'step', count: 3 });
    expect(h.events.filter((e) => e.type === 'error').length).toBe(1);
  }

  it('a huge learning rate blows up into the recoverable NaN error and pauses', async () => {
    await expectNanPause(data, (r) => r.handle({ type: 'setParams', params: { lr: 1e10 } }));
  });

  it('NaN in the data gives the same recoverable error and pause', async () => {
    // Pixel data is bytes in the app; a corrupted float buffer stands in for any source of NaN.
    const bad = syntheticSplit(512, 1);
    const images = new Float32Array(bad.images);
    images[100 * 784 + 300] = Number.NaN;
    const poisoned: MnistSplit = { ...bad, images: images as unknown as Uint8Array };
    await expectNanPause({ train: poisoned, test: data.test }, async () => {});
  });
});
