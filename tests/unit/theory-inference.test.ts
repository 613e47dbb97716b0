import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactPosterior } from '../../src/core/theory/exactPosterior';
import { estimatorSurrogate, type Estimator } from '../../src/core/theory/estimators';
import { gaussHermite, refineQ } from '../../src/core/theory/refine';
import { Vae } from '../../src/core/vae/vae';
import { vae2dConfig } from '../../src/config/vae';
import { mixtureLogLik } from '../../src/core/theory/likelihoodVsSamples';
import { Rng } from '../../src/core/rng';
import type { MnistSplit } from '../../src/data/mnist';
import { VaeExperiment } from '../../src/engine/vaeExperiment';
import { extractVaeFlags } from '../../src/cli/vaeFlags';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// ---- A linear-Gaussian model: p(z) = N(0, I_2), p(x|z) = N(W z + b, s^2 I_D). Closed forms in float64.
const D = 4;
const W = [
  [1.2, -0.4],
  [0.3, 0.9],
  [-0.7, 0.5],
  [0.2, 1.1],
];
const B = [0.1, -0.3, 0.5, 0.0];
const S = 0.6;
const X = [1.5, 0.2, -0.9, 1.3];

function linearLogJoint(z: tf.Tensor2D): tf.Tensor1D {
  const mean = tf.add(tf.matMul(z, tf.tensor2d(W).transpose()), tf.tensor1d(B));
  const r = tf.sub(tf.tensor1d(X), mean);
  const lik = tf.sub(
    tf.mul(-0.5 / (S * S), tf.sum(tf.square(r), 1)),
    D * (0.5 * Math.log(2 * Math.PI) + Math.log(S)),
  );
  const prior = tf.sub(tf.mul(-0.5, tf.sum(tf.square(z), 1)), Math.log(2 * Math.PI));
  return tf.add(lik, prior) as tf.Tensor1D;
}

/** Cholesky of a symmetric positive-definite matrix (lower). */
function cholesky(A: number[][]): number[][] {
  const n = A.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = A[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = i === j ? Math.sqrt(s) : s / L[j]![j]!;
    }
  return L;
}

/** log N(x; b, W W^T + s^2 I) via Cholesky. */
function closedFormMarginal(): number {
  const C = W.map((wi, i) => W.map((wj, j) => wi[0]! * wj[0]! + wi[1]! * wj[1]! + (i === j ? S * S : 0)));
  const L = cholesky(C);
  const r = X.map((v, i) => v - B[i]!);
  const y: number[] = [];
  for (let i = 0; i < D; i++) {
    let s = r[i]!;
    for (let k = 0; k < i; k++) s -= L[i]![k]! * y[k]!;
    y.push(s / L[i]![i]!);
  }
  const logDet = 2 * L.reduce((a, row, i) => a + Math.log(row[i]!), 0);
  return -0.5 * (D * Math.log(2 * Math.PI) + logDet + y.reduce((a, v) => a + v * v, 0));
}

/** The exact posterior N(m, P^-1), P = I + W^T W / s^2, m = P^-1 W^T (x - b) / s^2. */
function closedFormPosterior(): { m: number[]; cov: number[][] } {
  const P = [
    [1, 0],
    [0, 1],
  ];
  const h = [0, 0];
  for (let i = 0; i < D; i++) {
    for (let a = 0; a < 2; a++) {
      h[a]! += (W[i]![a]! * (X[i]! - B[i]!)) / (S * S);
      for (let c = 0; c < 2; c++) P[a]![c]! += (W[i]![a]! * W[i]![c]!) / (S * S);
    }
  }
  const det = P[0]![0]! * P[1]![1]! - P[0]![1]! * P[1]![0]!;
  const cov = [
    [P[1]![1]! / det, -P[0]![1]! / det],
    [-P[1]![0]! / det, P[0]![0]! / det],
  ];
  const m = [cov[0]![0]! * h[0]! + cov[0]![1]! * h[1]!, cov[1]![0]! * h[0]! + cov[1]![1]! * h[1]!];
  return { m, cov };
}

/** KL(N(mq, diag vq) || N(m, cov)) in closed form (2-D). */
function klClosed(mq: number[], vq: number[], m: number[], cov: number[][]): number {
  const det = cov[0]![0]! * cov[1]![1]! - cov[0]![1]! * cov[1]![0]!;
  const inv = [
    [cov[1]![1]! / det, -cov[0]![1]! / det],
    [-cov[1]![0]! / det, cov[0]![0]! / det],
  ];
  const d = [m[0]! - mq[0]!, m[1]! - mq[1]!];
  const tr = inv[0]![0]! * vq[0]! + inv[1]![1]! * vq[1]!;
  const quad =
    d[0]! * (inv[0]![0]! * d[0]! + inv[0]![1]! * d[1]!) + d[1]! * (inv[1]![0]! * d[0]! + inv[1]![1]! * d[1]!);
  return 0.5 * (tr + quad - 2 + Math.log(det / (vq[0]! * vq[1]!)));
}

describe('exact posterior by quadrature (linear-Gaussian model)', () => {
  const qMu = [0.4, 0.9];
  const qLogVar = [Math.log(0.05), Math.log(0.12)];

  it('log p(x) equals the closed-form marginal within 1e-3, and the KL on the grid equals the closed form', async () => {
    const r = await exactPosterior(linearLogJoint, qMu, qLogVar, { n: 120, coarseN: 60, qN: 60 });
    const exact = closedFormMarginal();
    expect(Math.abs(r.logPx - exact)).toBeLessThan(1e-3);
    const post = closedFormPosterior();
    const kl = klClosed(qMu, qLogVar.map(Math.exp), post.m, post.cov);
    expect(kl).toBeGreaterThan(0.5); // q is not the posterior: the gap is real
    expect(Math.abs(r.kl - kl)).toBeLessThan(2e-3);
    // ELBO from its own closed form: log p(x) - KL.
    expect(Math.abs(r.elbo - (exact - kl))).toBeLessThan(2e-3);
    expect(r.massOutsideFine).toBeLessThan(1e-6);
    expect(r.edgeMass).toBeLessThan(1e-6);
  });

  it('a grid that misses the posterior is caught by its edge mass', async () => {
    const r = await exactPosterior(linearLogJoint, qMu, qLogVar, { n: 40, coarseN: 20, qN: 40, range: 0.5 });
    expect(r.edgeMass).toBeGreaterThan(0.1);
  });
});

describe('gradient estimators on a toy problem with a known gradient', () => {
  // f(z) = -(z - a)^2 summed over 2 dims; E_q f = -sum((mu - a)^2 + sigma^2):
  // d/dmu = -2 (mu - a), d/dlogVar = -sigma^2.
  const A = [1.5, -0.5];
  const MU = [0.2, 0.4];
  const LV = [Math.log(0.5), Math.log(2)];
  const known = [-2 * (MU[0]! - A[0]!), -2 * (MU[1]! - A[1]!), -Math.exp(LV[0]!), -Math.exp(LV[1]!)];
  const f = (z: tf.Tensor2D) => tf.neg(tf.sum(tf.square(tf.sub(z, tf.tensor1d(A))), 1)) as tf.Tensor1D;
  const ROWS = 20000;

  function draws(est: Estimator): { mean: number[]; variance: number[] } {
    return tf.tidy(() => {
      const mu = tf.tile(tf.tensor2d([MU]), [ROWS, 1]) as tf.Tensor2D;
      const lv = tf.tile(tf.tensor2d([LV]), [ROWS, 1]) as tf.Tensor2D;
      const eps = tf.randomNormal([ROWS, 2], 0, 1, 'float32', 7) as tf.Tensor2D;
      // Sum (not mean) over rows: each row's gradient is one independent draw of the estimator.
      const g = tf.grads((m: tf.Tensor, l: tf.Tensor) =>
        tf.mul(ROWS, estimatorSurrogate(f, m as tf.Tensor2D, l as tf.Tensor2D, eps, est).surrogate),
      )([mu, lv]);
      const all = tf.concat(g, 1);
      const { mean, variance } = tf.moments(all, 0);
      return { mean: Array.from(mean.dataSync()), variance: Array.from(variance.dataSync()) };
    });
  }

  it('reparameterization, score function and score function with a baseline agree in mean; variances differ', () => {
    const rep = draws('reparam');
    const sco = draws('score');
    const bas = draws('score-baseline');
    for (const r of [rep, sco, bas])
      for (let i = 0; i < 4; i++) {
        const se = Math.sqrt(r.variance[i]! / ROWS);
        expect(Math.abs(r.mean[i]! - known[i]!)).toBeLessThan(5 * se + 1e-3);
      }
    const total = (r: { variance: number[] }) => r.variance.reduce((a, b) => a + b, 0);
    expect(total(sco)).toBeGreaterThan(3 * total(rep));
    expect(total(bas)).toBeLessThan(total(sco));
  });
});

describe('Gauss-Hermite and amortization refinement', () => {
  it('the probabilists Gauss-Hermite rule integrates N(0,1) moments', () => {
    const { nodes, weights } = gaussHermite(12);
    const mom = (p: number) => nodes.reduce((a, t, i) => a + weights[i]! * t ** p, 0);
    expect(mom(0)).toBeCloseTo(1, 10);
    expect(mom(2)).toBeCloseTo(1, 10);
    expect(mom(4)).toBeCloseTo(3, 9);
    expect(mom(6)).toBeCloseTo(15, 8);
  });

  it('refinement never lowers a digit ELBO (untrained 2-D VAE, several digits)', async () => {
    const vae = new Vae({ ...vae2dConfig.model, encoderHidden: [16], decoderHidden: [16] }, 3);
    try {
      for (let d = 0; d < 2; d++) {
        const x = tf.tidy(() =>
          tf
            .randomUniform([1, 784], 0, 1, 'float32', 10 + d)
            .greater(0.7)
            .toFloat(),
        ) as tf.Tensor2D;
        const enc = vae.encode(x);
        const mu = enc.mu.dataSync();
        const lv = enc.logVar.dataSync();
        tf.dispose([enc.mu, enc.logVar]);
        const lj = (z: tf.Tensor2D) =>
          tf.add(
            vae.likelihood.logProb(tf.tile(x, [z.shape[0], 1]) as tf.Tensor2D, vae.decodeOutput(z)),
            vae.prior.logDensity(z),
          ) as tf.Tensor1D;
        const r = await refineQ(lj, mu, lv, { steps: 6, m: 8 });
        for (let i = 1; i < r.elbos.length; i++) expect(r.elbos[i]!).toBeGreaterThanOrEqual(r.elbos[i - 1]!);
        expect(r.final).toBeGreaterThan(r.start);
        // The refined ELBO is still a lower bound: below the quadrature log p(x).
        if (d === 0) {
          const ex = await exactPosterior(lj, r.mu, r.logVar, { n: 40, coarseN: 40, qN: 30 });
          expect(r.final).toBeLessThanOrEqual(ex.logPx + 1e-2);
        }
        x.dispose();
      }
    } finally {
      vae.dispose();
    }
  });
});

describe('likelihood is not sample quality', () => {
  it('a 1 % model / 99 % noise mixture loses at most log 100 nats', () => {
    const model = [-100, -150, -600];
    const noise = -543.4;
    const mixed = model.map((m) => mixtureLogLik(m, noise, 0.01));
    mixed.forEach((v, i) => {
      expect(model[i]! - v).toBeLessThanOrEqual(Math.log(100) + 1e-9);
      expect(v).toBeGreaterThanOrEqual(Math.log(0.99) + noise - 1e-9);
    });
    expect(model[0]! - mixed[0]!).toBeCloseTo(Math.log(100), 6);
    // Where the noise model explains x better, the drop is smaller (here it is negative).
    expect(model[2]! - mixed[2]!).toBeLessThan(0);
  });
});

/** Blobs of bright pixels on black: something for a tiny VAE to fit. */
function syntheticSplit(count: number, seed: number): MnistSplit {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10;
    const cx = 8 + rng.next() * 12;
    const cy = 8 + rng.next() * 12;
    for (let p = 0; p < 784; p++) {
      const d = Math.hypot((p % 28) - cx, Math.floor(p / 28) - cy);
      images[i * 784 + p] = d < 5 ? 255 : 0;
    }
  }
  return { count, images, labels };
}

describe('engine: training with a score-function estimator, and the theory queries', () => {
  const config = structuredClone(vae2dConfig);
  config.model.encoderHidden = [16];
  config.model.decoderHidden = [16];
  config.training.batchSize = 16;
  config.objective.estimator = 'score-baseline';

  it('the loss is still -ELBO (recon + KL), tensors stay flat over steps and queries', async () => {
    const exp = new VaeExperiment(config, syntheticSplit(200, 1), syntheticSplit(20, 2));
    try {
      for (let i = 0; i < 3; i++) exp.step().metrics.dispose();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 8; i++) {
        const m = exp.step().metrics;
        const [loss, recon, kl] = Array.from(m.dataSync());
        m.dispose();
        expect(loss!).toBeCloseTo(recon! + kl!, 3);
      }
      expect(tf.memory().numTensors).toBe(before);
      const queries = [
        { type: 'theoryExact', index: 1, n: 20, repeats: 1 },
        { type: 'theoryGradVar', batch: 4, draws: 3, seed: 1 },
        { type: 'theoryAmortize', indices: [0, 1], steps: 2 },
        { type: 'theoryInpaint', index: 0, region: 'top', steps: 2 },
        { type: 'theoryLikelihood', digits: 3, samples: 5, seed: 1 },
      ];
      for (const q of queries) {
        await exp.query(q);
        expect(tf.memory().numTensors, q.type).toBe(before);
      }
      await expect(exp.query({ type: 'theoryExact', index: 99 })).rejects.toThrow(/index/);
    } finally {
      exp.dispose();
    }
  });
});

describe('CLI --eval-exact', () => {
  it('parses M and refuses a bad value by name', () => {
    expect(extractVaeFlags(['--preset', 'vae-2d', '--eval-exact', '20']).evalExact).toBe(20);
    expect(extractVaeFlags(['--eval-exact=3']).evalExact).toBe(3);
    expect(extractVaeFlags(['--preset', 'vae-2d']).evalExact).toBeNull();
    expect(() => extractVaeFlags(['--eval-exact', '0'])).toThrow(/--eval-exact/);
    expect(() => extractVaeFlags(['--eval-exact', 'x'])).toThrow(/--eval-exact/);
  });
});
