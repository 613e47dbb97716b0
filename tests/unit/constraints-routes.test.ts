import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/core/gan/datasets';
import { ConditionalGan } from '../../src/core/constraints/condGan';
import { constrainedTarget } from '../../src/core/constraints/target';
import { fitLatentMixture, sampleLatentMixture } from '../../src/core/constraints/latentMixture';
import type { Constraint } from '../../src/core/constraints/shapes';
import { Vae2d, VAE_SIGMA_X } from '../../src/core/constraints/vae2d';
import { vaeMixturePriorSample } from '../../src/core/constraints/vaePrior';
import { Rng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), written out here, independent of the code tested. */
function erf(x: number): number {
  const s = Math.sign(x);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return s * y;
}
const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

describe('(b) VAE with the posterior-regularised ELBO (lecture 000 eq. 18)', () => {
  it('matches the closed form for a linear encoder and decoder and a half-plane penalty', () => {
    const c: Constraint = {
      shape: { kind: 'halfPlane', nx: 0, ny: 1, offset: 0.5 },
      mode: 'hard',
      lambda: 3,
    };
    const ds = makeDataset('ring');
    // layers = 0: one dense layer each, so q(z|x) and f(z) are affine and every term has a closed form.
    const vae = new Vae2d({ layers: 0, width: 1, lr: 1e-3, batchSize: 8, steps: 1 }, ds, 1, null, c);
    // Encoder W (2 x 4, row-major: columns mu1, mu2, logvar1, logvar2) and b (4); decoder W (2 x 2) and b (2).
    const We = [0.5, -0.2, 0.3, -0.4, 0.1, 0.7, -0.6, 0.2];
    const be = [0.05, -0.1, -1.0, -0.5];
    const Wd = [0.12, -0.05, 0.08, 0.15];
    const bd = [0.2, 0.55];
    vae.enc.flat.assign(tf.tensor1d([...We, ...be]));
    vae.dec.flat.assign(tf.tensor1d([...Wd, ...bd]));
    vae.enc.changed();
    vae.dec.changed();
    const x = [0.3, -0.2];
    const N = 40_000;
    const rng = new Rng(5);
    const eps = tf.tensor2d(
      Float32Array.from({ length: 2 * N }, () => rng.normal()),
      [N, 2],
    );
    const xs = tf.tensor2d(
      Float32Array.from({ length: 2 * N }, (_, i) => x[i % 2]!),
      [N, 2],
    );
    const t = vae.terms(vae.enc.views(), vae.dec.views(), xs, eps);
    const got = {
      recon: t.recon.dataSync()[0]!,
      kl: t.kl.dataSync()[0]!,
      psi: t.psi.dataSync()[0]!,
      loss: t.loss.dataSync()[0]!,
    };
    tf.dispose([eps, xs, t.recon, t.kl, t.psi, t.loss]);

    // Closed forms, in plain arithmetic.
    const h = [0, 1, 2, 3].map((j) => x[0]! * We[j]! + x[1]! * We[4 + j]! + be[j]!);
    const mu = [h[0]!, h[1]!];
    const v = [Math.exp(h[2]!), Math.exp(h[3]!)];
    const kl = 0.5 * [0, 1].reduce((s, j) => s + v[j]! + mu[j]! ** 2 - 1 - Math.log(v[j]!), 0);
    // f = z Wd + bd, z ~ N(mu, diag v): mean m_k = mu . Wd[:, k] + bd_k, var s2_k = sum_j v_j Wd[j, k]^2.
    const m = [0, 1].map((k) => mu[0]! * Wd[k]! + mu[1]! * Wd[2 + k]! + bd[k]!);
    const s2 = [0, 1].map((k) => v[0]! * Wd[k]! ** 2 + v[1]! * Wd[2 + k]! ** 2);
    const sx2 = VAE_SIGMA_X ** 2;
    const sq = [0, 1].reduce((s, k) => s + (x[k]! - m[k]!) ** 2 + s2[k]!, 0);
    const recon = -Math.log(2 * Math.PI * sx2) - sq / (2 * sx2);
    // psi = distance of f to {y >= 0.5} = max(0, 0.5 - f_y), f_y ~ N(m_1, s2_1): E = d Phi(d/s) + s phi(d/s).
    const s = Math.sqrt(s2[1]!);
    const d = 0.5 - m[1]!;
    const psi = d * Phi(d / s) + s * phi(d / s);
    expect(got.kl).toBeCloseTo(kl, 4);
    expect(Math.abs(got.recon - recon)).toBeLessThan(0.1);
    expect(Math.abs(got.psi - psi)).toBeLessThan(0.002);
    expect(Math.abs(got.loss - -(recon - kl - 3 * psi))).toBeLessThan(0.1);
    // The penalty is on, and its expectation differs from phi at the mean code (max(0, d)) by more than the
    // tolerance: psi is averaged over q, not evaluated at mu.
    expect(psi).toBeGreaterThan(0.03);
    expect(psi - Math.max(0, d)).toBeGreaterThan(0.01);
    vae.dispose();
  });
});

describe('(c) mixture prior fitted to the feasible codes', () => {
  it('reproduces a truncated normal (identity generator, half-plane y >= 0.5)', () => {
    const rng = new Rng(11);
    const a = 0.5;
    const kept: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const z0 = rng.normal();
      const z1 = rng.normal();
      if (z1 >= a) kept.push(z0, z1);
    }
    const mix = fitLatentMixture(kept, 2, 8, rng);
    expect(mix.weights.length).toBe(8);
    expect(mix.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 10);
    const n = 40_000;
    const z = sampleLatentMixture(mix, n, rng);
    let m0 = 0;
    let m1 = 0;
    let q0 = 0;
    let q1 = 0;
    let inC = 0;
    for (let i = 0; i < n; i++) {
      m0 += z[2 * i]!;
      m1 += z[2 * i + 1]!;
      q0 += z[2 * i]! ** 2;
      q1 += z[2 * i + 1]! ** 2;
      if (z[2 * i + 1]! >= a) inC++;
    }
    m0 /= n;
    m1 /= n;
    // Truncated standard normal on [a, inf): mean L = phi(a) / (1 - Phi(a)), variance 1 + a L - L^2.
    const L = phi(a) / (1 - Phi(a));
    expect(Math.abs(m1 - L)).toBeLessThan(0.03);
    expect(Math.abs(q1 / n - m1 * m1 - (1 + a * L - L * L))).toBeLessThan(0.03);
    expect(Math.abs(m0)).toBeLessThan(0.03);
    expect(Math.abs(q0 / n - m0 * m0 - 1)).toBeLessThan(0.05);
    // The Gaussians' tails spill over the edge: a prior fit is weak control, not a guarantee.
    expect(inC / n).toBeLessThan(0.99);
    expect(inC / n).toBeGreaterThan(0.8);
  });
});

describe('(c) VAE with a mixture prior on the feasible codes', () => {
  it('matches the closed form for a linear encoder and decoder (truncated-normal data, y >= 0.5)', () => {
    const ds = makeDataset('ring');
    const vae = new Vae2d({ layers: 0, width: 1, lr: 1e-3, batchSize: 8, steps: 1 }, ds, 1, null, null);
    // q(z|x) = N(2x, e^-1 I): encoder W (2 x 4, columns mu1, mu2, logvar1, logvar2), b. f(z) = 0.5 z + (0.1, 0.2).
    vae.enc.flat.assign(tf.tensor1d([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, -1, -1]));
    vae.dec.flat.assign(tf.tensor1d([0.5, 0, 0, 0.5, 0.1, 0.2]));
    vae.enc.changed();
    vae.dec.changed();
    const rng = new Rng(21);
    const a = 0.5;
    const kept: number[] = [];
    while (kept.length < 2 * 20_000) {
      const x0 = rng.normal();
      const x1 = rng.normal();
      if (x1 >= a) kept.push(x0, x1);
    }
    const n = 40_000;
    const x = vaeMixturePriorSample(vae, Float32Array.from(kept), 8, n, rng);
    vae.dispose();
    const mean = [0, 0];
    const sq = [0, 0];
    for (let i = 0; i < n; i++)
      for (let k = 0; k < 2; k++) {
        mean[k]! += x[2 * i + k]! / n;
        sq[k]! += x[2 * i + k]! ** 2 / n;
      }
    // Feasible data: x0 ~ N(0, 1), x1 truncated to [a, inf) (mean L, variance 1 + aL - L^2). The codes
    // z = 2x + e^-0.5 eps; the mixture fitted to them keeps their mean and variance (within + between
    // clusters); decoded x' = 0.5 z + b_d + sigma_x eps', so mean(x') = x's mean + b_d and
    // var(x') = var(x) + 0.25 e^-1 + sigma_x^2.
    const L = phi(a) / (1 - Phi(a));
    const extra = 0.25 * Math.exp(-1) + VAE_SIGMA_X ** 2;
    expect(Math.abs(mean[0]! - 0.1)).toBeLessThan(0.03);
    expect(Math.abs(mean[1]! - (L + 0.2))).toBeLessThan(0.03);
    expect(Math.abs(sq[0]! - mean[0]! ** 2 - (1 + extra))).toBeLessThan(0.05);
    expect(Math.abs(sq[1]! - mean[1]! ** 2 - (1 + a * L - L * L + extra))).toBeLessThan(0.03);
  });
});

describe('(d) conditional GAN given c = feasible', () => {
  const spec = {
    loss: 'wganGp' as const,
    layers: 2,
    width: 32,
    noiseDim: 2,
    lr: 2e-3,
    batchSize: 64,
    steps: 150,
  };
  const ds = makeDataset('ring');

  it('labels real points with the tilt: hard 1{y >= 0.5}, soft at the rate the grid target keeps', () => {
    const hard: Constraint = {
      shape: { kind: 'halfPlane', nx: 0, ny: 1, offset: 0.5 },
      mode: 'hard',
      lambda: 2,
    };
    const soft: Constraint = { ...hard, mode: 'soft' };
    const g = new ConditionalGan(spec, ds, 3, hard);
    const b = g.realBatch(4000);
    for (let i = 0; i < 4000; i++) expect(b.c[i]).toBe(b.x[2 * i + 1]! >= 0.5 ? 1 : 0);
    g.dispose();
    const gs = new ConditionalGan(spec, ds, 4, soft);
    const s = gs.realBatch(20_000);
    const rate = s.c.reduce((a, v) => a + v, 0) / 20_000;
    // keptMass: sum over grid cells of p(cell) exp(-lambda phi(centre)) / sum p(cell), computed from the exact
    // cell masses of the mixture; binomial sd of the rate is about 0.0035.
    expect(Math.abs(rate - constrainedTarget(ds, soft).keptMass)).toBeLessThan(0.015);
    gs.dispose();
  });
});
