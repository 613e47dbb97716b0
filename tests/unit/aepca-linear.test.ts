import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { covarianceOfCentred } from '../../src/core/linear/covariance';
import { symmetricEigenQl } from '../../src/core/linear/eigen';
import { LinearAutoencoder } from '../../src/core/linear/linearAe';
import { pcaResidual, ppcaFit } from '../../src/core/linear/pca';
import { principalAngles } from '../../src/core/linear/subspace';
import { symmetricEigen } from '../../src/core/latent/symmetricEigen';
import { Rng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A random orthogonal n x n matrix as a product of n Householder reflections (row-major). */
function randomOrthogonal(n: number, rng: Rng): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let h = 0; h < n; h++) {
    const v = Array.from({ length: n }, () => rng.normal());
    const vv = v.reduce((s, x) => s + x * x, 0);
    // q <- q (I - 2 v v^T / v^T v)
    for (let r = 0; r < n; r++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += q[r * n + k]! * v[k]!;
      for (let k = 0; k < n; k++) q[r * n + k] = q[r * n + k]! - (2 * dot * v[k]!) / vv;
    }
  }
  return q;
}

/** Q diag(lambda) Q^T. */
function withSpectrum(q: Float64Array, lambda: number[]): Float64Array {
  const n = lambda.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k]! * lambda[k]! * q[j * n + k]!;
      a[i * n + j] = s;
    }
  return a;
}

/**
 * N points in D dims whose (1/N) covariance is exactly Q diag(lambda) Q^T and whose mean is zero: centred
 * Gaussian columns made orthonormal (classical Gram-Schmidt, inline), scaled by sqrt(N lambda), rotated.
 */
function dataWithCovariance(nPts: number, q: Float64Array, lambda: number[], rng: Rng): Float64Array {
  const D = lambda.length;
  const cols: Float64Array[] = [];
  for (let j = 0; j < D; j++) {
    const c = Float64Array.from({ length: nPts }, () => rng.normal());
    const mean = c.reduce((s, x) => s + x, 0) / nPts;
    for (let i = 0; i < nPts; i++) c[i] = c[i]! - mean;
    for (let pass = 0; pass < 2; pass++)
      for (const p of cols) {
        let dot = 0;
        for (let i = 0; i < nPts; i++) dot += p[i]! * c[i]!;
        for (let i = 0; i < nPts; i++) c[i] = c[i]! - dot * p[i]!;
      }
    const norm = Math.sqrt(c.reduce((s, x) => s + x * x, 0));
    for (let i = 0; i < nPts; i++) c[i] = c[i]! / norm;
    cols.push(c);
  }
  const x = new Float64Array(nPts * D);
  for (let i = 0; i < nPts; i++)
    for (let r = 0; r < D; r++) {
      let s = 0;
      for (let k = 0; k < D; k++) s += q[r * D + k]! * Math.sqrt(nPts * lambda[k]!) * cols[k]![i]!;
      x[i * D + r] = s;
    }
  return x;
}

describe('symmetric eigen-decomposition (Householder + QL)', () => {
  it('recovers a known spectrum (with repeats and zeros) and its eigenvectors', () => {
    const rng = new Rng(3);
    const n = 40;
    const lambda = Array.from({ length: n }, (_, i) => (i < 5 ? 7 : i < 30 ? 30 - i : 0));
    const q = randomOrthogonal(n, rng);
    const a = withSpectrum(q, lambda);
    const { values, vectors } = symmetricEigenQl(a, n);
    const want = [...lambda].sort((x, y) => y - x);
    for (let i = 0; i < n; i++) expect(values[i]).toBeCloseTo(want[i]!, 9);
    for (let i = 0; i < n; i++) {
      // || A v - lambda v || small and ||v|| = 1
      let res = 0;
      let norm = 0;
      for (let r = 0; r < n; r++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[r * n + k]! * vectors[i * n + k]!;
        res += (av - values[i]! * vectors[i * n + r]!) ** 2;
        norm += vectors[i * n + r]! ** 2;
      }
      expect(Math.sqrt(res)).toBeLessThan(1e-9);
      expect(norm).toBeCloseTo(1, 10);
    }
  });

  it('matches the closed form of a tridiagonal Toeplitz matrix: a + 2b cos(k pi / (n + 1))', () => {
    const n = 60;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = -1;
    }
    const want = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort(
      (x, y) => y - x,
    );
    const { values } = symmetricEigenQl(a, n);
    for (let i = 0; i < n; i++) expect(values[i]).toBeCloseTo(want[i]!, 11);
  });

  it('agrees with the cyclic Jacobi solver on a random symmetric matrix', () => {
    const rng = new Rng(5);
    const n = 25;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.normal();
    const ql = symmetricEigenQl(a, n);
    const jac = symmetricEigen(a, n);
    for (let i = 0; i < n; i++) expect(ql.values[i]).toBeCloseTo(jac.values[i]!, 9);
  });
});

describe('PCA residual (Eckart-Young)', () => {
  it('on data with a known covariance equals the sum of the discarded eigenvalues and the projection error', () => {
    const rng = new Rng(11);
    const D = 12;
    const N = 400;
    const lambda = [9, 6, 4, 2.5, 1.2, 1, 0.6, 0.4, 0.2, 0.1, 0.05, 0.01];
    const q = randomOrthogonal(D, rng);
    const x = dataWithCovariance(N, q, lambda, rng);
    const s = covarianceOfCentred(Float32Array.from(x), N, D);
    const { values } = symmetricEigenQl(s, D);
    for (const d of [1, 3, 6]) {
      const known = lambda.slice(d).reduce((t, v) => t + v, 0);
      expect(pcaResidual(values, d)).toBeCloseTo(known, 3);
      // Independent: mean squared error of projecting onto the known top-d directions (Q's columns).
      let err = 0;
      for (let i = 0; i < N; i++) {
        const row = x.subarray(i * D, (i + 1) * D);
        const proj = new Float64Array(D);
        for (let k = 0; k < d; k++) {
          let c = 0;
          for (let r = 0; r < D; r++) c += q[r * D + k]! * row[r]!;
          for (let r = 0; r < D; r++) proj[r] = proj[r]! + c * q[r * D + k]!;
        }
        for (let r = 0; r < D; r++) err += (row[r]! - proj[r]!) ** 2;
      }
      expect(err / N).toBeCloseTo(known, 6);
    }
  });
});

describe('principal angles', () => {
  it('of span(e1, e2) and span(e1, cos a e2 + sin a e3) are 0 and a, whatever the bases and rotation', () => {
    const rng = new Rng(2);
    const n = 6;
    const ang = 0.7;
    const rot = randomOrthogonal(n, rng);
    // a: columns e1, e2; b: columns mixed by an invertible matrix [[2, 1], [1, 3]]
    const a0 = [
      [1, 0],
      [0, 1],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    const bCols = [
      [1, 0, 0, 0, 0, 0],
      [0, Math.cos(ang), Math.sin(ang), 0, 0, 0],
    ];
    const b0 = Array.from({ length: n }, (_, r) => [
      2 * bCols[0]![r]! + bCols[1]![r]!,
      bCols[0]![r]! + 3 * bCols[1]![r]!,
    ]);
    const rotate = (m: number[][]) => {
      const out = new Float64Array(n * 2);
      for (let r = 0; r < n; r++)
        for (let c = 0; c < 2; c++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += rot[r * n + k]! * m[k]![c]!;
          out[r * 2 + c] = s;
        }
      return out;
    };
    const angles = principalAngles(rotate(a0), rotate(b0), n, 2, 2);
    expect(angles[0]).toBeCloseTo(0, 7);
    expect(angles[1]).toBeCloseTo(ang, 9);
  });
});

describe('linear autoencoder', () => {
  it('trained from random init on low-rank data reaches the PCA residual and the principal subspace', () => {
    const rng = new Rng(21);
    const D = 16;
    const N = 1000;
    const d = 3;
    const lambda = [6, 4, 3, 0.3, 0.2, 0.15, 0.1, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02, 0.01, 0.005, 0.002];
    const q = randomOrthogonal(D, rng);
    const x = Float32Array.from(dataWithCovariance(N, q, lambda, rng));
    const residual = lambda.slice(d).reduce((t, v) => t + v, 0);
    const ae = new LinearAutoencoder(D, d, 4, 0.02);
    const start = ae.meanLoss(x, N);
    const steps = 600;
    for (let s = 0; s < steps; s++) {
      const from = (s * 100) % N;
      const xb = tf.tensor2d(x.subarray(from * D, (from + 100) * D), [100, D]);
      ae.step(xb, 0.5 * (1 + Math.cos((Math.PI * s) / steps))).dispose();
      xb.dispose();
    }
    const loss = ae.meanLoss(x, N);
    expect(start).toBeGreaterThan(2 * residual);
    expect(loss / residual - 1).toBeLessThan(0.01);
    expect(loss).toBeGreaterThan(residual * 0.999); // no linear rank-3 map beats Eckart-Young
    const top = new Float64Array(D * d);
    for (let r = 0; r < D; r++) for (let k = 0; k < d; k++) top[r * d + k] = q[r * D + k]!;
    const angles = principalAngles(ae.decoderBasis(), top, D, d, d);
    expect(angles[d - 1]).toBeLessThan(0.05);
    ae.dispose();
  });
});

describe('probabilistic PCA', () => {
  it('closed-form ML log-likelihood equals a direct multivariate-normal log-density, and is a maximum in sigma^2', () => {
    const rng = new Rng(8);
    const D = 6;
    const N = 300;
    const d = 2;
    const x = new Float64Array(N * D);
    for (let i = 0; i < N; i++) {
      const z = [rng.normal() * 2, rng.normal()];
      for (let r = 0; r < D; r++)
        x[i * D + r] = z[0]! * (r + 1) * 0.3 + z[1]! * (r % 2 ? 1 : -0.5) + 0.4 * rng.normal();
    }
    const mean = new Float64Array(D);
    for (let i = 0; i < N; i++) for (let r = 0; r < D; r++) mean[r] = mean[r]! + x[i * D + r]! / N;
    for (let i = 0; i < N; i++) for (let r = 0; r < D; r++) x[i * D + r] = x[i * D + r]! - mean[r]!;
    const s = covarianceOfCentred(Float32Array.from(x), N, D);
    const { values, vectors } = symmetricEigenQl(s, D);
    const fit = ppcaFit(values, vectors, D, d);
    /** Mean log N(x; 0, W W^T + s2 I) by Cholesky, written out here. */
    const direct = (s2: number) => {
      const c = new Float64Array(D * D);
      for (let a = 0; a < D; a++)
        for (let b = 0; b < D; b++) {
          let v = a === b ? s2 : 0;
          for (let k = 0; k < d; k++) v += fit.W[a * d + k]! * fit.W[b * d + k]!;
          c[a * D + b] = v;
        }
      const L = new Float64Array(D * D);
      for (let i = 0; i < D; i++)
        for (let j = 0; j <= i; j++) {
          let v = c[i * D + j]!;
          for (let k = 0; k < j; k++) v -= L[i * D + k]! * L[j * D + k]!;
          L[i * D + j] = i === j ? Math.sqrt(v) : v / L[j * D + j]!;
        }
      let logDet = 0;
      for (let i = 0; i < D; i++) logDet += 2 * Math.log(L[i * D + i]!);
      let total = 0;
      for (let n = 0; n < N; n++) {
        const y = new Float64Array(D);
        for (let i = 0; i < D; i++) {
          let v = x[n * D + i]!;
          for (let k = 0; k < i; k++) v -= L[i * D + k]! * y[k]!;
          y[i] = v / L[i * D + i]!;
        }
        const maha = y.reduce((t, v) => t + v * v, 0);
        total += -0.5 * (D * Math.log(2 * Math.PI) + logDet + maha);
      }
      return total / N;
    };
    expect(fit.logLik).toBeCloseTo(direct(fit.sigma2), 4);
    expect(direct(fit.sigma2 * 1.2)).toBeLessThan(fit.logLik);
    expect(direct(fit.sigma2 * 0.8)).toBeLessThan(fit.logLik);
  });
});
