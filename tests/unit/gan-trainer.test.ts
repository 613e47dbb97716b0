import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gLoss, gradientPenalty } from '../../src/core/gan/objectives';
import { packRows, tileRows } from '../../src/core/gan/pack';
import { GanPair, type ObjectiveSettings } from '../../src/core/gan/trainer';
import type { OptimizerSpec } from '../../src/core/gan/optim';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const adam: OptimizerSpec = { name: 'adam', lr: 0.05, beta1: 0.5, beta2: 0.9 };
const objective = (unrollSteps: number, unrollOrder: 'first' | 'second' = 'second'): ObjectiveSettings => ({
  loss: 'nonSaturating',
  fDivergence: 'js',
  gpLambda: 10,
  clip: 0.01,
  unrollSteps,
  unrollOrder,
});

/** A tiny smooth pair (tanh, so finite differences have no kinks), D's Adam moments already non-zero. */
function tinyPair(): { pair: GanPair; z: tf.Tensor2D; reals: (() => tf.Tensor2D)[] } {
  const pair = new GanPair(
    {
      noiseDim: 2,
      prior: 'gaussian',
      generator: { layers: 1, width: 4, activation: 'tanh' },
      discriminator: { layers: 1, width: 4, activation: 'tanh' },
      pack: 1,
    },
    adam,
    adam,
    11,
  );
  const z = tf.tensor2d([0.3, -1.2, 1.1, 0.4, -0.7, 0.9, 0.2, 0.1, -1.5, -0.3, 0.8, 1.4], [6, 2]);
  const realA = tf.tensor2d([1, 0.5, 1.2, 0.4, 0.9, 0.7, -1, -0.4, -1.1, -0.6, -0.8, -0.5], [6, 2]);
  const realB = tf.tensor2d([1.1, 0.3, 0.8, 0.6, 1.3, 0.5, -0.9, -0.7, -1.2, -0.3, -1, -0.5], [6, 2]);
  // Two real D updates, so that the look-ahead has moments and a step count to start from.
  for (const r of [realA, realB]) {
    const d = pair.dStep(objective(0), r, z);
    tf.dispose([d.loss, d.real, d.fake, d.gap]);
  }
  return { pair, z, reals: [() => realA.clone(), () => realB.clone()] };
}

const live: GanPair[] = [];
afterAll(() => live.forEach((p) => p.dispose()));
const make = () => {
  const t = tinyPair();
  live.push(t.pair);
  return t;
};

describe('unrolled GAN (Metz et al. 2017)', () => {
  /**
   * A one-step look-ahead of a fresh tiny pair (after `setRates`) against D's real next step (after
   * `beforeStep`): equal to 6 digits, and the step moves D by more than 1e-3 (not a no-op).
   */
  const expectLookAheadIsNextDStep = (
    setRates: (pair: GanPair) => void = () => undefined,
    beforeStep: (pair: GanPair) => void = () => undefined,
  ) => {
    const { pair, z, reals } = make();
    setRates(pair);
    const ahead = tf.tidy(() => pair.lookAhead(objective(1), z, reals, null)).dataSync();
    const before = pair.D.flat.dataSync().slice();
    beforeStep(pair);
    const d = pair.dStep(objective(0), reals[0]!(), z);
    tf.dispose([d.loss, d.real, d.fake, d.gap]);
    const after = pair.D.flat.dataSync();
    let moved = 0;
    for (let i = 0; i < after.length; i++) {
      expect(ahead[i]!).toBeCloseTo(after[i]!, 6);
      moved = Math.max(moved, Math.abs(after[i]! - before[i]!));
    }
    expect(moved).toBeGreaterThan(1e-3);
  };

  it("one look-ahead step is exactly D's next update, moments and step count included", () => {
    expectLookAheadIsNextDStep();
  });

  it("with its own rate the look-ahead is D's next update at that rate, not at D's", () => {
    expectLookAheadIsNextDStep(
      (pair) => pair.setLearningRates(0.05, 0.005, 0.05), // D's rate decayed 10x, the look-ahead's fixed
      // D's real next update at the look-ahead's rate (a step at D's decayed 0.005 would be 10x shorter)
      (pair) => pair.setLearningRates(0.05, 0.05),
    );
  });

  it("unrolling changes G's gradient compared to K = 0, and second order differs from first order", () => {
    const { pair, z, reals } = make();
    const grad = (o: ObjectiveSettings) =>
      tf.tidy(() => pair.gGradient(o, z, reals).grad).dataSync() as Float32Array;
    const g0 = grad(objective(0));
    const g1 = grad(objective(3, 'first'));
    const g2 = grad(objective(3, 'second'));
    const dist = (a: Float32Array, b: Float32Array) =>
      Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]!) ** 2, 0)) / Math.sqrt(b.reduce((s, x) => s + x * x, 0));
    expect(dist(g1, g0)).toBeGreaterThan(0.05);
    expect(dist(g2, g0)).toBeGreaterThan(0.05);
    expect(dist(g2, g1)).toBeGreaterThan(0.01);
  });

  it("second order: G's gradient through 3 look-ahead Adam steps matches finite differences", () => {
    const { pair, z, reals } = make();
    const o = objective(3, 'second');
    const analytic = tf.tidy(() => pair.gGradient(o, z, reals).grad).dataSync();
    // The same function, evaluated without any gradient: L(theta_G) = gLoss(D_K(theta_G), G(z; theta_G)).
    const lossAt = (flat: Float32Array) =>
      tf.tidy(() => {
        const g = pair.G.unpack(tf.tensor1d(flat));
        const dK = pair.D.unpack(pair.lookAhead(o, z, reals, g));
        return gLoss(
          o.loss,
          pair.D.applyWith(dK, pair.G.applyWith(g, z, true)),
          o.fDivergence,
        ).dataSync()[0]!;
      });
    const base = pair.G.flat.dataSync().slice() as Float32Array;
    let checked = 0;
    for (let i = 0; i < base.length; i++) {
      const h = 3e-3;
      const up = base.slice();
      const down = base.slice();
      up[i] = up[i]! + h;
      down[i] = down[i]! - h;
      const numeric = (lossAt(up) - lossAt(down)) / (2 * h);
      expect(Math.abs(analytic[i]! - numeric), `parameter ${i}`).toBeLessThan(
        2e-3 + 0.02 * Math.abs(numeric),
      );
      if (Math.abs(numeric) > 1e-2) checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('the look-ahead leaves D, its moments and its step count untouched', () => {
    const { pair, z, reals } = make();
    const d0 = Array.from(pair.D.flat.dataSync());
    const m0 = Array.from(pair.optD.state.m!.dataSync());
    const t0 = pair.optD.state.t;
    const g = pair.gStep(objective(3), z, reals);
    tf.dispose([g.loss, g.gradNorm]);
    expect(Array.from(pair.D.flat.dataSync())).toEqual(d0);
    expect(Array.from(pair.optD.state.m!.dataSync())).toEqual(m0);
    expect(pair.optD.state.t).toBe(t0);
  });
});

describe('WGAN-GP penalty in the D loss', () => {
  const real = () => tf.tensor2d([1, 0.5, -1, -0.4, 0.3, 1.2], [3, 2]);
  const fake = () => tf.tensor2d([0.2, 0.1, 0.5, -0.8, -1.1, 0.6], [3, 2]);
  const eps = () => tf.tensor2d([0.25, 0.5, 0.9], [3, 1]);
  const gp = (lambda: number): ObjectiveSettings => ({ ...objective(0), loss: 'wganGp', gpLambda: lambda });

  /** The penalty mean((|grad_x D(x^)| - 1)^2) with the input gradient by central finite differences. */
  function referencePenalty(pair: GanPair): number {
    const r = real().arraySync();
    const f = fake().arraySync();
    const e = eps().arraySync();
    const D = (x: number[]) =>
      tf.tidy(() => pair.D.applyWith(pair.D.unpack(pair.D.flat), tf.tensor2d([x])).dataSync()[0]!);
    let sum = 0;
    for (let i = 0; i < r.length; i++) {
      const xh = r[i]!.map((v, j) => e[i]![0]! * v + (1 - e[i]![0]!) * f[i]![j]!);
      const h = 1e-3;
      const g = [0, 1].map((j) => {
        const up = xh.slice();
        const down = xh.slice();
        up[j]! += h;
        down[j]! -= h;
        return (D(up) - D(down)) / (2 * h);
      });
      sum += (Math.hypot(g[0]!, g[1]!) - 1) ** 2;
    }
    return sum / r.length;
  }

  it('is added with weight lambda to the WGAN critic loss', () => {
    const { pair } = make();
    const loss = (o: ObjectiveSettings) =>
      tf.tidy(
        () => pair.dObjective(o, pair.D.unpack(pair.D.flat), real(), fake(), eps()).loss.dataSync()[0]!,
      );
    const wgan = loss({ ...objective(0), loss: 'wgan' });
    const ref = referencePenalty(pair);
    expect(ref).toBeGreaterThan(0.05);
    for (const lambda of [1, 3, 10]) expect(loss(gp(lambda)) - wgan).toBeCloseTo(lambda * ref, 3);
    expect(loss(gp(0))).toBeCloseTo(wgan, 6);
  });

  it("needs D's input gradient: with it switched off the penalty is a constant 1 that trains nothing", () => {
    const { pair } = make();
    const withGrad = tf.tidy(
      () =>
        tf
          .grad((flat: tf.Tensor) =>
            gradientPenalty(
              (x) => pair.D.applyWith(pair.D.unpack(flat as tf.Tensor1D), x),
              real(),
              fake(),
              eps(),
            ),
          )(pair.D.flat)
          .abs()
          .max()
          .dataSync()[0]!,
    );
    expect(withGrad).toBeGreaterThan(1e-3);
    // inputIsData = true: dense() skips the input gradient, so grad_x D = 0 and the penalty is (0 - 1)^2.
    const off = (flat: tf.Tensor) =>
      gradientPenalty(
        (x) => pair.D.applyWith(pair.D.unpack(flat as tf.Tensor1D), x, true),
        real(),
        fake(),
        eps(),
      );
    expect(tf.tidy(() => off(pair.D.flat).dataSync()[0]!)).toBeCloseTo(1, 5); // sqrt(0 + 1e-12) - 1
    // ... and it is not connected to D's weights at all: no gradient to train with.
    expect(() => tf.tidy(() => tf.grad(off)(pair.D.flat))).toThrow(/Cannot compute gradient/);
  });
});

describe('PacGAN packing', () => {
  it('puts m consecutive samples side by side in one D input and drops a remainder', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [5, 2]);
    expect(packRows(x, 2).arraySync()).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(packRows(x, 1).arraySync()).toEqual(x.arraySync());
    expect(tileRows(tf.tensor2d([1, 2], [1, 2]), 3).arraySync()).toEqual([[1, 2, 1, 2, 1, 2]]);
  });

  it('D takes 2m inputs, judges batch / m packed inputs, and trains', () => {
    const pair = new GanPair(
      {
        noiseDim: 2,
        prior: 'gaussian',
        generator: { layers: 1, width: 8, activation: 'relu' },
        discriminator: { layers: 1, width: 8, activation: 'relu' },
        pack: 3,
      },
      adam,
      adam,
      5,
    );
    expect(pair.D.shapes[0]).toEqual([6, 8]);
    const out = tf.tidy(() => pair.critic(tf.randomNormal([12, 2]) as tf.Tensor2D));
    expect(out.shape).toEqual([4, 1]);
    out.dispose();
    const before = pair.D.flat.dataSync().slice();
    const d = pair.dStep(
      objective(0),
      tf.randomNormal([12, 2]) as tf.Tensor2D,
      tf.randomNormal([12, 2]) as tf.Tensor2D,
    );
    expect(Number.isFinite(d.loss.dataSync()[0]!)).toBe(true);
    tf.dispose([d.loss, d.real, d.fake, d.gap]);
    expect(Array.from(pair.D.flat.dataSync())).not.toEqual(Array.from(before));
    pair.dispose();
  });
});
