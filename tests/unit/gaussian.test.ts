import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { diagGaussianLogDensity, gaussianLogLik, klStandardNormal } from '../../src/core/gaussian';
import { Rng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Monte Carlo estimate of KL(N(mu, diag(exp(logVar))) || N(0, I)) = E_q[log q(z) - log p(z)], in plain
 * float64 JS (no tfjs), with its standard error.
 */
function klMonteCarlo(mu: number[], logVar: number[], n: number, seed: number): { mean: number; se: number } {
  const rng = new Rng(seed);
  let sum = 0;
  let sumSq = 0;
  for (let s = 0; s < n; s++) {
    let logQ = 0;
    let logP = 0;
    for (let j = 0; j < mu.length; j++) {
      const sigma = Math.exp(logVar[j]! / 2);
      const z = mu[j]! + sigma * rng.normal();
      logQ += -0.5 * LOG_2PI - Math.log(sigma) - (z - mu[j]!) ** 2 / (2 * sigma * sigma);
      logP += -0.5 * LOG_2PI - (z * z) / 2;
    }
    const d = logQ - logP;
    sum += d;
    sumSq += d * d;
  }
  const mean = sum / n;
  const variance = sumSq / n - mean * mean;
  return { mean, se: Math.sqrt(Math.max(variance, 0) / n) };
}

function run1d(f: () => tf.Tensor): number[] {
  const t = f();
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

describe('klStandardNormal', () => {
  const cases: { mu: number[]; logVar: number[] }[] = [
    { mu: [0.5], logVar: [0] },
    { mu: [0], logVar: [1.2] },
    { mu: [-1.5], logVar: [-1] },
    { mu: [0.3, -2, 1], logVar: [0.4, -0.7, 0.1] },
    { mu: [2, 0.1], logVar: [-2, 2] },
  ];

  it.each(cases)(
    'matches a Monte Carlo estimate of E_q[log q - log p] (mu=$mu, logVar=$logVar)',
    ({ mu, logVar }) => {
      const [kl] = run1d(() => klStandardNormal(tf.tensor2d([mu]), tf.tensor2d([logVar])));
      const mc = klMonteCarlo(mu, logVar, 200_000, 12345);
      // 5 standard errors: a false failure has probability ~1e-6; a real error of a few % fails.
      expect(Math.abs(kl! - mc.mean)).toBeLessThan(5 * mc.se + 1e-4);
      expect(mc.se).toBeLessThan(0.02 * Math.max(mc.mean, 0.1));
    },
  );

  it('is 0 at mu = 0, logVar = 0 and positive elsewhere, one value per row', () => {
    const kl = run1d(() =>
      klStandardNormal(
        tf.tensor2d([
          [0, 0, 0],
          [0.1, 0, 0],
          [0, 0, 0.2],
        ]),
        tf.tensor2d([
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ]),
      ),
    );
    expect(kl).toHaveLength(3);
    expect(Math.abs(kl[0]!)).toBe(0);
    // Closed forms by hand: mu^2 / 2 and (exp(l) - 1 - l) / 2.
    expect(kl[1]).toBeCloseTo(0.005, 6);
    expect(kl[2]).toBeCloseTo(0.02, 6);
  });

  it('matches the hand formula for a variance-only shift', () => {
    const l = 0.8;
    const [kl] = run1d(() => klStandardNormal(tf.tensor2d([[0]]), tf.tensor2d([[l]])));
    expect(kl).toBeCloseTo((Math.exp(l) - 1 - l) / 2, 5);
  });
});

describe('diagGaussianLogDensity', () => {
  it('matches the hand formula sum_j log N(z_j; mu_j, exp(l_j))', () => {
    const z = [
      [0.3, -1.2, 2.0],
      [0, 0, 0],
    ];
    const mu = [
      [0.1, -1.0, 1.5],
      [0.5, -0.5, 0.2],
    ];
    const lv = [
      [0.2, -0.5, 1.1],
      [0, -3, 2],
    ];
    const got = run1d(() => diagGaussianLogDensity(tf.tensor2d(z), tf.tensor2d(mu), tf.tensor2d(lv)));
    for (let r = 0; r < 2; r++) {
      let want = 0;
      for (let j = 0; j < 3; j++) {
        const v = Math.exp(lv[r]![j]!);
        want += -0.5 * Math.log(2 * Math.PI * v) - (z[r]![j]! - mu[r]![j]!) ** 2 / (2 * v);
      }
      expect(got[r]).toBeCloseTo(want, 4);
    }
  });

  it('equals the standard normal density at mu = 0, logVar = 0', () => {
    const [got] = run1d(() =>
      diagGaussianLogDensity(tf.tensor2d([[1, 2]]), tf.zeros([1, 2]), tf.zeros([1, 2])),
    );
    expect(got).toBeCloseTo(-LOG_2PI - 2.5, 5);
  });
});

describe('gaussianLogLik', () => {
  it('matches the hand formula for an isotropic Gaussian with sigma', () => {
    const x = [
      [0.1, 0.9, 0.5, 0],
      [1, 1, 0, 0.25],
    ];
    const m = [
      [0.2, 0.7, 0.5, 0.1],
      [0.9, 0.95, 0.1, 0.3],
    ];
    for (const sigma of [0.1, 1, 2.5]) {
      const got = run1d(() => gaussianLogLik(tf.tensor2d(x), tf.tensor2d(m), sigma));
      for (let r = 0; r < 2; r++) {
        let want = 0;
        for (let j = 0; j < 4; j++) {
          want += -Math.log(sigma) - 0.5 * LOG_2PI - (x[r]![j]! - m[r]![j]!) ** 2 / (2 * sigma * sigma);
        }
        expect(got[r]).toBeCloseTo(want, 3);
      }
    }
  });
});
