// Every variant of the VAE family as a setting of one engine (issue 9): the page's JS decoder equals the
// model's decoder for each kind of decoder, every preset trains, evaluates and snapshots without leaking
// tensors, and the objective changes live.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { classicVaeConfig, type VaeConfig } from '../../src/config/vae';
import { listPresets } from '../../src/config/presets';
import { JsDecoder } from '../../src/core/latent/jsDecoder';
import { Rng } from '../../src/core/rng';
import { Vae } from '../../src/core/vae/vae';
import type { MnistSplit } from '../../src/data/mnist';
import { decoderWeightsOf } from '../../src/engine/vaeDecoderWeights';
import { VaeExperiment } from '../../src/engine/vaeExperiment';

// WASM (tfjs's own kernels): the backend Node and most browsers train on; the categorical likelihood's
// 784 x 256 logits per digit are slow on the cpu backend.
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

function syntheticSplit(count: number, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10;
    const cx = 8 + rng.next() * 12;
    const cy = 8 + rng.next() * 12;
    for (let p = 0; p < 784; p++) {
      const d = Math.hypot((p % 28) - cx, Math.floor(p / 28) - cy);
      images[i * 784 + p] = d < 5 ? 255 : d < 7 ? Math.floor(rng.next() * 255) : 0;
    }
  }
  return { count, images, labels };
}

const model = (edit: Partial<VaeConfig['model']>): VaeConfig['model'] => ({
  ...structuredClone(classicVaeConfig.model),
  encoderHidden: [12],
  decoderHidden: [10],
  latentDim: 3,
  ...edit,
});

describe("the page's JS decoder equals the model's decoder mean", () => {
  it.each([
    ['MLP, continuous Bernoulli', model({ likelihood: 'continuous-bernoulli' })],
    ['MLP, Gaussian', model({ likelihood: 'gaussian' })],
    ['conv, Bernoulli', model({ architecture: 'conv', convChannels: [3, 5] })],
    ['conditional MLP', model({ variant: 'conditional' })],
    [
      'conditional conv, categorical',
      model({
        variant: 'conditional',
        architecture: 'conv',
        convChannels: [2, 3],
        likelihood: 'categorical',
        categoricalFeatures: 2,
      }),
    ],
    ['MLP, categorical', model({ likelihood: 'categorical', categoricalFeatures: 3 })],
    ['conditional autoregressive', model({ variant: 'conditional', decoder: 'autoregressive' })],
  ] as const)('%s', async (_, m) => {
    const vae = new Vae(m, 21);
    try {
      // Non-trivial biases, so a dropped or misplaced one shows.
      for (const v of vae.variables())
        if (v.shape.length === 1) v.assign(tf.randomNormal(v.shape, 0, 0.5, 'float32', 2));
      const w = await decoderWeightsOf(vae);
      const z = Float32Array.from({ length: 4 * 3 }, (_, i) => Math.sin(i * 1.7) * 2);
      for (const label of vae.conditional ? [0, 7] : [0]) {
        const dec = new JsDecoder(w).withLabel(label);
        expect(dec.latentDim).toBe(3);
        const mine = dec.decode(z, 4);
        const want = tf.tidy(() => {
          const c = vae.conditional
            ? tf.oneHot(tf.tensor1d([label, label, label, label], 'int32'), 10).toFloat()
            : null;
          return vae.decodeMean(tf.tensor2d(z, [4, 3]), c as tf.Tensor2D | null).dataSync();
        });
        let worst = 0;
        let spread = 0;
        for (let i = 0; i < want.length; i++) {
          worst = Math.max(worst, Math.abs(mine[i]! - want[i]!));
          spread = Math.max(spread, Math.abs(want[i]! - want[0]!));
        }
        expect(worst).toBeLessThan(2e-5);
        expect(spread).toBeGreaterThan(1e-3); // not a constant image
      }
      if (vae.conditional) {
        // the label matters
        const a = new JsDecoder(w).withLabel(1).decode(z.subarray(0, 3), 1);
        const b = new JsDecoder(w).withLabel(2).decode(z.subarray(0, 3), 1);
        expect(a.some((v, i) => Math.abs(v - b[i]!) > 1e-6)).toBe(true);
      }
    } finally {
      vae.dispose();
    }
  });
});

/** A preset's config, shrunk to train in a moment on synthetic digits (its variant settings kept). */
function shrunk(c: VaeConfig): VaeConfig {
  const s = structuredClone(c);
  s.model.encoderHidden = [16];
  s.model.decoderHidden = s.model.decoderHidden.map(() => 16);
  s.model.latentDim = Math.min(s.model.latentDim, 4);
  s.model.convChannels = [2, 3];
  s.model.categoricalFeatures = 2;
  s.model.priorComponents = Math.min(s.model.priorComponents, 4);
  s.training.batchSize = 16;
  return s;
}

const train = syntheticSplit(96, 1);
const test = syntheticSplit(40, 2);

describe('every VAE preset trains, evaluates and snapshots, leaking nothing', () => {
  const vaePresets = listPresets().filter((p) => p.config.kind === 'vae');
  it("has the issue's preset ids", () => {
    const ids = vaePresets.map((p) => p.id);
    for (const id of [
      'classic-vae',
      'vae-2d',
      'vae-beta4',
      'vae-collapse',
      'vae-mixture-2d',
      'cvae',
      'iwae-k5',
      'vae-conv',
      'vae-categorical',
    ])
      expect(ids).toContain(id);
  });

  it.each(vaePresets.map((p) => [p.id, p.config] as const))('%s', async (_, config) => {
    const before = tf.memory().numTensors;
    const c = shrunk(config as VaeConfig);
    const exp = new VaeExperiment(c, train, test);
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const o = exp.step();
      const v = await o.metrics.data();
      o.metrics.dispose();
      expect(Array.from(v).every(Number.isFinite)).toBe(true);
      expect(v.length).toBe(exp.metricNames.length);
      counts.push(tf.memory().numTensors);
    }
    expect(counts[4]).toBe(counts[1]);
    const ev = await exp.evaluate();
    for (const k of ['loss', 'recon', 'kl', 'active_units']) expect(Number.isFinite(ev[k])).toBe(true);
    if (c.objective.bound === 'iwae') {
      // the IWAE bound is at least the ELBO (up to Monte Carlo noise on 40 digits)
      expect(ev.iwae!).toBeGreaterThan(-ev.loss! - 5);
    }
    const snap = await exp.snapshot();
    const ex = snap.extras!;
    expect(ex.diagnostics.klPerDim.length).toBe(c.model.latentDim);
    expect(ex.diagnostics.klMethod).toBe(
      c.model.prior === 'mixture' || c.model.prior === 'vamp' ? 'marginal-mc' : 'closed-form',
    );
    expect(ex.diagnostics.mu.length).toBe(40 * c.model.latentDim);
    if (c.model.variant === 'conditional') {
      expect(snap.samples.count).toBe(10 * ex.classGridCols!);
      expect(ex.styleGrid!.count).toBe(10 * ex.styleSources!.count);
    } else expect(snap.samples.count).toBe(64);
    const afterSnap = tf.memory().numTensors;
    await exp.snapshot();
    await exp.evaluate();
    expect(tf.memory().numTensors).toBe(afterSnap);
    exp.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the objective changes mid-run', () => {
  it('KL warm-up: the effective beta follows the schedule, and a live change applies at the next step', async () => {
    const c = shrunk(structuredClone(classicVaeConfig));
    c.objective.warmup = 'linear';
    c.objective.warmupEpochs = 1;
    const exp = new VaeExperiment(c, train, test);
    const betaAt = async () => {
      const o = exp.step();
      const v = await o.metrics.data();
      o.metrics.dispose();
      return v[exp.metricNames.indexOf('beta')]!;
    };
    // 96 images, batch 16: step s starts at epoch (s - 1) * 16 / 96.
    expect(await betaAt()).toBe(0);
    expect(await betaAt()).toBeCloseTo(16 / 96, 6);
    exp.setParams({ beta: 2 });
    expect(await betaAt()).toBeCloseTo((2 * 32) / 96, 5);
    exp.setParams({ warmup: 'none' });
    expect(await betaAt()).toBe(2);
    // an invalid value is ignored
    exp.setParams({ warmup: 'sideways', freeBits: -1 });
    expect(exp.currentObjective.warmup).toBe('none');
    expect(exp.currentObjective.freeBits).toBe(0);
    exp.setParams({ bound: 'iwae', samples: 3, psi: 'box', psiWeight: 5 });
    expect(exp.currentObjective).toMatchObject({ bound: 'iwae', samples: 3, psi: 'box', psiWeight: 5 });
    expect(Number.isFinite(await betaAt())).toBe(true);
    exp.dispose();
  });
});
