import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { classicVaeConfig, type VaeConfig } from '../../src/config/vae';
import { Vae } from '../../src/core/vae/vae';
import { estimateLogPx, LogPxAccumulator, meanWithError } from '../../src/core/vae/logPx';
import { iwaeBound } from '../../src/core/vae/iwae';
import { elboTerms } from '../../src/core/vae/objective';
import { Rng } from '../../src/core/rng';

// The quadrature decodes a 241 x 241 grid per digit: the wasm backend does it several times faster than cpu.
beforeAll(async () => {
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
  await tf.ready();
});

/** Run with a fresh tiny model, disposed afterwards even when an expectation fails (names are global). */
async function withModel(fn: (vae: Vae) => void | Promise<void>): Promise<void> {
  const vae = model();
  try {
    await fn(vae);
  } finally {
    vae.dispose();
  }
}

function model(edit: Partial<VaeConfig['model']> = {}): Vae {
  const m = {
    ...structuredClone(classicVaeConfig).model,
    encoderHidden: [16],
    decoderHidden: [16],
    latentDim: 2,
    ...edit,
  };
  return new Vae(m, 3);
}

/** Images a small random decoder gives fairly high probability: its own means at a few prior draws. */
function images(vae: Vae, n: number): Float32Array {
  return tf
    .tidy(
      () =>
        vae.decodeMean(tf.randomNormal([n, 2], 0, 1, 'float32', 9) as tf.Tensor2D).dataSync() as Float32Array,
    )
    .slice();
}

/**
 * log p(x) of a 2-D latent model by quadrature: sum over a fine grid of p(x|z) p(z) dz, in float64 via
 * log-sum-exp of the grid's log terms. Independent of q and of the importance sampler.
 */
function logPxByQuadrature(vae: Vae, x: Float32Array, side = 241, half = 7): number {
  const h = (2 * half) / (side - 1);
  const zs = new Float32Array(side * side * 2);
  for (let i = 0; i < side; i++)
    for (let j = 0; j < side; j++) {
      zs[2 * (i * side + j)] = -half + i * h;
      zs[2 * (i * side + j) + 1] = -half + j * h;
    }
  const logTerms = tf.tidy(() => {
    const z = tf.tensor2d(zs, [side * side, 2]);
    const out = vae.decodeOutput(z);
    const xs = tf.tile(tf.tensor2d(x, [1, 784]), [side * side, 1]) as tf.Tensor2D;
    return tf.add(vae.likelihood.logProb(xs, out), vae.prior.logDensity(z)).dataSync();
  });
  let m = -Infinity;
  for (const v of logTerms) m = Math.max(m, v);
  let s = 0;
  for (const v of logTerms) s += Math.exp(v - m);
  return m + Math.log(s) + 2 * Math.log(h);
}

describe('importance-sampled log p(x)', () => {
  it('matches log p(x) by quadrature on a 2-D latent (K = 5,000); IWAE(5) stays below it', async () => {
    const vae = model();
    try {
      const x = images(vae, 3);
      const est = (await estimateLogPx(vae, x, null, 5000, { seed: 1 }))!;
      // 100 independent IWAE(5) estimates per digit: their mean is the bound L_5 <= log p(x).
      const R = 100;
      const rep = new Float32Array(R * 3 * 784);
      for (let r = 0; r < R; r++) rep.set(x, r * 3 * 784);
      const iwae = (await estimateLogPx(vae, rep, null, 5, { seed: 2 }))!;
      for (let i = 0; i < 3; i++) {
        const exact = logPxByQuadrature(vae, x.subarray(i * 784, (i + 1) * 784));
        // An untrained encoder is a poor proposal; with 5,000 samples the estimate is still within a nat.
        expect(Math.abs(est[i]! - exact)).toBeLessThan(1);
        const b = meanWithError(Array.from({ length: R }, (_, r) => iwae[r * 3 + i]!));
        expect(exact - b.mean).toBeGreaterThan(3 * b.se);
      }
    } finally {
      vae.dispose();
    }
  });

  it('combines chunks exactly: two chunks of log-sums equal one chunk of all samples', () => {
    const acc = new LogPxAccumulator(2);
    const w = [
      [-3, -1, -2, -10],
      [1000, 999, 1001, 998],
    ];
    const lse = (a: number[]) => {
      const m = Math.max(...a);
      return m + Math.log(a.reduce((s, v) => s + Math.exp(v - m), 0));
    };
    acc.add([lse(w[0]!.slice(0, 3)), lse(w[1]!.slice(0, 3))], 3);
    acc.add([w[0]![3]!, w[1]![3]!], 1);
    const e = acc.estimates();
    expect(e[0]).toBeCloseTo(lse(w[0]!) - Math.log(4), 10);
    expect(e[1]).toBeCloseTo(lse(w[1]!) - Math.log(4), 10);
    expect(acc.samples).toBe(4);
  });

  it('can be cancelled between chunks', async () => {
    const vae = model();
    const x = images(vae, 2);
    let chunks = 0;
    try {
      const r = await estimateLogPx(vae, x, null, 5000, {
        seed: 2,
        onProgress: () => chunks++,
        cancelled: () => chunks >= 1,
      });
      expect(r).toBeNull();
      expect(chunks).toBe(1);
    } finally {
      vae.dispose();
    }
  });
});

describe('the IWAE bound', () => {
  it('with k = 1 equals the ELBO in expectation (Monte Carlo KL vs closed-form KL)', () =>
    withModel((vae) => {
      const x = images(vae, 4);
      const S = 4000;
      const { iw, el } = tf.tidy(() => {
        const xs = tf.tensor2d(x, [4, 784]);
        const eps = tf.randomNormal([S * 4, 2], 0, 1, 'float32', 11) as tf.Tensor2D;
        // S independent k = 1 bounds per digit: the S draws stacked as S "examples" of each digit.
        const xr = tf.tile(xs, [S, 1]) as tf.Tensor2D;
        const lw = vae.logWeights(vae.pass(xr, null, eps)); // [1, S * 4]
        const iw1 = tf.reshape(iwaeBound(lw), [S, 4]);
        const e = elboTerms(vae, xr, null, eps).elbo;
        return { iw: iw1.arraySync() as number[][], el: tf.reshape(e, [S, 4]).arraySync() as number[][] };
      });
      for (let j = 0; j < 4; j++) {
        const a = meanWithError(iw.map((r) => r[j]!));
        const b = meanWithError(el.map((r) => r[j]!));
        // Same eps, so the difference is the KL's Monte Carlo noise only (mean zero).
        const d = meanWithError(iw.map((r, i) => r[j]! - el[i]![j]!));
        expect(Math.abs(d.mean)).toBeLessThan(4 * d.se + 1e-3);
        expect(Math.abs(a.mean - b.mean)).toBeLessThan(4 * Math.hypot(a.se, b.se));
      }
    }));

  it('grows with k on the same model (k = 1 < 5 < 50 in expectation)', () =>
    withModel((vae) => {
      const x = images(vae, 8);
      const bound = (k: number, seed: number) =>
        tf.tidy(() => {
          const xs = tf.tensor2d(x, [8, 784]);
          const R = 200;
          const xr = tf.tile(xs, [R, 1]) as tf.Tensor2D;
          const eps = tf.randomNormal([k * R * 8, 2], 0, 1, 'float32', seed) as tf.Tensor2D;
          return meanWithError(Array.from(iwaeBound(vae.logWeights(vae.pass(xr, null, eps))).dataSync()));
        });
      const b1 = bound(1, 1);
      const b5 = bound(5, 2);
      const b50 = bound(50, 3);
      expect(b5.mean - b1.mean).toBeGreaterThan(3 * Math.hypot(b1.se, b5.se));
      expect(b50.mean - b5.mean).toBeGreaterThan(3 * Math.hypot(b5.se, b50.se));
    }));
});

describe('meanWithError', () => {
  it('gives the mean and sd / sqrt(n)', () => {
    const r = new Rng(1);
    const v = Array.from({ length: 10000 }, () => 3 + 2 * r.normal());
    const m = meanWithError(v);
    expect(m.mean).toBeCloseTo(3, 1);
    expect(m.se).toBeCloseTo(2 / 100, 2);
  });
});
