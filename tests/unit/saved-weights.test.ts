import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGan2dConfig, type Gan2dConfig } from '../../src/config/gan2d';
import { classicVaeConfig, type VaeConfig } from '../../src/config/vae';
import { Rng } from '../../src/core/rng';
import type { MnistSplit } from '../../src/data/mnist';
import { Gan2dExperiment } from '../../src/engine/gan2dExperiment';
import { decodeModeRecords, encodeModeRecords } from '../../src/engine/gan2dWeights';
import { VaeExperiment } from '../../src/engine/vaeExperiment';
import type { WeightsState } from '../../src/engine/weightsProtocol';
import { buildLink, parseLink } from '../../src/links/link';
import { setFastKernelsEnabled } from '../../src/core/kernels/fastKernels';
import { wasmWithFastKernels } from './fastKernelsSetup';

// Saved runs (issue 8): export and import of weights, optimizer state and place in training. The test
// is "continuing a reloaded run equals never having stopped", bit for bit, which fails if any part of
// the state (a moment, the step count, a generator state, the epoch order) is lost or misplaced.

function split(count: number, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < images.length; i++) images[i] = rng.next() < 0.2 ? 255 : 0;
  return { count, images, labels: new Uint8Array(count) };
}

function vaeConfig(): VaeConfig {
  const c = structuredClone(classicVaeConfig);
  c.model.encoderHidden = [16];
  c.model.decoderHidden = [16];
  c.model.latentDim = 3;
  c.training.batchSize = 16;
  c.data.trainSubset = 40; // epochs of 3 batches: the runs below cross epoch boundaries
  c.seed = 11;
  return c;
}

const train = split(40, 1);
const test = split(20, 2);

async function values(vars: tf.Variable[]): Promise<Float32Array[]> {
  return Promise.all(vars.map(async (v) => new Float32Array(await v.data())));
}

async function vaeRoundTrip() {
  const c = vaeConfig();
  const a = new VaeExperiment(c, train, test);
  for (let i = 0; i < 30; i++) a.step().metrics.dispose();
  const saved = (await a.query({ type: 'exportWeights' })).result as WeightsState;
  const decodeZ = tf.tensor2d([0.3, -1, 2, 0, 0.5, -0.2], [2, 3]);
  const decoded = async (e: VaeExperiment) => {
    const t = e.vae.decodeMean(decodeZ);
    const v = await t.data();
    t.dispose();
    return v;
  };
  const before = await decoded(a);
  const cont: number[] = [];
  for (let i = 0; i < 5; i++) {
    const m = a.step().metrics;
    cont.push(...(await m.data()));
    m.dispose();
  }
  const straight = await values(a.vae.variables());
  a.dispose();

  const b = new VaeExperiment(c, train, test);
  const tensorsBefore = tf.memory().numTensors;
  await b.query({ type: 'importWeights', state: saved });
  const after = await decoded(b);
  const resumed: number[] = [];
  for (let i = 0; i < 5; i++) {
    const m = b.step().metrics;
    resumed.push(...(await m.data()));
    m.dispose();
  }
  const reloaded = await values(b.vae.variables());
  const progress = b.progress();
  const tensorsAfter = tf.memory().numTensors;
  b.dispose();
  decodeZ.dispose();
  return { saved, before, after, cont, resumed, straight, reloaded, progress, tensorsBefore, tensorsAfter };
}

describe('VAE: export and import of a run', () => {
  beforeAll(async () => {
    await wasmWithFastKernels();
  });

  afterAll(() => setFastKernelsEnabled(true));

  it.each([true, false])(
    'fast kernels %s: decoder bit-identical, training continues exactly',
    async (fast) => {
      setFastKernelsEnabled(fast);
      const r = await vaeRoundTrip();
      setFastKernelsEnabled(true);
      expect(r.saved.step).toBe(30);
      expect(r.saved.optimizers[0]!.iterations).toBe(30);
      // two moments per parameter, shaped like it
      expect(r.saved.optimizers[0]!.slots.length).toBe(2 * r.saved.params.length);
      expect(Array.from(r.after)).toEqual(Array.from(r.before));
      expect(r.resumed).toEqual(r.cont);
      r.reloaded.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(r.straight[i]!)));
      // 30 + 5 steps of 3 batches an epoch: 11 epochs done, 2 batches into the 12th
      expect(r.progress.step).toBe(35);
      expect(r.progress.epoch).toBe(11);
      expect(r.progress.epochProgress).toBeCloseTo(32 / 40, 10);
    },
  );

  it('a run saved with the fused Adam loads into tfjs Adam and trains the same', async () => {
    const fused = await vaeRoundTrip();
    expect(fused.saved.optimizers[0]!.slots[0]!.name).toMatch(/\/m$/);
    // Load the fused run's state with the fast kernels off (tfjs's own Adam): the same next steps.
    setFastKernelsEnabled(false);
    const c = vaeConfig();
    const b = new VaeExperiment(c, train, test);
    // (tfjs's optimizers answer instanceof by duck typing, so ask for the class name)
    expect((b as unknown as { optimizer: tf.Optimizer }).optimizer.getClassName()).toBe('Adam');
    await b.query({ type: 'importWeights', state: fused.saved });
    const resumed: number[] = [];
    for (let i = 0; i < 5; i++) {
      const m = b.step().metrics;
      resumed.push(...(await m.data()));
      m.dispose();
    }
    b.dispose();
    setFastKernelsEnabled(true);
    // Different kernels round differently; the state carried over, so the losses agree closely.
    resumed.forEach((v, i) => expect(v).toBeCloseTo(fused.cont[i]!, 2));
  });

  it('import leaves no tensors behind, and refuses a run that has trained', async () => {
    const r = await vaeRoundTrip();
    // After import and five steps the live tensors are the model's, the optimizer's and fixed inputs.
    expect(r.tensorsAfter).toBe(r.tensorsBefore + 2 * r.saved.params.length);
    const c = vaeConfig();
    const b = new VaeExperiment(c, train, test);
    b.step().metrics.dispose();
    await expect(b.query({ type: 'importWeights', state: r.saved })).rejects.toThrow(/new run only/);
    b.dispose();
    const wrong = { ...r.saved, params: r.saved.params.slice(1) };
    const d = new VaeExperiment(c, train, test);
    await expect(d.query({ type: 'importWeights', state: wrong })).rejects.toThrow(/tensors, expected/);
    d.dispose();
  });
});

describe('the same link and seed reproduce the same run (same backend)', () => {
  it('a config that went through a link trains step for step like the original', async () => {
    const c = vaeConfig();
    const link = buildLink({ tab: 'vae', config: c });
    const parsed = parseLink(link.slice(0, link.indexOf('#')), link.slice(link.indexOf('#')));
    expect(parsed.config).toEqual(c);
    const run = async (config: VaeConfig) => {
      const e = new VaeExperiment(config, train, test);
      const out: number[] = [];
      for (let i = 0; i < 6; i++) {
        const m = e.step().metrics;
        out.push(...(await m.data()));
        m.dispose();
      }
      e.dispose();
      return out;
    };
    const a = await run(c);
    expect(await run(parsed.config as VaeConfig)).toEqual(a);
    // and the seed matters: another seed gives another run
    expect(await run({ ...c, seed: c.seed + 1 })).not.toEqual(a);
  });
});

describe('2-D GAN: export and import of a run', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  async function ganRoundTrip(c: Gan2dConfig) {
    const a = new Gan2dExperiment(c);
    for (let i = 0; i < 6; i++) a.step().metrics.dispose();
    const saved = (await a.query({ type: 'exportWeights' })).result as WeightsState;
    const before = await a.samples();
    const cont: number[] = [];
    for (let i = 0; i < 4; i++) {
      const m = a.step().metrics;
      cont.push(...(await m.data()));
      m.dispose();
    }
    a.dispose();
    const b = new Gan2dExperiment(c);
    const n0 = tf.memory().numTensors;
    await b.query({ type: 'importWeights', state: saved });
    const n1 = tf.memory().numTensors;
    const after = await b.samples();
    const resumed: number[] = [];
    for (let i = 0; i < 4; i++) {
      const m = b.step().metrics;
      resumed.push(...(await m.data()));
      m.dispose();
    }
    b.dispose();
    return { saved, before, after, cont, resumed, n0, n1 };
  }

  const small = (edit: (c: Gan2dConfig) => void) => {
    const c = structuredClone(defaultGan2dConfig);
    c.generator = { layers: 2, width: 16, activation: 'relu' };
    c.discriminator = { layers: 2, width: 16, activation: 'relu', pack: 1 };
    c.training.batchSize = 32;
    edit(c);
    return c;
  };

  it.each([
    ['adam, non-saturating', small(() => undefined)],
    ['sgd G, minimax', small((c) => ((c.objective.loss = 'minimax'), (c.optG.name = 'sgd')))],
    [
      'rmsprop, WGAN-GP, unrolled',
      small(
        (c) => (
          (c.objective.loss = 'wganGp'),
          (c.optG.name = 'rmsprop'),
          (c.optD.name = 'rmsprop'),
          (c.objective.unrollSteps = 2)
        ),
      ),
    ],
  ])('%s: samples bit-identical after reload, training continues exactly', async (_, c) => {
    const r = await ganRoundTrip(c);
    expect(r.saved.step).toBe(6);
    expect(Array.from(r.after)).toEqual(Array.from(r.before));
    expect(r.resumed).toEqual(r.cont);
    // Import allocates the optimizers' slot variables and nothing else.
    const slots = r.saved.optimizers.reduce((n, o) => n + o.slots.length, 0);
    expect(r.n1 - r.n0).toBe(slots);
  });

  it('keeps the D-update count and the modes-visited record (one record per 100 G steps)', async () => {
    const c = small((c) => (c.training.dSteps = 2));
    const a = new Gan2dExperiment(c);
    for (let i = 0; i < 100; i++) a.step().metrics.dispose();
    const saved = (await a.query({ type: 'exportWeights' })).result as WeightsState;
    const records = structuredClone(a.modeRecords);
    const visited = (await a.evaluateModes()).modes_visited;
    a.dispose();
    expect(saved.position.dUpdates).toBe(200); // 100 G steps x 2 D updates
    expect(records.map((r) => r.step)).toEqual([100]);
    const b = new Gan2dExperiment(c);
    await b.query({ type: 'importWeights', state: saved });
    expect(b.modeRecords).toEqual(records);
    expect((await b.evaluateModes()).modes_visited).toBe(visited);
    expect((await b.snapshot()).dUpdates).toBe(200);
    b.dispose();
  });

  it('mode records: the encoding keeps "no dominant mode" apart from mode 0; a cut array is refused', () => {
    const records = [
      { step: 100, captured: [0, 3], dominant: null },
      { step: 200, captured: [0], dominant: 0 },
      { step: 300, captured: [], dominant: null },
    ];
    const a = encodeModeRecords(records);
    expect(Array.from(a)).toEqual([100, 0, 2, 0, 3, 200, 1, 1, 0, 300, 0, 0]);
    expect(decodeModeRecords(a)).toEqual(records);
    expect(() => decodeModeRecords(a.subarray(0, 4))).toThrow(/runs past the end/);
  });
});
