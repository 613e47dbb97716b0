import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { categoricalKlUniform, gumbelSoftmax, temperature } from '../../src/core/discrete/gumbel';
import { Rng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const K = 5;
const LOGITS = [1.5, -0.3, 0.2, 2.0, -1.0, 0.0, 0.1, -2.0, 0.5, 0.4]; // two variables of 5 categories

function uniforms(n: number, cols: number, rng: Rng): tf.Tensor2D {
  return tf.tensor2d(
    Float32Array.from({ length: n * cols }, () => rng.next()),
    [n, cols],
  );
}

describe('Gumbel-softmax', () => {
  it('samples approach one-hot vectors as the temperature goes to 0', () => {
    const n = 400;
    const rng = new Rng(1);
    const logits = tf.tile(tf.tensor2d(LOGITS, [1, 10]), [n, 1]) as tf.Tensor2D;
    const u = uniforms(n, 10, rng);
    /** Mean over rows and variables of (1 - largest entry): 0 for one-hot vectors. */
    const distance = (tau: number) =>
      tf.tidy(() => {
        const y = tf.reshape(gumbelSoftmax(logits, u, tau, K, false), [n, 2, K]);
        return 1 - tf.mean(tf.max(y, 2)).dataSync()[0]!;
      });
    const d = [10, 1, 0.1, 0.01, 0.0001].map(distance);
    expect(d[0]).toBeGreaterThan(0.5);
    for (let i = 1; i < d.length; i++) expect(d[i]).toBeLessThan(d[i - 1]!);
    expect(d[4]).toBeLessThan(1e-3);
  });

  it('the argmax of the low-temperature sample follows softmax(logits) (Gumbel-max trick)', () => {
    const n = 20000;
    const rng = new Rng(2);
    const logits = tf.tile(tf.tensor2d(LOGITS.slice(0, K), [1, K]), [n, 1]) as tf.Tensor2D;
    const y = gumbelSoftmax(logits, uniforms(n, K, rng), 0.01, K, true);
    const freq = tf.mean(y, 0).dataSync();
    const z = LOGITS.slice(0, K).map(Math.exp);
    const sum = z.reduce((a, b) => a + b, 0);
    // Binomial standard error is at most 0.0036 at n = 20,000; allow 4 of them.
    for (let k = 0; k < K; k++) expect(Math.abs(freq[k]! - z[k]! / sum)).toBeLessThan(0.015);
  });

  it('straight-through: exactly one-hot forward, the soft sample gradient backward (finite)', () => {
    const rng = new Rng(3);
    const n = 8;
    const u = uniforms(n, 10, rng);
    const w = tf.tensor2d(
      Float32Array.from({ length: n * 10 }, () => rng.normal()),
      [n, 10],
    );
    const logits = tf.tile(tf.tensor2d(LOGITS, [1, 10]), [n, 1]) as tf.Tensor2D;
    for (const tau of [1, 0.1]) {
      const hard = gumbelSoftmax(logits, u, tau, K, true).dataSync();
      for (let i = 0; i < n * 2; i++) {
        const row = Array.from(hard.subarray(i * K, i * K + K));
        expect(row.filter((v) => v === 1).length).toBe(1);
        expect(row.filter((v) => v === 0).length).toBe(K - 1);
      }
      const gHard = tf.grad((l: tf.Tensor) =>
        tf.sum(tf.mul(w, gumbelSoftmax(l as tf.Tensor2D, u, tau, K, true))),
      )(logits);
      const gSoft = tf.grad((l: tf.Tensor) =>
        tf.sum(tf.mul(w, gumbelSoftmax(l as tf.Tensor2D, u, tau, K, false))),
      )(logits);
      const a = gHard.dataSync();
      const b = gSoft.dataSync();
      let norm = 0;
      for (let i = 0; i < a.length; i++) {
        expect(Number.isFinite(a[i]!)).toBe(true);
        expect(a[i]).toBeCloseTo(b[i]!, 5);
        norm += a[i]! ** 2;
      }
      expect(norm).toBeGreaterThan(0);
    }
  });
});

describe('categorical KL to the uniform prior', () => {
  it('equals sum_k q_k log(q_k K) per variable, computed directly', () => {
    const got = categoricalKlUniform(tf.tensor2d(LOGITS, [1, 10]), K).dataSync()[0]!;
    let want = 0;
    for (let v = 0; v < 2; v++) {
      const l = LOGITS.slice(v * K, v * K + K);
      const z = l.map(Math.exp);
      const s = z.reduce((a, b) => a + b, 0);
      for (const e of z) want += (e / s) * Math.log((e / s) * K);
    }
    expect(got).toBeCloseTo(want, 5);
    // Uniform q: zero; a (nearly) one-hot q: log K per variable.
    expect(categoricalKlUniform(tf.zeros([1, 10]) as tf.Tensor2D, K).dataSync()[0]).toBeCloseTo(0, 6);
    const sharp = tf.tensor2d([[50, 0, 0, 0, 0, 0, 50, 0, 0, 0]]);
    expect(categoricalKlUniform(sharp, K).dataSync()[0]).toBeCloseTo(2 * Math.log(K), 4);
  });

  it('annealing schedule: tau0 exp(-rate step), floored at tauMin', () => {
    const g = { tau0: 1, tauMin: 0.5, rate: 1e-3 };
    expect(temperature(0, g)).toBe(1);
    expect(temperature(500, g)).toBeCloseTo(Math.exp(-0.5), 12);
    expect(temperature(10_000, g)).toBe(0.5);
  });
});
