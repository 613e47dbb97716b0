import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAaeConfig, type AaeConfig } from '../../src/config/aae';
import { defaultImageGanConfig, type ImageGanConfig } from '../../src/config/imageGan';
import type { ExperimentConfig } from '../../src/config/schema';
import { Rng } from '../../src/core/rng';
import type { MnistSplit } from '../../src/data/mnist';
import type { AaeExperiment } from '../../src/engine/aaeExperiment';
import { chooseBackend } from '../../src/engine/backend';
import type { EngineClient, EngineListener } from '../../src/engine/client';
import { suggestFix, type Divergence } from '../../src/engine/divergence';
import type { ImageGanExperiment } from '../../src/engine/imageGanExperiment';
import type { EngineEvent } from '../../src/engine/protocol';
import { RecoveringEngine } from '../../src/engine/recovery';
import { Runner, type RunnerEnv } from '../../src/engine/runner';

// Roll-back for the image lab (issue 12 with issue 13's item 1): a non-finite term pauses an image GAN
// or an adversarial autoencoder, and a roll-back puts back every network value AND every optimizer's
// state of the last good checkpoint exactly. The reference values are read with tfjs's own API (the
// variables, Optimizer.getWeights) before the fault, not through the checkpoint code; the image GAN
// is also checked against a run that never diverged.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function split(count: number, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < images.length; i++) images[i] = rng.next() < 0.2 ? 255 : 0;
  return { count, images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10) };
}

const env: RunnerEnv = {
  chooseBackend: (o) => chooseBackend(['cpu'], {}, o),
  loadMnist: async () => ({ train: split(64, 1), test: split(16, 2) }),
  yieldNow: () => new Promise((r) => setImmediate(r)),
  now: () => performance.now(),
};

/** A RecoveringEngine over an in-process Runner; `idle()` waits for every command sent so far. */
async function start(config: ExperimentConfig) {
  const runners: Runner[] = [];
  let last: Promise<void> = Promise.resolve();
  const make = (listener: EngineListener): EngineClient => {
    const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    let next = 1;
    const runner = new Runner((e: EngineEvent) => {
      if (e.type === 'queryResult' || e.type === 'queryError') {
        const w = waiting.get(e.id)!;
        waiting.delete(e.id);
        if (e.type === 'queryResult') w.resolve(e.result);
        else w.reject(new Error(e.message));
      } else listener(e);
    }, env);
    runners.push(runner);
    return {
      location: 'in-process',
      send: (cmd) => void (last = runner.handle(cmd)),
      query: <T>(query: { type: string }, opts?: { inOrder?: boolean }) => {
        const id = next++;
        const p = new Promise<unknown>((resolve, reject) => waiting.set(id, { resolve, reject }));
        last = runner.handle({ type: 'query', id, query, inOrder: opts?.inOrder });
        return p as Promise<T>;
      },
      terminate: () => void runner.handle({ type: 'dispose' }),
    };
  };
  const events: EngineEvent[] = [];
  const diverged: { d: Divergence; to: number | null }[] = [];
  const engine = await RecoveringEngine.start(make, (e) => events.push(e), {
    config: () => config,
    diverged: (d, to) => diverged.push({ d, to }),
  });
  engine.send({ type: 'init', config, checkpointMs: 0 }); // a checkpoint after every step
  const idle = () => last;
  await idle();
  const step = async (count: number) => {
    engine.send({ type: 'step', count });
    await idle();
  };
  return { engine, events, diverged, exp: () => runners[runners.length - 1]!.experiment!, step, idle };
}

const copy = async (ts: readonly tf.Tensor[]) =>
  Promise.all(ts.map(async (t) => Float32Array.from(await t.data())));

/** Each optimizer's iteration count and slots, as tfjs's getWeights gives them. */
async function optimizerState(opts: tf.Optimizer[]) {
  const out = [];
  for (const o of opts) {
    const [iter, ...slots] = await o.getWeights();
    out.push({ iter: (await iter!.tensor.data())[0], slots: await copy(slots.map((s) => s.tensor)) });
    iter!.tensor.dispose();
  }
  return out;
}

function tinyGan(): ImageGanConfig {
  const c = structuredClone(defaultImageGanConfig);
  // An MLP GAN keeps the test to seconds; the saved values are the same kinds as a DCGAN's (weights,
  // batch-norm running statistics, the averaged G), and the checkpoint code never looks at the arch.
  c.model.arch = 'mlp';
  c.model.noiseDim = 4;
  c.model.generator = { mlpHidden: [8], channels: 2, batchNorm: true, fullResChannels: 0 };
  c.model.discriminator = { mlpHidden: [8, 8], channels: 2, batchNorm: true };
  c.model.generatorEma = 0.9;
  c.objective.unrollSteps = 1; // D's look-ahead optimizer carries moments too
  c.training.batchSize = 8;
  c.training.maxSteps = 1000;
  c.training.lrDecay = 'linear';
  c.monitor = { metricsEvery: 0, metricSamples: 100, timelineEvery: 0 };
  return c;
}

/** Every value of the image GAN and its three optimizers' state, read from the objects themselves. */
async function ganState(exp: ImageGanExperiment) {
  const p = exp.pair;
  return {
    step: exp.progress().step,
    G: await copy(p.G.allValues),
    D: await copy(p.D.variables),
    Gema: await copy(p.Gema!.allValues),
    emaSteps: p.emaSteps,
    opts: await optimizerState([p.optG, p.optD, p.optUnroll]),
  };
}

describe('image lab roll-back after a divergence', () => {
  it('image GAN: a NaN discriminator pauses at that step; roll-back restores every value and optimizer', async () => {
    const config = tinyGan();
    // The reference: the same run, five steps, never diverging.
    const clean = await start(config);
    await clean.step(5);
    const cleanAt5 = await ganState(clean.exp() as ImageGanExperiment);
    clean.engine.terminate();

    const r = await start(config);
    const exp = () => r.exp() as ImageGanExperiment;
    await r.step(3);
    const before = await ganState(exp());
    expect(before.opts.map((o) => o.iter)).toEqual([3, 3, 3]);
    expect(before.opts[0]!.slots.length).toBe(2 * exp().pair.G.variables.length); // Adam: m and v
    await r.step(1);
    const poison = () => {
      const v = exp().pair.D.variables[0]!;
      tf.tidy(() => v.assign(tf.fill(v.shape, NaN)));
    };
    poison();
    await r.step(20);
    // Step 5's D update reads the poisoned D first: its loss is the first non-finite term. The weights
    // after step 4 produced it, so the roll-back goes to step 3.
    expect(exp().progress().step).toBe(5);
    expect(r.diverged.map((x) => [x.d.term, x.d.value, x.d.step, x.to])).toEqual([
      ['discriminator loss', 'NaN', 5, 3],
    ]);
    expect(await r.engine.rollback()).toBe(3);
    await r.idle();
    expect(await ganState(exp())).toEqual(before);

    // Generator state and epoch order came back too: two more steps land where the clean run is.
    await r.step(2);
    expect(await ganState(exp())).toEqual(cleanAt5);

    // Tensors stay flat across further checkpoint / divergence / roll-back cycles.
    const counts: number[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      await r.step(2);
      poison();
      await r.step(20);
      expect(await r.engine.rollback()).not.toBeNull();
      await r.idle();
      counts.push(tf.memory().numTensors);
    }
    expect(counts[2]).toBe(counts[1]);
    r.engine.terminate();
  });

  it('AAE: a NaN encoder pauses at that step; roll-back restores the three networks and three optimizers', async () => {
    const config = structuredClone(defaultAaeConfig) as AaeConfig;
    config.model = { latentDim: 2, encoderHidden: [8], decoderHidden: [8], discriminatorHidden: [8] };
    config.data.testSubset = 16;
    config.training.batchSize = 8;
    config.monitor.metricsEvery = 0;
    const r = await start(config);
    const exp = () => r.exp() as AaeExperiment;
    const read = async () => {
      const m = exp().model;
      const v = m.optimizerVariables();
      return {
        step: exp().progress().step,
        values: await copy([...v.ae, ...v.d]),
        opts: await optimizerState([m.optAE, m.optG, m.optD]),
      };
    };
    await r.step(3);
    const before = await read();
    expect(before.opts.map((o) => o.iter)).toEqual([3, 3, 3]);
    await r.step(1);
    const w = exp().model.enc[0]!.W;
    tf.tidy(() => w.assign(tf.fill(w.shape, NaN)));
    await r.step(20);
    expect(exp().progress().step).toBe(5);
    expect(r.diverged.map((x) => [x.d.term, x.d.value, x.d.step, x.to])).toEqual([
      ['the reconstruction term', 'NaN', 5, 3],
    ]);
    expect(await r.engine.rollback()).toBe(3);
    await r.idle();
    expect(await read()).toEqual(before);
    r.engine.terminate();
  });

  it('offers to halve the learning rates of both image families', () => {
    expect(suggestFix(tinyGan())).toEqual({
      label: 'halve both learning rates',
      params: { lrG: 1e-4, lrD: 1e-4 },
    });
    expect(suggestFix(defaultAaeConfig)).toEqual({
      label: 'halve all three learning rates',
      params: { lrAE: 5e-4, lrG: 1e-4, lrD: 1e-4 },
    });
  });
});
