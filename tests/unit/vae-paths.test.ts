import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { classicVaeConfig, type VaeConfig } from '../../src/config/vae';
import { LOGVAR_MAX, LOGVAR_MIN } from '../../src/core/gaussian';
import { Rng } from '../../src/core/rng';
import { ClassicVae } from '../../src/core/vae/classicVae';
import { elboTerms } from '../../src/core/vae/objective';
import type { MnistSplit } from '../../src/data/mnist';
import { VaeExperiment } from '../../src/engine/vaeExperiment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Bright blobs on black: something a small VAE can fit. */
function blobs(count: number, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) {
    const cx = 8 + rng.next() * 12;
    const cy = 8 + rng.next() * 12;
    for (let p = 0; p < 784; p++)
      images[i * 784 + p] = Math.hypot((p % 28) - cx, (p / 28) | (0 - cy)) < 5 ? 255 : 0;
  }
  return { count, images, labels: new Uint8Array(count) };
}

function small(edit: (c: VaeConfig) => void = () => {}): VaeConfig {
  const c = structuredClone(classicVaeConfig);
  c.seed = 3;
  c.model.encoderHidden = [32];
  c.model.decoderHidden = [32];
  c.model.latentDim = 3;
  c.training.batchSize = 32;
  edit(c);
  return c;
}

const LOG_2PI = Math.log(2 * Math.PI);

describe('VAE paths', () => {
  it('Gaussian likelihood: recon = -log N(x; sigmoid(decoder(z)), sigma^2 I), KL in closed form (plain JS)', () => {
    const sigma = 0.3;
    const vae = new ClassicVae(
      {
        ...classicVaeConfig.model,
        encoderHidden: [16],
        decoderHidden: [16],
        latentDim: 2,
        likelihood: 'gaussian',
        gaussianSigma: sigma,
      },
      7,
    );
    const split = blobs(3, 1);
    const x = tf.tensor2d(
      Float32Array.from(split.images, (v) => v / 255),
      [3, 784],
    );
    const eps = tf.tensor2d([0.5, -1, 1.2, 0.3, -0.7, 0.1], [3, 2]);
    const terms = elboTerms(vae, x, null, eps);
    const recon = terms.recon.arraySync();
    const kl = terms.kl.arraySync();
    const { mu, logVar } = vae.encode(x);
    const m = mu.arraySync();
    const lv = logVar.arraySync();
    const e = eps.arraySync();
    const z = m.map((row, i) => row.map((v, j) => v + Math.exp(lv[i]![j]! / 2) * e[i]![j]!));
    const mean = vae.decodeMean(tf.tensor2d(z)).arraySync();
    const xs = x.arraySync();
    for (let i = 0; i < 3; i++) {
      let sq = 0;
      for (let p = 0; p < 784; p++) sq += (xs[i]![p]! - mean[i]![p]!) ** 2;
      const want = 0.5 * 784 * LOG_2PI + 784 * Math.log(sigma) + sq / (2 * sigma * sigma);
      expect(recon[i]!).toBeCloseTo(want, 1); // ~1e3 nats in float32
      const klWant = -0.5 * lv[i]!.reduce((s, l, j) => s + 1 + l - m[i]![j]! ** 2 - Math.exp(l), 0);
      expect(kl[i]!).toBeCloseTo(klWant, 4);
    }
    expect(recon[0]! - recon[1]!).not.toBe(0);
    vae.dispose();
  });

  it('beta != 1: the training loss is recon + beta KL, beta reaches the gradient, and it changes live', async () => {
    const train = blobs(256, 2);
    const test = blobs(64, 3);
    const run = async (beta: number, steps: number) => {
      const e = new VaeExperiment(
        small((c) => (c.objective.beta = beta)),
        train,
        test,
      );
      let last: Float32Array = new Float32Array(3);
      for (let i = 0; i < steps; i++) {
        const m = e.step().metrics;
        last = (await m.data()) as Float32Array;
        m.dispose();
      }
      return { e, last };
    };
    const four = await run(4, 60);
    const [loss, recon, kl] = four.last;
    expect(loss!).toBeCloseTo(recon! + 4 * kl!, 2);
    expect(Math.abs(loss! - (recon! + kl!))).toBeGreaterThan(0.5);
    four.e.setParams({ beta: 0.5 });
    const m = four.e.step().metrics;
    const [l2, r2, k2] = (await m.data()) as Float32Array;
    m.dispose();
    expect(l2!).toBeCloseTo(r2! + 0.5 * k2!, 2);
    four.e.dispose();
    // A heavier KL weight buys a smaller KL (same seed, same data, same steps).
    const one = await run(1, 60);
    expect(kl!).toBeLessThan(0.8 * one.last[2]!);
    one.e.dispose();
  });

  it('the encoder log-variance is clamped so exp() stays finite in float16', () => {
    const F16_MAX = 65504;
    expect(Math.exp(LOGVAR_MAX)).toBeLessThan(F16_MAX / 1.9); // room for the KL's sums
    expect(Math.exp(LOGVAR_MIN)).toBeGreaterThan(2 ** -24); // above float16's smallest subnormal
    const vae = new ClassicVae(
      {
        ...classicVaeConfig.model,
        encoderHidden: [8],
        decoderHidden: [8],
        latentDim: 2,
        likelihood: 'bernoulli',
        gaussianSigma: 1,
      },
      5,
    );
    // Blow up the log-variance head: its raw output is far beyond +/- 1000.
    vae.encoder.logVar.W.assign(tf.fill(vae.encoder.logVar.W.shape, 1e3));
    vae.encoder.logVar.b.assign(tf.tensor1d([1e5, -1e5]));
    const { logVar } = vae.encode(tf.ones([2, 784]));
    for (const v of logVar.dataSync()) expect(Math.abs(v)).toBeLessThanOrEqual(Math.fround(LOGVAR_MAX));
    expect(Math.max(...logVar.dataSync())).toBe(Math.fround(LOGVAR_MAX));
    expect(Math.min(...logVar.dataSync())).toBe(Math.fround(LOGVAR_MIN));
    vae.dispose();
  });
});
