import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runConstraintsMnistCli } from '../../src/cli/constraintsMnist';
import { imageMmd, inkFeasibility, inkOf, latentInkSteps } from '../../src/core/constraints/mnistInk';
import { MNIST_METHODS, MnistInkRun, type MnistInkSettings } from '../../src/core/constraints/mnistRun';
import type { Mnist } from '../../src/data/mnist';
import { Rng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => vi.restoreAllMocks());

describe('ink mass', () => {
  it('is the mean pixel intensity, by hand', () => {
    const im = new Float32Array(2 * 784);
    // Image 0: 10 pixels at 1, 20 at 0.5 -> (10 + 10) / 784. Image 1: every pixel 0.25.
    for (let p = 0; p < 10; p++) im[p] = 1;
    for (let p = 100; p < 120; p++) im[p] = 0.5;
    for (let p = 0; p < 784; p++) im[784 + p] = 0.25;
    const ink = inkOf(im);
    expect(ink.length).toBe(2);
    expect(ink[0]).toBeCloseTo(20 / 784, 10);
    expect(ink[1]).toBeCloseTo(0.25, 7);
    expect(inkFeasibility(im, 0.1)).toBe(0.5);
    expect(inkFeasibility(im, 0.02)).toBe(0);
  });
});

describe('latent steps on |z|^2/2 + w max(0, ink(f(z)) - t)', () => {
  // A tiny decoder: every pixel is sigmoid(z_0), so ink(f(z)) = sigmoid(z_0) and z_1 is unused.
  const w0 = Float32Array.from({ length: 2 * 784 }, (_, i) => (i < 784 ? 1 : 0));
  const decode = (z: tf.Tensor2D) =>
    tf.tidy(() => tf.sigmoid(tf.matMul(z, tf.tensor2d(w0, [2, 784]))) as tf.Tensor2D);

  it('gradient steps bring the ink down to t and shrink the free coordinate as (1 - eta)^K', () => {
    const t = 0.3;
    const before = tf.memory().numTensors;
    const z = latentInkSteps(decode, Float32Array.from([2, 1.5]), 2, {
      t,
      weight: 20,
      steps: 40,
      step: 0.05,
      noise: false,
      seed: 1,
    });
    expect(tf.memory().numTensors).toBe(before);
    const ink = 1 / (1 + Math.exp(-z[0]!));
    // Started at ink sigmoid(2) = 0.88; without the hinge z_0 would only decay to 2 * 0.95^40 = 0.26
    // (ink 0.56). With it, z_0 ends at the hinge's kink, logit(t) = -0.847, within one step's overshoot.
    expect(ink).toBeLessThan(t + 0.01);
    expect(ink).toBeGreaterThan(t - 0.05);
    // dU/dz_1 = z_1: z_1 <- (1 - eta) z_1 exactly.
    expect(z[1]).toBeCloseTo(1.5 * 0.95 ** 40, 5);
  });

  it('Langevin steps with w = 0 reach the unadjusted chain’s Gaussian, variance 1 / (1 - eta / 2)', () => {
    const n = 2000;
    const rng = new Rng(3);
    const z0 = Float32Array.from({ length: 2 * n }, () => 3 + rng.normal());
    const eta = 0.3;
    // Any width of decoder output works (ink is its row mean); 4 columns keep this test fast.
    const small = (zt: tf.Tensor2D) =>
      tf.tidy(() => tf.sigmoid(tf.tile(tf.slice(zt, [0, 0], [-1, 1]), [1, 4])) as tf.Tensor2D);
    const z = latentInkSteps(small, z0, 2, {
      t: 0.5,
      weight: 0,
      steps: 40,
      step: eta,
      noise: true,
      seed: 9,
    });
    let m = 0;
    let q = 0;
    for (const v of z) {
      m += v / z.length;
      q += (v * v) / z.length;
    }
    // z <- (1 - eta) z + sqrt(2 eta) xi: stationary variance 2 eta / (1 - (1 - eta)^2) = 1.176 (not 1).
    expect(Math.abs(m)).toBeLessThan(0.05);
    expect(Math.abs(q - m * m - 1 / (1 - eta / 2))).toBeLessThan(0.07);
  });
});

describe('image MMD', () => {
  it('matches a hand computation on two small sets', () => {
    const a = Float32Array.from([0, 0, 1, 0, 0, 1]);
    const b = Float32Array.from([2, 0, 0, 2]);
    const h = 0.8;
    const k = (x: number[], y: number[]) =>
      Math.exp(-((x[0]! - y[0]!) ** 2 + (x[1]! - y[1]!) ** 2) / (2 * h * h));
    const A = [
      [0, 0],
      [1, 0],
      [0, 1],
    ];
    const B = [
      [2, 0],
      [0, 2],
    ];
    let aa = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== j) aa += k(A[i]!, A[j]!) / 6;
    const bb = (2 * k(B[0]!, B[1]!)) / 2;
    let ab = 0;
    for (const x of A) for (const y of B) ab += k(x, y) / 6;
    expect(imageMmd(a, b, 2, h)).toBeCloseTo(Math.sqrt(aa + bb - 2 * ab), 5);
  });
});

function fakeMnist(count: number, seed: number): Mnist {
  const rng = new Rng(seed);
  const split = () => ({
    count,
    images: Uint8Array.from({ length: count * 784 }, () => (rng.next() < 0.12 ? 255 : 0)),
    labels: new Uint8Array(count),
  });
  return { train: split(), test: split() };
}

describe('MNIST constraint run', () => {
  it('keeps the tensor count flat while training and measuring, frees all on dispose', () => {
    const s: MnistInkSettings = {
      // An untrained decoder gives grey images (ink near 0.5): t = 0.6 lets rejection deliver some.
      t: 0.6,
      weight: 50,
      hidden: 8,
      latentDim: 2,
      steps: 12,
      batchSize: 16,
      lr: 1e-3,
      trainSubset: 0,
      samples: 8,
      langevinSteps: 3,
      langevinStep: 0.01,
      maxProposals: 2000,
      reference: 20,
    };
    const base = tf.memory().numTensors;
    const run = new MnistInkRun(s, 1, fakeMnist(64, 2));
    const counts: number[] = [];
    const methods: string[] = [];
    try {
      while (!run.finished()) {
        methods.push(...run.step().map((r) => r.method));
        counts.push(tf.memory().numTensors);
      }
    } finally {
      run.dispose();
    }
    expect(methods).toEqual([...MNIST_METHODS]);
    expect(counts[10]).toBe(counts[1]);
    // After measuring (last step) nothing is left behind either.
    expect(counts[11]).toBe(counts[1]);
    for (const r of run.results) {
      expect(r.images.length).toBe(r.n * 784);
      expect(r.n).toBeGreaterThan(0);
    }
    expect(tf.memory().numTensors).toBe(base);
  });

  it('the CLI prints one JSON line per method and seed', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((x: string | Uint8Array) => {
      lines.push(String(x));
      return true;
    });
    const code = await runConstraintsMnistCli([
      '--preset',
      'constraints-mnist-ink',
      '--seeds',
      '2',
      '--steps',
      '2',
      '--json',
      '--backend',
      'cpu',
      '--set',
      'model.hidden=8',
      '--set',
      'sampler.samples=8',
      '--set',
      'sampler.reference=20',
      '--set',
      'sampler.langevinSteps=2',
      '--set',
      'sampler.maxProposals=256',
    ]);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const recs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(recs.map((r) => `${String(r.method)}-${String(r.seed)}`)).toEqual(
      [1, 2].flatMap((s) => MNIST_METHODS.map((m) => `${m}-${s}`)),
    );
    for (const r of recs) {
      // Rejection may deliver nothing from a 2-step VAE in 256 proposals: then ink, MMD and cost are null.
      const keys =
        r.n === 0
          ? ['feasibility', 'real_feasible', 't']
          : ['feasibility', 'ink', 'divergence', 'cost', 'real_feasible', 't'];
      for (const k of keys) expect(typeof r[k]).toBe('number');
      // t = 0.11 keeps 32 % of the 10,000 test digits (counted in the preset's comment).
      expect(r.real_feasible).toBeCloseTo(0.3208, 4);
    }
  });
});
