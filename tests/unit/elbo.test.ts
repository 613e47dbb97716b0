import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { elbo, meanTerms } from '../../src/core/elbo';
import {
  diagGaussianLogDensity,
  gaussianLogLik,
  klStandardNormal,
  reparameterize,
} from '../../src/core/gaussian';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function values(t: tf.Tensor): number[] {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

describe('elbo() and meanTerms()', () => {
  it('ELBO = log-lik - beta * KL, recon = -log-lik, per example', () => {
    const logLik = [-3, -5, -0.25];
    const kl = [1, 2, 0.5];
    for (const beta of [1, 0.5, 0, 4]) {
      const t = elbo(tf.tensor1d(logLik), tf.tensor1d(kl), beta);
      const e = values(t.elbo);
      const r = values(t.recon);
      const k = values(t.kl);
      for (let i = 0; i < 3; i++) {
        expect(e[i]).toBeCloseTo(logLik[i]! - beta * kl[i]!, 5);
        expect(r[i]).toBeCloseTo(-logLik[i]!, 5);
        expect(k[i]).toBeCloseTo(kl[i]!, 5);
      }
    }
  });

  it('beta defaults to 1', () => {
    const e = values(elbo(tf.tensor1d([-2]), tf.tensor1d([3])).elbo);
    expect(e[0]).toBeCloseTo(-5, 6);
  });

  it('meanTerms averages over the batch; loss = -mean ELBO', () => {
    const m = meanTerms(elbo(tf.tensor1d([-3, -5]), tf.tensor1d([1, 2]), 0.5));
    // elbo = [-3.5, -6] -> loss 4.75; recon mean 4; kl mean 1.5
    expect(m.loss.shape).toEqual([]);
    expect(values(m.loss)[0]).toBeCloseTo(4.75, 5);
    expect(values(m.recon)[0]).toBeCloseTo(4, 5);
    expect(values(m.kl)[0]).toBeCloseTo(1.5, 5);
  });
});

/**
 * A model whose evidence is known exactly: p(z) = N(0, 1), p(x|z) = N(w z + b, s^2), so
 * p(x) = N(b, w^2 + s^2) and the posterior is N(w (x - b) / (w^2 + s^2), s^2 / (w^2 + s^2)).
 */
describe('ELBO <= log p(x) on a 1-D linear-Gaussian model', () => {
  const w = 1.7;
  const b = 0.4;
  const s = 0.6;
  const xs = [-1.3, 0.4, 2.2];
  const logPx = (x: number) =>
    -0.5 * Math.log(2 * Math.PI * (w * w + s * s)) - (x - b) ** 2 / (2 * (w * w + s * s));
  const posterior = (x: number) => ({ m: (w * (x - b)) / (w * w + s * s), v: (s * s) / (w * w + s * s) });
  /** E_q[log p(x|z)] for q = N(m, v), by hand. */
  const expectedLogLik = (x: number, m: number, v: number) =>
    -0.5 * Math.log(2 * Math.PI * s * s) - ((x - b - w * m) ** 2 + w * w * v) / (2 * s * s);
  /** KL(N(m, v) || N(mp, vp)): the ELBO's gap to log p(x) when (mp, vp) is the exact posterior. */
  const klGauss = (m: number, v: number, mp: number, vp: number) =>
    0.5 * (Math.log(vp / v) + (v + (m - mp) ** 2) / vp - 1);

  function closedFormElbo(qs: { m: number; v: number }[]): number[] {
    const logLik = tf.tensor1d(xs.map((x, i) => expectedLogLik(x, qs[i]!.m, qs[i]!.v)));
    const mu = tf.tensor2d(qs.map((q) => [q.m]));
    const lv = tf.tensor2d(qs.map((q) => [Math.log(q.v)]));
    const t = elbo(logLik, klStandardNormal(mu, lv));
    tf.dispose([logLik, mu, lv, t.kl, t.recon]);
    return values(t.elbo);
  }

  it('equals log p(x) when q is the exact posterior (closed form)', () => {
    const e = closedFormElbo(xs.map(posterior));
    xs.forEach((x, i) => expect(e[i]).toBeCloseTo(logPx(x), 4));
  });

  it('is strictly lower, by KL(q || posterior), for a wrong q (closed form)', () => {
    const wrong = xs.map((x) => {
      const p = posterior(x);
      return { m: p.m + 0.5, v: p.v * 2.5 };
    });
    const e = closedFormElbo(wrong);
    xs.forEach((x, i) => {
      const p = posterior(x);
      const gap = klGauss(wrong[i]!.m, wrong[i]!.v, p.m, p.v);
      expect(gap).toBeGreaterThan(0.2);
      expect(e[i]).toBeLessThan(logPx(x) - 0.1);
      expect(logPx(x) - e[i]!).toBeCloseTo(gap, 3);
    });
  });

  /** Monte Carlo ELBO with the repo's functions: z = reparameterize(mu, logVar, eps), log-lik by gaussianLogLik. */
  function monteCarlo(x: number, m: number, v: number, n: number, seed: number) {
    return tf.tidy(() => {
      const mu = tf.fill([n, 1], m) as tf.Tensor2D;
      const lv = tf.fill([n, 1], Math.log(v)) as tf.Tensor2D;
      const eps = tf.randomNormal([n, 1], 0, 1, 'float32', seed) as tf.Tensor2D;
      const z = reparameterize(mu, lv, eps);
      const mean = tf.add(tf.mul(w, z), b) as tf.Tensor2D;
      const logLik = gaussianLogLik(tf.fill([n, 1], x) as tf.Tensor2D, mean, s);
      const t = elbo(logLik, klStandardNormal(mu, lv));
      const est = meanTerms(t);
      // Per-sample log p(x|z) + log p(z) - log q(z): constant = log p(x) when q is the exact posterior.
      const logPz = diagGaussianLogDensity(z, tf.zerosLike(mu), tf.zerosLike(lv));
      const logQz = diagGaussianLogDensity(z, mu, lv);
      const weight = tf.sub(tf.add(logLik, logPz), logQz);
      const { variance } = tf.moments(t.elbo);
      return {
        elbo: -est.loss.dataSync()[0]!,
        se: Math.sqrt(variance.dataSync()[0]! / n),
        weightMin: tf.min(weight).dataSync()[0]!,
        weightMax: tf.max(weight).dataSync()[0]!,
      };
    });
  }

  it('Monte Carlo: exact q gives log p(x), and every importance weight equals p(x)', () => {
    xs.forEach((x, i) => {
      const p = posterior(x);
      const r = monteCarlo(x, p.m, p.v, 100_000, 17 + i);
      expect(Math.abs(r.elbo - logPx(x))).toBeLessThan(5 * r.se + 1e-3);
      expect(r.weightMin).toBeCloseTo(logPx(x), 3);
      expect(r.weightMax).toBeCloseTo(logPx(x), 3);
    });
  });

  it('Monte Carlo: a wrong q gives a strictly lower ELBO, lower by the expected gap', () => {
    xs.forEach((x, i) => {
      const p = posterior(x);
      const m = p.m - 0.8;
      const v = p.v * 0.3;
      const gap = klGauss(m, v, p.m, p.v);
      const r = monteCarlo(x, m, v, 100_000, 99 + i);
      expect(r.elbo).toBeLessThan(logPx(x) - gap / 2);
      expect(Math.abs(logPx(x) - r.elbo - gap)).toBeLessThan(5 * r.se + 1e-3);
    });
  });
});
