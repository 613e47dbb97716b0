import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { reparameterize } from '../../src/core/gaussian';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MU = [
  [0.3, -0.8, 1.1],
  [0.0, 0.5, -1.4],
];
const LV = [
  [-0.4, 0.2, 0.7],
  [0.1, -1.0, 0.3],
];
const EPS = [
  [1.2, -0.6, 0.4],
  [-1.5, 0.9, 0.2],
];
const C = [
  [1.0, -0.5, 2.0],
  [0.7, 1.5, -1.2],
];

/** A smooth non-linear scalar of z: f(z) = sum_ij c_ij tanh(z_ij) + 0.1 z_ij^2. */
function f(z: tf.Tensor): tf.Scalar {
  return tf.sum(tf.add(tf.mul(tf.tensor2d(C), tf.tanh(z)), tf.mul(0.1, tf.square(z))));
}

function fAt(mu: number[][], lv: number[][]): number {
  return tf.tidy(() => f(reparameterize(tf.tensor2d(mu), tf.tensor2d(lv), tf.tensor2d(EPS))).dataSync()[0]!);
}

function autodiff(): { dMu: number[][]; dLv: number[][] } {
  const [gMu, gLv] = tf.tidy(() =>
    tf.grads((mu: tf.Tensor, lv: tf.Tensor) =>
      f(reparameterize(mu as tf.Tensor2D, lv as tf.Tensor2D, tf.tensor2d(EPS))),
    )([tf.tensor2d(MU), tf.tensor2d(LV)]),
  );
  const out = { dMu: gMu!.arraySync() as number[][], dLv: gLv!.arraySync() as number[][] };
  tf.dispose([gMu!, gLv!]);
  return out;
}

function centralDiff(which: 'mu' | 'lv', h: number): number[][] {
  return MU.map((row, i) =>
    row.map((_, j) => {
      const shift = (a: number[][], d: number) =>
        a.map((r, ii) => r.map((v, jj) => (ii === i && jj === j ? v + d : v)));
      const plus = which === 'mu' ? fAt(shift(MU, h), LV) : fAt(MU, shift(LV, h));
      const minus = which === 'mu' ? fAt(shift(MU, -h), LV) : fAt(MU, shift(LV, -h));
      return (plus - minus) / (2 * h);
    }),
  );
}

describe('reparameterize gradients', () => {
  // float32: with h = 1e-2 the truncation error is ~h^2 f''' ~ 1e-4 and rounding ~1e-7 * |f| / h ~ 1e-4.
  const tol = 3e-3;

  it('the forward value is mu + exp(logVar / 2) * eps', () => {
    const z = tf.tidy(
      () => reparameterize(tf.tensor2d(MU), tf.tensor2d(LV), tf.tensor2d(EPS)).arraySync() as number[][],
    );
    z.forEach((row, i) =>
      row.forEach((v, j) => expect(v).toBeCloseTo(MU[i]![j]! + Math.exp(LV[i]![j]! / 2) * EPS[i]![j]!, 5)),
    );
  });

  it('d f / d mu matches central finite differences', () => {
    const g = autodiff().dMu;
    const fd = centralDiff('mu', 1e-2);
    g.forEach((row, i) =>
      row.forEach((v, j) => expect(Math.abs(v - fd[i]![j]!)).toBeLessThan(tol * Math.max(1, Math.abs(v)))),
    );
  });

  it('d f / d logVar matches central finite differences', () => {
    const g = autodiff().dLv;
    const fd = centralDiff('lv', 1e-2);
    g.forEach((row, i) =>
      row.forEach((v, j) => expect(Math.abs(v - fd[i]![j]!)).toBeLessThan(tol * Math.max(1, Math.abs(v)))),
    );
  });

  it("both gradients match the chain rule by hand: f'(z) and f'(z) * sigma * eps / 2", () => {
    const { dMu, dLv } = autodiff();
    MU.forEach((row, i) =>
      row.forEach((m, j) => {
        const sigma = Math.exp(LV[i]![j]! / 2);
        const z = m + sigma * EPS[i]![j]!;
        const fp = C[i]![j]! * (1 - Math.tanh(z) ** 2) + 0.2 * z;
        expect(dMu[i]![j]).toBeCloseTo(fp, 4);
        expect(dLv[i]![j]).toBeCloseTo((fp * sigma * EPS[i]![j]!) / 2, 4);
      }),
    );
  });
});
