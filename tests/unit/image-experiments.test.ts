import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAaeConfig, type AaeConfig } from '../../src/config/aae';
import { defaultImageGanConfig, type ImageGanConfig } from '../../src/config/imageGan';
import { listPresets } from '../../src/config/presets';
import { parseExperimentConfig } from '../../src/config/schema';
import { Rng } from '../../src/core/rng';
import type { MnistSplit } from '../../src/data/mnist';
import { AaeExperiment } from '../../src/engine/aaeExperiment';
import { ImageGanExperiment } from '../../src/engine/imageGanExperiment';
import { ImageGenerator } from '../../src/core/imagegan/networks';

// WASM, as the CLI and the page use: it has no Conv2DBackpropFilter, so this also proves the conv
// layers train there. (The cpu backend runs these convolutions about 10x slower.)
beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** Blobs of ink on black with random labels: enough for plumbing checks. */
function synthetic(count: number, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = Math.floor(rng.next() * 10);
    const cx = 8 + rng.next() * 12;
    const cy = 8 + rng.next() * 12;
    for (let p = 0; p < 784; p++)
      images[i * 784 + p] = Math.hypot((p % 28) - cx, Math.floor(p / 28) - cy) < 5 ? 255 : 0;
  }
  return { count, images, labels };
}
const train = synthetic(256, 1);
const test = synthetic(64, 2);

function smallGan(over: (c: ImageGanConfig) => void = () => {}): ImageGanConfig {
  const c = structuredClone(defaultImageGanConfig);
  c.model.noiseDim = 8;
  c.model.generator = { mlpHidden: [16], channels: 2, batchNorm: true, fullResChannels: 0 };
  c.model.discriminator = { mlpHidden: [16], channels: 2, batchNorm: true };
  c.training.batchSize = 8;
  c.monitor = { metricsEvery: 5, metricSamples: 100, timelineEvery: 3 };
  over(c);
  return c;
}

function smallAae(over: (c: AaeConfig) => void = () => {}): AaeConfig {
  const c = structuredClone(defaultAaeConfig);
  c.model = { latentDim: 2, encoderHidden: [16], decoderHidden: [16], discriminatorHidden: [16] };
  c.training.batchSize = 16;
  c.data.testSubset = 64;
  c.monitor = { metricsEvery: 5, metricSamples: 100 };
  over(c);
  return c;
}

async function stepN(e: { step(): { metrics: tf.Tensor1D } }, n: number): Promise<Float32Array> {
  let last: Float32Array = new Float32Array();
  for (let i = 0; i < n; i++) {
    const m = e.step().metrics;
    last = (await m.data()) as Float32Array;
    m.dispose();
  }
  return last;
}

describe('image configs', () => {
  it('every image preset and both defaults validate', () => {
    const ids = listPresets()
      .filter((p) => p.config.kind === 'imageGan' || p.config.kind === 'aae')
      .map((p) => p.id);
    expect(ids).toEqual(
      expect.arrayContaining(['dcgan-mnist', 'gan-mnist-collapse', 'cgan-mnist', 'aae-mixture']),
    );
    for (const p of listPresets()) expect(parseExperimentConfig(p.config).ok, p.id).toBe(true);
  });

  it('bad values are rejected with the field named', () => {
    const field = (c: unknown) => {
      const r = parseExperimentConfig(c);
      return r.ok ? '' : r.field;
    };
    const g = structuredClone(defaultImageGanConfig) as any;
    g.model.arch = 'resnet';
    expect(field(g)).toBe('model.arch');
    const a = structuredClone(defaultAaeConfig) as any;
    a.model.latentDim = 8; // a mixture prior is 2-D
    expect(field(a)).toBe('model.latentDim');
    const b = structuredClone(defaultAaeConfig) as any;
    b.prior = { kind: 'gaussian', useLabels: true };
    expect(field(b)).toBe('prior.useLabels');
  });
});

describe('ImageGanExperiment', () => {
  const live: { dispose(): void }[] = [];
  afterAll(() => live.forEach((e) => e.dispose()));

  it('keeps numTensors flat over many steps: every objective, k, unrolling, both archs, conditional, snapshots, queries', async () => {
    for (const [arch, conditional] of [
      ['dcgan', true],
      ['mlp', false],
    ] as const) {
      const e = new ImageGanExperiment(
        smallGan((c) => {
          c.model.arch = arch;
          c.model.conditional = conditional;
          if (arch === 'dcgan') c.model.generator.fullResChannels = 2;
        }),
        train,
      );
      live.push(e);
      // Optimizer state is created lazily (Adam's moments, the look-ahead's): switch and use them all first.
      e.setParams({ optG: 'rmsprop', optD: 'sgd', lrD: 0.01, unrollSteps: 1 });
      await stepN(e, 2);
      e.setParams({ unrollSteps: 0 });
      await e.snapshot();
      const before = tf.memory().numTensors;
      const losses = ['nonSaturating', 'minimax', 'lsgan', 'wgan', 'wganGp', 'hinge', 'fgan'] as const;
      let frames = 0;
      let batches = 0;
      for (let i = 0; i < 28; i++) {
        if (i % 4 === 0)
          e.setParams({
            loss: losses[(i / 4) % losses.length]!,
            dSteps: 1 + (i % 3),
            unrollSteps: i % 8 === 0 ? 1 : 0,
          });
        if (i === 10) e.setParams({ lrG: 1e-3, lrD: 0.02, maxSteps: 500, lrDecay: 'linear' });
        if (i === 20) e.setParams({ phase: 'd' });
        if (i === 22) e.setParams({ phase: 'g' });
        if (i === 24) e.setParams({ phase: 'both' });
        await stepN(e, 1);
        if (i % 3 === 0) {
          const s = await e.snapshot();
          frames += s.frames.length;
          if (s.metricBatch) batches++;
        }
      }
      const d = e.config.model.noiseDim;
      const gen = await e.query({ type: 'generate', z: new Float32Array(3 * d), labels: [1, 2, 3] });
      expect((gen.result as { pixels: Uint8ClampedArray }).pixels.length).toBe(3 * 784);
      await e.query({ type: 'samples', count: 150 });
      expect(tf.memory().numTensors).toBe(before);
      expect(frames).toBeGreaterThan(5);
      expect(batches).toBeGreaterThan(2);
    }
  });

  it('trains across the end of an epoch whose last batch is short: conditional, WGAN-GP, look-ahead', async () => {
    // 20 digits at batch 8: the third batch of each epoch has 4 left. Before the fix the conditional
    // G's concat (8 noise rows, 4 label rows) and WGAN-GP's interpolates (4 real, 8 fake) threw there.
    const e = new ImageGanExperiment(
      smallGan((c) => {
        c.model.conditional = true;
        c.objective.loss = 'wganGp';
        c.objective.unrollSteps = 1;
      }),
      synthetic(20, 3),
    );
    live.push(e);
    const m = await stepN(e, 6);
    expect(Array.from(m).every(Number.isFinite)).toBe(true);
  });

  it('the same seed gives the same samples; the fixed grid is 10 x 10 for a conditional GAN', async () => {
    const a = new ImageGanExperiment(
      smallGan((c) => (c.model.conditional = true)),
      train,
    );
    const b = new ImageGanExperiment(
      smallGan((c) => (c.model.conditional = true)),
      train,
    );
    live.push(a, b);
    await stepN(a, 3);
    await stepN(b, 3);
    const sa = await a.snapshot();
    const sb = await b.snapshot();
    expect(sa.grid.count).toBe(100);
    expect(sa.gridCols).toBe(10);
    expect(Array.from(sa.gridLabels.slice(0, 12))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(Array.from(sa.grid.pixels)).toEqual(Array.from(sb.grid.pixels));
  });

  it('Step D leaves G alone; Step G moves it (the phase seam)', async () => {
    const e = new ImageGanExperiment(
      smallGan((c) => (c.model.arch = 'mlp')),
      train,
    );
    live.push(e);
    await stepN(e, 2);
    const grid = async () => Array.from((await e.snapshot()).grid.pixels);
    const g0 = await grid();
    e.setParams({ phase: 'd' });
    await stepN(e, 2);
    expect(await grid()).toEqual(g0);
    e.setParams({ phase: 'g' });
    await stepN(e, 1);
    expect(await grid()).not.toEqual(g0);
  });

  it('rejects bad live parameters and queries with a message naming the problem', async () => {
    const e = new ImageGanExperiment(smallGan(), train);
    live.push(e);
    expect(() => e.setParams({ loss: 'gan++' })).toThrow(/loss/);
    expect(() => e.setParams({ dataset: 'ring' })).toThrow(/dataset/);
    await expect(e.query({ type: 'generate', z: [Number.NaN] })).rejects.toThrow(/finite noise/);
  });
});

describe("G's 28x28 layer", () => {
  // With F = 1 map, G's weights up to the last transposed conv are drawn from the same seeds as the
  // plain G's, so that conv's output equals the plain G's logits L. The 3x3 conv (pad 1) then sees
  // relu(L): a kernel with one tap at (1 + dy, 1 + dx) must give relu(L) shifted by (dy, dx), zero
  // past the border. Computed here on plain arrays, not with the layer's own code.
  const spec = { arch: 'dcgan' as const, conditional: false, mlpHidden: [8], channels: 2, batchNorm: false };
  const zValues = Array.from({ length: 3 * 4 }, (_, i) => 2 * Math.sin(i + 1));

  for (const [dy, dx] of [
    [0, 0],
    [1, 0],
    [0, -1],
  ] as const) {
    it(`one tap at offset (${dy}, ${dx}) gives relu of the plain G's logits shifted by it`, () => {
      const plain = new ImageGenerator(spec, 4, 5);
      const full = new ImageGenerator({ ...spec, fullResChannels: 1 }, 4, 5);
      const vars = full.variables;
      const [W, b] = vars.slice(-2) as [tf.Variable, tf.Variable];
      expect(W.shape).toEqual([3, 3, 1, 1]);
      const k = new Float32Array(9);
      k[(1 + dy) * 3 + (1 + dx)] = 1;
      W.assign(tf.tensor4d(k, [3, 3, 1, 1]));
      b.assign(tf.zeros([1]));
      const z = tf.tensor2d(zValues, [3, 4]);
      const L = tf.tidy(() => plain.logits(z, null, 'eval').arraySync());
      const got = tf.tidy(() => full.logits(z, null, 'eval').arraySync());
      z.dispose();
      let moved = 0;
      for (let n = 0; n < 3; n++)
        for (let y = 0; y < 28; y++)
          for (let x = 0; x < 28; x++) {
            const sy = y + dy;
            const sx = x + dx;
            const want = sy < 0 || sy > 27 || sx < 0 || sx > 27 ? 0 : Math.max(0, L[n]![sy * 28 + sx]!);
            expect(got[n]![y * 28 + x]).toBeCloseTo(want, 5);
            if (want !== Math.max(0, L[n]![y * 28 + x]!)) moved++;
          }
      // The shifted cases really differ from the unshifted one (the check can fail).
      expect(moved > 0).toBe(dy !== 0 || dx !== 0);
      plain.dispose();
      full.dispose();
    });
  }
});

describe("G's weight average", () => {
  it('blendFrom moves every value, running statistics included, to decay * own + (1 - decay) * source', () => {
    const spec = { arch: 'dcgan' as const, conditional: false, mlpHidden: [8], channels: 2, batchNorm: true };
    const a = new ImageGenerator(spec, 4, 1);
    const b = new ImageGenerator(spec, 4, 99);
    b.allValues.forEach((v) => v.assign(tf.add(v, 0.5))); // running stats differ too
    const before = a.allValues.map((v) => Array.from(v.dataSync()));
    const src = b.allValues.map((v) => Array.from(v.dataSync()));
    a.blendFrom(b, 0.75);
    a.allValues.forEach((v, i) => {
      const got = v.dataSync();
      got.forEach((x, j) => expect(x).toBeCloseTo(0.75 * before[i]![j]! + 0.25 * src[i]![j]!, 5));
    });
    a.dispose();
    b.dispose();
  });
});

describe('AaeExperiment', () => {
  it('keeps numTensors flat over many steps with every objective, labels and snapshots', async () => {
    const e = new AaeExperiment(
      smallAae((c) => (c.prior.useLabels = true)),
      train,
      test,
    );
    await stepN(e, 2);
    await e.snapshot();
    const before = tf.memory().numTensors;
    const losses = ['nonSaturating', 'minimax', 'lsgan', 'wgan', 'wganGp', 'hinge', 'fgan'] as const;
    for (let i = 0; i < 21; i++) {
      if (i % 3 === 0) e.setParams({ loss: losses[i / 3]!, dSteps: 1 + (i % 2) });
      if (i === 10) e.setParams({ phase: 'd' });
      if (i === 12) e.setParams({ phase: 'both', lrD: 1e-3, lrAE: 2e-3 });
      await stepN(e, 1);
      if (i % 4 === 0) await e.snapshot();
    }
    await e.evaluate();
    await e.query({ type: 'samples', count: 120 });
    expect(tf.memory().numTensors).toBe(before);
    const s = await e.snapshot();
    expect(s.codes.length).toBe(2 * 64);
    expect(s.priorZ.length).toBe(2 * 2000);
    e.dispose();
  });

  it("D's loss on codes drawn from the prior itself stays near chance (2 log 2), but not on codes from elsewhere", async () => {
    const e = new AaeExperiment(
      smallAae((c) => (c.model.discriminatorHidden = [32, 32])),
      train,
      test,
    );
    const o = { ...e.config.objective, loss: 'nonSaturating' as const };
    const rng = new Rng(5);
    e.setParams({ lrD: 1e-3 });
    const train200 = (scale: number) => {
      let loss = 0;
      for (let i = 0; i < 200; i++) {
        const real = tf.tensor2d(e.prior.sample(64, rng).z, [64, 2]);
        const fake = tf.tidy(() => tf.mul(tf.tensor2d(e.prior.sample(64, rng).z, [64, 2]), scale));
        const out = e.model.dStep(o, real, fake as tf.Tensor2D, null, null);
        if (i >= 150) loss += out.loss.dataSync()[0]! / 50;
        tf.dispose([real, fake, out.loss, out.real, out.fake]);
      }
      return loss;
    };
    // Fresh prior samples on both sides: no D can do better than guessing, loss = 2 log 2 = 1.386.
    expect(Math.abs(train200(1) - 2 * Math.log(2))).toBeLessThan(0.05);
    // Codes huddled near the origin (an encoder ignoring the prior) are easy to tell apart.
    expect(train200(0.2)).toBeLessThan(0.5);
    e.dispose();
  });
});
