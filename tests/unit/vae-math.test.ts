// The VAE family's maths against closed forms and independent float64 computations (issue 9).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { logAddExp, logMeanExp, logSumExp } from '../../src/core/logSumExp';
import { klDiagonalGaussians, componentLogDensities } from '../../src/core/vae/priors/diagonalGaussian';
import { mixtureLogDensity } from '../../src/core/vae/priors/mixture';
import { learnedGaussianPrior } from '../../src/core/vae/priors/learnedGaussian';
import {
  bernoulliLikelihood,
  binarize,
  binarizedBernoulliLikelihood,
} from '../../src/core/vae/likelihoods/bernoulli';
import {
  continuousBernoulliLikelihood,
  continuousBernoulliMean,
  logNormalizer,
} from '../../src/core/vae/likelihoods/continuousBernoulli';
import { gaussianLikelihood } from '../../src/core/vae/likelihoods/gaussian';
import { categoricalLikelihood } from '../../src/core/vae/likelihoods/categorical';
import { continuousBernoulliMean as jsCbMean } from '../../src/core/latent/jsDecoder';
import { freeBitsKl, freeBitsTotalKl } from '../../src/core/vae/freeBits';
import { warmupFactor } from '../../src/core/vae/warmup';
import { psiBox, psiInk } from '../../src/core/vae/posteriorRegularization';
import { Rng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rng = new Rng(77);
const arr = (t: tf.Tensor) => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};
const LOG2PI = Math.log(2 * Math.PI);
const logNormal = (z: number, m: number, lv: number) => -0.5 * (LOG2PI + lv + (z - m) ** 2 / Math.exp(lv));

describe('log-sum-exp', () => {
  it('is finite and exact at +/-1e4, where exp() alone overflows or underflows', () => {
    const rows = [
      [1e4, 1e4 - 1, 1e4 - 50],
      [-1e4, -1e4 + 2, -1e4 - 3],
      [1e4, -1e4, 0],
    ];
    const got = arr(logSumExp(tf.tensor2d(rows), 1));
    rows.forEach((r, i) => {
      const m = Math.max(...r);
      const want = m + Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0));
      expect(Number.isFinite(got[i]!)).toBe(true);
      // float32 resolves 1e4 to about 1e-3
      expect(Math.abs(got[i]! - want)).toBeLessThan(2e-3);
    });
    // naive tf.log(tf.sum(tf.exp(x))) is not finite there
    expect(arr(tf.log(tf.sum(tf.exp(tf.tensor1d(rows[0]!)))))[0]).toBe(Infinity);
    expect(arr(tf.log(tf.sum(tf.exp(tf.tensor1d(rows[1]!)))))[0]).toBe(-Infinity);
  });

  it('gives -Infinity (not NaN) for an all -Infinity row, along either axis, and logMeanExp subtracts log k', () => {
    const x = tf.tensor2d([
      [-Infinity, -Infinity],
      [0, Math.log(3)],
    ]);
    expect(arr(logSumExp(x, 1))).toEqual([-Infinity, expect.closeTo(Math.log(4), 6)]);
    expect(arr(logSumExp(x, 0))[1]).toBeCloseTo(Math.log(3), 6);
    expect(arr(logMeanExp(x, 1))[1]).toBeCloseTo(Math.log(2), 6);
    x.dispose();
  });

  it('has the softmax as its gradient, at +/-1e4 too', () => {
    const v = [1e4, 1e4 - 1, 1e4 - 2];
    const g = arr(tf.grad((x: tf.Tensor) => logSumExp(x, 0))(tf.tensor1d(v)));
    const e = [1, Math.exp(-1), Math.exp(-2)];
    const s = e.reduce((a, b) => a + b);
    g.forEach((gi, i) => expect(gi).toBeCloseTo(e[i]! / s, 5));
  });

  it('logAddExp combines in float64', () => {
    expect(logAddExp(1e4, 1e4)).toBeCloseTo(1e4 + Math.LN2, 9);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logAddExp(-1e4, -1e4 - 1)).toBeCloseTo(-1e4 + Math.log1p(Math.exp(-1)), 9);
  });
});

describe('KL of diagonal Gaussians: closed form vs Monte Carlo', () => {
  /** E_q[log q(z) - log p(z)] from S draws, in float64, with its standard error. */
  function mcKl(mu1: number[], lv1: number[], mu2: number[], lv2: number[], S: number) {
    const vals: number[] = [];
    for (let s = 0; s < S; s++) {
      let d = 0;
      mu1.forEach((m, j) => {
        const z = m + Math.exp(0.5 * lv1[j]!) * rng.normal();
        d += logNormal(z, m, lv1[j]!) - logNormal(z, mu2[j]!, lv2[j]!);
      });
      vals.push(d);
    }
    const mean = vals.reduce((a, b) => a + b) / S;
    const sd = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / (S - 1));
    return { mean, se: sd / Math.sqrt(S) };
  }

  it('to a standard normal', () => {
    const mu = [0.3, -1.2, 2];
    const lv = [-0.5, 0.7, -2];
    const closed = arr(tf.sum(klDiagonalGaussians(tf.tensor1d(mu), tf.tensor1d(lv), 0, 0)))[0]!;
    const mc = mcKl(mu, lv, [0, 0, 0], [0, 0, 0], 200_000);
    expect(Math.abs(closed - mc.mean)).toBeLessThan(4 * mc.se);
    expect(closed).toBeGreaterThan(1); // not a trivial value
  });

  it('to another diagonal Gaussian (the learned prior), per dimension', () => {
    const mu = [0.3, -1.2];
    const lv = [-0.5, 0.7];
    const m2 = [1, 0.5];
    const s2 = [0.4, -1];
    const perDim = arr(
      klDiagonalGaussians(tf.tensor1d(mu), tf.tensor1d(lv), tf.tensor1d(m2), tf.tensor1d(s2)),
    );
    for (let j = 0; j < 2; j++) {
      const mc = mcKl([mu[j]!], [lv[j]!], [m2[j]!], [s2[j]!], 200_000);
      expect(Math.abs(perDim[j]! - mc.mean)).toBeLessThan(4 * mc.se);
    }
    // The learned-Gaussian prior uses the same closed form with its own parameters.
    const prior = learnedGaussianPrior(2);
    prior.variables()[0]!.assign(tf.tensor2d([m2]));
    prior.variables()[1]!.assign(tf.tensor2d([s2]));
    const got = arr(prior.klPerDim(tf.tensor2d([mu]), tf.tensor2d([lv])));
    got.forEach((v, j) => expect(v).toBeCloseTo(perDim[j]!, 5));
    const logp = arr(prior.logDensity(tf.tensor2d([[0.1, -0.2]])))[0]!;
    expect(logp).toBeCloseTo(logNormal(0.1, 1, 0.4) + logNormal(-0.2, 0.5, -1), 4);
    prior.dispose();
  });
});

describe('mixture prior', () => {
  it('log-density equals a brute-force sum over components', () => {
    const K = 4;
    const d = 3;
    const means = Array.from({ length: K * d }, () => 2 * rng.normal());
    const logVars = Array.from({ length: K * d }, () => rng.normal() * 0.5);
    const w = [0.1, 0.2, 0.3, 0.4];
    const zs = Array.from({ length: 5 * d }, () => 3 * rng.normal());
    const got = arr(
      tf.tidy(() =>
        mixtureLogDensity(tf.tensor2d(zs, [5, d]), {
          logWeights: tf.log(tf.tensor1d(w)),
          means: tf.tensor2d(means, [K, d]),
          logVars: tf.tensor2d(logVars, [K, d]),
        }),
      ),
    );
    for (let i = 0; i < 5; i++) {
      let p = 0;
      for (let k = 0; k < K; k++) {
        let lp = 0;
        for (let j = 0; j < d; j++) lp += logNormal(zs[i * d + j]!, means[k * d + j]!, logVars[k * d + j]!);
        p += w[k]! * Math.exp(lp);
      }
      expect(got[i]).toBeCloseTo(Math.log(p), 4);
    }
  });

  it('stays finite far from every component (log-sum-exp, not a sum of exps)', () => {
    const got = arr(
      tf.tidy(() =>
        mixtureLogDensity(tf.tensor2d([[300, -300]]), {
          logWeights: tf.log(tf.tensor1d([0.5, 0.5])),
          means: tf.tensor2d([
            [0, 0],
            [1, 1],
          ]),
          logVars: tf.zeros([2, 2]),
        }),
      ),
    )[0]!;
    const direct = Math.log(0.5) + logNormal(300, 1, 0) + logNormal(-300, 1, 0);
    const other = Math.log(0.5) + logNormal(300, 0, 0) + logNormal(-300, 0, 0);
    expect(got).toBeCloseTo(logAddExp(direct, other), 1);
    expect(
      arr(
        componentLogDensities(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 0]]), tf.tensor2d([[0, Math.log(4)]])),
      )[0],
    ).toBeCloseTo(logNormal(1, 0, 0) + logNormal(2, 0, Math.log(4)), 5);
  });
});

describe('likelihoods against their direct formulas (float64)', () => {
  const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));
  const pixels = 784;
  const x = Array.from({ length: 2 * pixels }, () => (rng.next() < 0.3 ? rng.next() : 0));
  const logits = Array.from({ length: 2 * pixels }, () => 4 * rng.normal());
  const bern = (xs: number[]) =>
    [0, 1].map((r) => {
      let s = 0;
      for (let i = 0; i < pixels; i++) {
        const p = sigmoid(logits[r * pixels + i]!);
        const xi = xs[r * pixels + i]!;
        s += xi * Math.log(p) + (1 - xi) * Math.log(1 - p);
      }
      return s;
    });

  it('Bernoulli on grey pixels: sum x log l + (1 - x) log(1 - l)', () => {
    const got = arr(
      bernoulliLikelihood().logProb(tf.tensor2d(x, [2, pixels]), tf.tensor2d(logits, [2, pixels])),
    );
    bern(x).forEach((v, r) => expect(got[r]).toBeCloseTo(v, 1));
  });

  it('dynamically binarized Bernoulli: binary targets with P(1) = grey level, same formula on them', () => {
    const lik = binarizedBernoulliLikelihood();
    const grey = tf.fill([200, pixels], 0.3) as tf.Tensor2D;
    const b = lik.target(grey, 5);
    const v = b.dataSync();
    expect(v.every((u) => u === 0 || u === 1)).toBe(true);
    const mean = Array.from(v).reduce((a, c) => a + c, 0) / v.length;
    expect(Math.abs(mean - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / v.length));
    // a fresh draw per seed; none without one (the fixed test set)
    expect(Array.from(binarize(grey, 6).dataSync())).not.toEqual(Array.from(v));
    expect(lik.target(grey, null)).toBe(grey);
    const xb = x.map(() => (rng.next() < 0.4 ? 1 : 0));
    const got = arr(lik.logProb(tf.tensor2d(xb, [2, pixels]), tf.tensor2d(logits, [2, pixels])));
    bern(xb).forEach((want, r) => expect(got[r]).toBeCloseTo(want, 1));
    tf.dispose([grey, b]);
  });

  /** log C(lambda) = log(2 artanh(1 - 2 lambda) / (1 - 2 lambda)) in float64, straight from the definition. */
  const logC = (l: number) => {
    const lam = sigmoid(l);
    const t = 1 - 2 * lam;
    return Math.log((2 * Math.atanh(t)) / t);
  };

  it('continuous Bernoulli normalizer: the definition, near lambda = 1/2 too', () => {
    const ls = [-8, -1, -0.2, -0.11, -0.099, -0.05, -1e-3, 1e-4, 1e-3, 0.05, 0.099, 0.11, 0.5, 3, 12];
    const got = arr(logNormalizer(tf.tensor1d(ls)));
    ls.forEach((l, i) => {
      // float64's definition loses digits when 1 - 2 lambda is tiny; below 1e-3 compare with log 2
      const want = Math.abs(l) < 2e-3 ? Math.LN2 + (l * l) / 12 : logC(l);
      expect(Math.abs(got[i]! - want)).toBeLessThan(2e-6 * Math.max(1, Math.abs(want)));
    });
    // Far out (lambda within 1e-13 of 0 or 1 the definition overflows in float64): C = 1 / integral of
    // lambda^x (1 - lambda)^(1 - x) over [0, 1], by quadrature in log space.
    for (const l of [-40, -30, 30, 40]) {
      const logLam = -Math.log1p(Math.exp(-l));
      const log1mLam = -Math.log1p(Math.exp(l));
      const N = 200_000;
      let integral = 0;
      for (let i = 0; i < N; i++) {
        const u = (i + 0.5) / N;
        integral += Math.exp(u * logLam + (1 - u) * log1mLam) / N;
      }
      expect(arr(logNormalizer(tf.scalar(l)))[0]).toBeCloseTo(-Math.log(integral), 4);
    }
    expect(arr(logNormalizer(tf.scalar(0)))[0]).toBeCloseTo(Math.LN2, 7);
    // finite gradient at lambda = 1/2 (both branches of the switch are safe there)
    const g = arr(tf.grad((t: tf.Tensor) => tf.sum(logNormalizer(t)))(tf.tensor1d([0, 1e-6, 0.1, -5])));
    // d/dl log C: l/6 near 0, and 1/l - 1/sinh(l) for large |l| (float64, from C = l / tanh(l / 2))
    expect(g[2]).toBeCloseTo(1 / 0.1 - 1 / Math.sinh(0.1), 3);
    expect(g[3]).toBeCloseTo(1 / -5 - 1 / Math.sinh(-5), 4);
    expect(g[1]).toBeCloseTo(1e-6 / 6, 6);
    expect(g.every(Number.isFinite)).toBe(true);
  });

  it('continuous Bernoulli: a density on [0, 1] (integrates to 1), its mean, and log p of an image', () => {
    for (const l of [-6, -0.5, -0.01, 0, 0.03, 2, 9]) {
      const lam = sigmoid(l);
      const C = Math.exp(arr(logNormalizer(tf.scalar(l)))[0]!);
      let total = 0;
      let first = 0;
      const N = 20000;
      for (let i = 0; i < N; i++) {
        const u = (i + 0.5) / N;
        const p = C * lam ** u * (1 - lam) ** (1 - u);
        total += p / N;
        first += (u * p) / N;
      }
      expect(total).toBeCloseTo(1, 5);
      expect(arr(continuousBernoulliMean(tf.scalar(l)))[0]).toBeCloseTo(first, 4);
      expect(jsCbMean(l)).toBeCloseTo(first, 4);
    }
    const got = arr(
      continuousBernoulliLikelihood().logProb(tf.tensor2d(x, [2, pixels]), tf.tensor2d(logits, [2, pixels])),
    );
    bern(x).forEach((b, r) => {
      let c = 0;
      for (let i = 0; i < pixels; i++) c += logC(logits[r * pixels + i]!);
      expect(got[r]).toBeCloseTo(b + c, 1);
    });
  });

  it('Gaussian, fixed and learned sigma: -d/2 log 2 pi - d log sigma - |x - mean|^2 / 2 sigma^2', () => {
    const direct = (sigma: number) =>
      [0, 1].map((r) => {
        let s = 0;
        for (let i = 0; i < pixels; i++) {
          const m = sigmoid(logits[r * pixels + i]!);
          s += -0.5 * LOG2PI - Math.log(sigma) - (x[r * pixels + i]! - m) ** 2 / (2 * sigma * sigma);
        }
        return s;
      });
    const fixed = gaussianLikelihood(0.2, false);
    const got = arr(fixed.logProb(tf.tensor2d(x, [2, pixels]), tf.tensor2d(logits, [2, pixels])));
    direct(0.2).forEach((v, r) => expect(got[r]).toBeCloseTo(v, 1));
    const learned = gaussianLikelihood(0.2, true);
    const ls = learned.variables()[0]!;
    ls.assign(tf.scalar(Math.log(0.45)));
    const got2 = arr(learned.logProb(tf.tensor2d(x, [2, pixels]), tf.tensor2d(logits, [2, pixels])));
    direct(0.45).forEach((v, r) => expect(got2[r]).toBeCloseTo(v, 1));
    // its gradient reaches sigma
    const g = tf.variableGrads(
      () =>
        tf.sum(learned.logProb(tf.tensor2d(x, [2, pixels]), tf.tensor2d(logits, [2, pixels]))) as tf.Scalar,
      [ls as tf.Variable],
    );
    expect(Math.abs(g.grads[ls.name]!.dataSync()[0]!)).toBeGreaterThan(1);
    learned.dispose();
  });

  it('256-way categorical: log softmax of the head at each pixel value, and its gradient', () => {
    const F = 3;
    const lik = categoricalLikelihood(F, 4);
    const [W, b, pb] = lik.variables();
    pb!.assign(tf.randomNormal([784, 256], 0, 0.5, 'float32', 9));
    b!.assign(tf.randomNormal([256], 0, 0.5, 'float32', 10));
    const feats = Array.from({ length: 2 * pixels * F }, () => rng.normal());
    const levels = Array.from({ length: 2 * pixels }, () => Math.floor(rng.next() * 256));
    const xs = levels.map((v) => v / 255);
    const got = arr(lik.logProb(tf.tensor2d(xs, [2, pixels]), tf.tensor2d(feats, [2, pixels * F])));
    const Wv = W!.dataSync();
    const bv = b!.dataSync();
    const pbv = pb!.dataSync();
    [0, 1].forEach((r) => {
      let s = 0;
      for (let p = 0; p < pixels; p++) {
        const lg = Array.from({ length: 256 }, (_, v) => {
          let a = bv[v]! + pbv[p * 256 + v]!;
          for (let f = 0; f < F; f++) a += feats[(r * pixels + p) * F + f]! * Wv[f * 256 + v]!;
          return a;
        });
        const m = Math.max(...lg);
        const lse = m + Math.log(lg.reduce((acc, v) => acc + Math.exp(v - m), 0));
        s += lg[levels[r * pixels + p]!]! - lse;
      }
      expect(got[r]).toBeCloseTo(s, 1);
    });
    // The hand-written gradient (onehot - softmax) equals autodiff of a plain log-softmax.
    const out = tf.tensor2d(feats, [2, pixels * F]);
    const xt = tf.tensor2d(xs, [2, pixels]);
    const mine = tf.grad((o: tf.Tensor) => tf.sum(lik.logProb(xt, o as tf.Tensor2D)))(out);
    const plain = tf.grad((o: tf.Tensor) => {
      const lg = tf.add(tf.reshape(tf.add(tf.matMul(tf.reshape(o, [-1, F]), W!), b!), [2, pixels, 256]), pb!);
      const oh = tf.oneHot(tf.tensor2d(levels, [2, pixels], 'int32'), 256);
      return tf.sum(tf.mul(tf.logSoftmax(lg), oh));
    })(out);
    const d = arr(tf.max(tf.abs(tf.sub(mine, plain))))[0]!;
    expect(d).toBeLessThan(1e-4);
    expect(arr(tf.max(tf.abs(plain)))[0]).toBeGreaterThan(0.01);
    // the mean image is the expected 8-bit value / 255
    const mean = arr(lik.mean(tf.tensor2d(feats.slice(0, pixels * F), [1, pixels * F])));
    expect(mean.every((v) => v >= 0 && v <= 1)).toBe(true);
    lik.dispose();
  });
});

describe('free bits', () => {
  it('the KL term is sum_j max(lambda, batch-mean KL_j), and its gradient is zero below lambda', () => {
    // 2 examples, 3 dims: batch means 0.1, 0.5, 2.0; lambda 0.25 floors only the first.
    const kl = tf.variable(
      tf.tensor2d([
        [0.05, 0.4, 1.5],
        [0.15, 0.6, 2.5],
      ]),
    );
    expect(arr(freeBitsKl(kl, 0.25))[0]).toBeCloseTo(0.25 + 0.5 + 2.0, 6);
    const g = tf.variableGrads(() => freeBitsKl(kl, 0.25), [kl]).grads[kl.name]!;
    expect(arr(g)).toEqual([0, 0.5, 0.5, 0, 0.5, 0.5]);
    // without free bits every dimension has gradient 1/n
    const g0 = tf.variableGrads(() => freeBitsKl(kl, 0), [kl]).grads[kl.name]!;
    expect(arr(g0)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    // a prior without per-dimension KL: the total, floored at d * lambda
    const tot = tf.variable(tf.tensor1d([0.2, 0.4]));
    expect(arr(freeBitsTotalKl(tot, 0.25, 3))[0]).toBeCloseTo(0.75, 6);
    expect(arr(tf.variableGrads(() => freeBitsTotalKl(tot, 0.25, 3), [tot]).grads[tot.name]!)).toEqual([
      0, 0,
    ]);
    tf.dispose([kl, tot]);
  });
});

describe('KL warm-up schedules', () => {
  it('linear: 0 -> 1 over the period, then 1', () => {
    expect([0, 1, 2.5, 5, 7, 100].map((e) => warmupFactor('linear', e, 5))).toEqual([0, 0.2, 0.5, 1, 1, 1]);
  });
  it('cyclical: ramps over the first half of each period, holds 1 for the second, repeats', () => {
    const f = (e: number) => warmupFactor('cyclical', e, 4);
    expect([0, 0.5, 1, 2, 3, 3.99].map(f)).toEqual([0, 0.25, 0.5, 1, 1, 1]);
    expect(f(4)).toBe(0);
    expect(f(5)).toBeCloseTo(0.5, 12);
    expect(f(9)).toBeCloseTo(0.5, 12);
  });
  it('none: always 1', () => {
    expect([0, 3, 10].map((e) => warmupFactor('none', e, 5))).toEqual([1, 1, 1]);
  });
});

describe('posterior-regularization penalties', () => {
  it('box: sum_i max(0, |z_i| - b)^2, zero inside the box', () => {
    expect(
      arr(
        psiBox(
          tf.tensor2d([
            [0.5, -1.9],
            [2.5, -3],
          ]),
          2,
        ),
      ),
    ).toEqual([0, expect.closeTo(0.25 + 1, 6)]);
  });
  it('ink: 100 (max(0, lo - ink)^2 + max(0, ink - hi)^2) with ink = mean intensity', () => {
    const img = (v: number) => new Array(784).fill(v);
    const got = arr(psiInk(tf.tensor2d([img(0.1), img(0.02), img(0.3)]), 0.06, 0.12));
    expect(got[0]).toBeCloseTo(0, 6);
    expect(got[1]).toBeCloseTo(100 * 0.04 ** 2, 5);
    expect(got[2]).toBeCloseTo(100 * 0.18 ** 2, 5);
  });
});
