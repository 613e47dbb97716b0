import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultGan2dConfig, type Gan2dConfig } from '../../src/config/gan2d';
import type { ExperimentConfig } from '../../src/config/schema';
import { classicVaeConfig, type VaeConfig } from '../../src/config/vae';
import { Rng } from '../../src/core/rng';
import type { MnistSplit } from '../../src/data/mnist';
import { chooseBackend } from '../../src/engine/backend';
import type { EngineClient, EngineListener } from '../../src/engine/client';
import { divergenceSentence, findDivergence, termLabel, type Divergence } from '../../src/engine/divergence';
import type { Gan2dExperiment } from '../../src/engine/gan2dExperiment';
import type { EngineEvent } from '../../src/engine/protocol';
import { RecoveringEngine } from '../../src/engine/recovery';
import { Runner, type RunnerEnv } from '../../src/engine/runner';
import { SnapshotRing } from '../../src/engine/snapshotRing';
import type { VaeExperiment } from '../../src/engine/vaeExperiment';
import type { WeightsState } from '../../src/engine/weightsProtocol';

// Recovery (issue 13): a non-finite term pauses training naming the term and the step, and a roll-back
// puts back the weights AND the optimizer state of the last good checkpoint exactly. The reference
// values are read straight from the model's variables and the optimizers (tfjs's getWeights, the flat
// optimiser's moments) before the divergence, not from the checkpoint code.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function split(count: number, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < images.length; i++) images[i] = rng.next() < 0.2 ? 255 : 0;
  return { count, images, labels: new Uint8Array(count) };
}

const env: RunnerEnv = {
  chooseBackend: (o) => chooseBackend(['cpu'], {}, o),
  loadMnist: async () => ({ train: split(64, 1), test: split(16, 2) }),
  yieldNow: () => new Promise((r) => setImmediate(r)),
  now: () => performance.now(),
};

/** An in-process engine over a Runner in Node; `idle()` waits for every command sent so far. */
function nodeEngine(runners: Runner[]) {
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
  return { make, idle: () => last };
}

async function start(config: ExperimentConfig) {
  const runners: Runner[] = [];
  const node = nodeEngine(runners);
  const events: EngineEvent[] = [];
  const diverged: { d: Divergence; to: number | null }[] = [];
  const engine = await RecoveringEngine.start(node.make, (e) => events.push(e), {
    config: () => config,
    diverged: (d, to) => diverged.push({ d, to }),
  });
  engine.send({ type: 'init', config, checkpointMs: 0 }); // a checkpoint after every step
  await node.idle();
  const exp = () => runners[runners.length - 1]!.experiment!;
  const step = async (count: number) => {
    engine.send({ type: 'step', count });
    await node.idle();
  };
  return { engine, events, diverged, exp, step, idle: node.idle };
}

const copy = async (ts: readonly tf.Tensor[]) =>
  Promise.all(ts.map(async (t) => Float32Array.from(await t.data())));

/** The VAE's parameters and its Adam's iteration count and moments, read with tfjs's own API. */
async function vaeState(exp: VaeExperiment) {
  const opt = (exp as unknown as { optimizer: tf.Optimizer }).optimizer;
  const weights = await opt.getWeights();
  const out = {
    params: await copy(exp.vae.variables()),
    iter: Array.from(await weights[0]!.tensor.data()),
    slots: await copy(weights.slice(1).map((w) => w.tensor)),
  };
  weights[0]!.tensor.dispose(); // getWeights makes a new scalar for the iteration count
  return out;
}

describe('divergence naming', () => {
  it('names the first non-finite term by step, a specific term before the total loss', () => {
    const names = ['loss', 'recon', 'kl'];
    // step 7: loss and kl are infinite (kl is the news); step 8: recon NaN (later: not reported).
    const values = [1, 2, 3, Infinity, 2, Infinity, 1, NaN, 1];
    expect(findDivergence(names, values, [6, 7, 8])).toEqual({ metric: 'kl', value: Infinity, step: 7 });
    expect(findDivergence(names, [NaN, 1, 1], [3])).toEqual({ metric: 'loss', value: NaN, step: 3 });
    expect(findDivergence(names, [1, 1, 1], [3])).toBeNull();
    const d = { metric: 'kl', term: termLabel('kl', { kind: 'vae' }), value: 'Infinity', step: 5210 };
    expect(divergenceSentence(d)).toBe('KL became Infinity at step 5,210');
    const critic = termLabel('dLoss', { kind: 'gan2d', objective: { loss: 'wgan' } });
    expect(divergenceSentence({ metric: 'dLoss', term: critic, value: 'NaN', step: 812 })).toBe(
      'Critic loss became NaN at step 812',
    );
  });

  it('a roll-back never lands on the weights that produced the bad step', () => {
    const ring = new SnapshotRing(3);
    const st = (step: number) => ({ step }) as WeightsState;
    for (const s of [10, 20, 30, 40]) ring.push(st(s));
    expect(ring.steps).toEqual([20, 30, 40]);
    // Step 41's metrics come from the weights after step 40: 40 is suspect, 30 is the last good one.
    expect(ring.rollbackTarget(41)?.step).toBe(30);
    expect(ring.rollbackTarget(45)?.step).toBe(40);
    ring.markRestored(40);
    // Diverging again before a newer checkpoint: go one further back.
    expect(ring.rollbackTarget(45)?.step).toBe(30);
    expect(ring.rollbackTarget(21)).toBeNull();
  });
});

describe('roll-back after a divergence', () => {
  it('VAE: KL overflows, training pauses at that step, roll-back restores weights and Adam exactly', async () => {
    const config = structuredClone(classicVaeConfig) as VaeConfig;
    config.model.encoderHidden = [16];
    config.model.decoderHidden = [16];
    config.model.latentDim = 3;
    config.training.batchSize = 16;
    config.data.trainSubset = 64;
    config.data.testSubset = 16;
    const r = await start(config);
    await r.step(3);
    const before = await vaeState(r.exp() as VaeExperiment);
    expect(before.iter).toEqual([3]);
    await r.step(1);
    // The injected fault: posterior means of 1e30 after step 4, so mu^2 overflows float32 in the KL.
    const poison = () => {
      const v = (r.exp() as VaeExperiment).vae.variables().find((x) => x.name === 'encoder/mu/bias')!;
      tf.tidy(() => v.assign(tf.fill(v.shape, 1e30)));
    };
    poison();
    await r.step(20);
    // Step 5's metrics come from the poisoned weights: training stops there, and the weights after
    // step 4 (which produced them) are not offered: the roll-back goes to step 3.
    expect(r.exp().progress().step).toBe(5);
    expect(r.diverged.map((x) => [x.d.metric, x.d.value, x.d.step, x.to])).toEqual([
      ['kl', 'Infinity', 5, 3],
    ]);
    const err = r.events.find((e) => e.type === 'error');
    expect(err && 'message' in err ? err.message : '').toMatch(
      /^KL became Infinity at step 5; training is paused/,
    );
    const last = r.events.filter((e) => e.type === 'status').pop();
    expect(last && 'state' in last ? last.state : '').toBe('paused');

    expect(await r.engine.rollback()).toBe(3);
    await r.idle();
    const after = await vaeState(r.exp() as VaeExperiment);
    expect(r.exp().progress().step).toBe(3);
    expect(after.iter).toEqual(before.iter);
    expect(after.params).toEqual(before.params);
    expect(after.slots.length).toBe(before.slots.length);
    expect(after.slots).toEqual(before.slots);

    // Tensors stay flat across further checkpoint / divergence / roll-back cycles.
    const counts: number[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      await r.step(3);
      poison();
      await r.step(20);
      expect(await r.engine.rollback()).not.toBeNull();
      await r.idle();
      counts.push(tf.memory().numTensors);
    }
    expect(counts[2]).toBe(counts[1]);
    r.engine.terminate();
  });

  it('2-D GAN: a NaN critic stops training at that step, roll-back restores both networks and optimisers', async () => {
    const config = structuredClone(defaultGan2dConfig) as Gan2dConfig;
    config.objective.loss = 'wgan';
    config.objective.clip = 10;
    config.generator = { layers: 2, width: 16, activation: 'relu' };
    config.discriminator = { layers: 2, width: 16, activation: 'relu', pack: 1 };
    config.training.batchSize = 32;
    const r = await start(config);
    await r.step(3);
    const exp = () => r.exp() as Gan2dExperiment;
    const read = async () => {
      const p = exp().pair;
      const st = [p.optG.state, p.optD.state];
      return {
        flat: await copy([p.G.flat, p.D.flat]),
        t: st.map((s) => s.t),
        moments: await copy(st.flatMap((s) => [s.m!, s.v!])),
      };
    };
    const before = await read();
    expect(before.t).toEqual([3, 3]);
    await r.step(1);
    // The injected fault: the critic's parameters become NaN after step 4. Step 5's D update still
    // reads the critic it computed its views from; the generator's loss through the poisoned critic is
    // the first term to go NaN.
    tf.tidy(() => exp().pair.D.flat.assign(tf.fill(exp().pair.D.flat.shape, NaN)));
    await r.step(20);
    expect(exp().progress().step).toBe(5);
    expect(r.diverged.map((x) => [x.d.term, x.d.value, x.d.step, x.to])).toEqual([
      ['generator loss', 'NaN', 5, 3],
    ]);
    expect(await r.engine.rollback()).toBe(3);
    await r.idle();
    expect(exp().progress().step).toBe(3);
    expect(await read()).toEqual(before);
    r.engine.terminate();
  });
});
