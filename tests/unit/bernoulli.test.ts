import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bernoulliLogLikFromLogits } from '../../src/core/bernoulli';
import { Rng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function logLik(x: number[][], logits: number[][]): number[] {
  const t = bernoulliLogLikFromLogits(tf.tensor2d(x), tf.tensor2d(logits));
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

/** The textbook formula in float64: sum_i x_i log s_i + (1 - x_i) log(1 - s_i), s = sigmoid(l). */
function naive(x: number[], l: number[]): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const s = 1 / (1 + Math.exp(-l[i]!));
    sum += x[i]! * Math.log(s) + (1 - x[i]!) * Math.log(1 - s);
  }
  return sum;
}

describe('bernoulliLogLikFromLogits', () => {
  it('matches the naive formula on safe inputs, binary and grey-level x', () => {
    const rng = new Rng(3);
    const rows = 6;
    const cols = 50;
    const x: number[][] = [];
    const l: number[][] = [];
    for (let r = 0; r < rows; r++) {
      // Rows 0-2 binary pixels, rows 3-5 grey levels in [0, 1] (as pytorch/examples feeds MNIST).
      x.push(Array.from({ length: cols }, () => (r < 3 ? (rng.next() < 0.5 ? 0 : 1) : rng.next())));
      l.push(Array.from({ length: cols }, () => (rng.next() * 2 - 1) * 8));
    }
    const got = logLik(x, l);
    expect(got).toHaveLength(rows);
    for (let r = 0; r < rows; r++) {
      const want = naive(x[r]!, l[r]!);
      expect(want).toBeLessThan(-1); // a real test: the values are far from 0
      expect(Math.abs(got[r]! - want)).toBeLessThan(1e-5 * Math.abs(want) + 1e-4);
    }
  });

  it('gives log 0.5 per pixel at logit 0 whatever x is', () => {
    const got = logLik([[0, 1, 0.3, 0.8]], [[0, 0, 0, 0]]);
    expect(got[0]).toBeCloseTo(4 * Math.log(0.5), 5);
  });

  it('is finite with the right limits at huge logits (+-1e4, +-80)', () => {
    // For |l| large: log p(x_i) -> -(max(l, 0) - l x) exactly, i.e. 0 when the logit agrees with x,
    // -|l| when it disagrees, and -(relu(l) - l x) for grey levels.
    const x = [[1, 0, 1, 0, 0.25, 0.25, 1, 0, 0.5]];
    const l = [[1e4, -1e4, -1e4, 1e4, 1e4, -1e4, 80, 80, -80]];
    const perPixel = x[0]!.map((xi, i) => logLik([[xi]], [[l[0]![i]!]])[0]!);
    for (const v of perPixel) expect(Number.isFinite(v)).toBe(true);
    const want = [0, 0, -1e4, -1e4, -7500, -2500, 0, -80, -40];
    perPixel.forEach((v, i) =>
      expect(Math.abs(v - want[i]!)).toBeLessThan(1e-3 * Math.max(1, Math.abs(want[i]!))),
    );
    // and the row sum is the sum of the pixels
    expect(logLik(x, l)[0]).toBeCloseTo(
      want.reduce((a, b) => a + b, 0),
      0,
    );
  });

  it('has finite gradients at huge logits (training cannot NaN on saturated pixels)', () => {
    const g = tf.tidy(() => {
      const x = tf.tensor2d([[1, 0, 1, 0]]);
      const f = (l: tf.Tensor) => tf.sum(bernoulliLogLikFromLogits(x, l as tf.Tensor2D));
      return tf.grad(f)(tf.tensor2d([[1e4, -1e4, -1e4, 1e4]]));
    });
    const v = Array.from(g.dataSync());
    g.dispose();
    // d/dl log p = x - sigmoid(l)
    const want = [0, 0, 1, -1];
    v.forEach((gi, i) => expect(gi).toBeCloseTo(want[i]!, 5));
  });
});
