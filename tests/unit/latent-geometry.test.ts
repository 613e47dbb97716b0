import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng';
import { symmetricEigen } from '../../src/core/latent/symmetricEigen';
import { pca2 } from '../../src/core/latent/pca';
import { projectDiagGaussian, projectPoints, projectedPrior } from '../../src/core/latent/projection';
import { priorSigmaContours, sigmaEllipse } from '../../src/core/latent/contours';
import { histogram, percentileRank, sortedFinite } from '../../src/core/latent/histogram';
import { classMean, classMeans } from '../../src/core/latent/classMeans';
import {
  evaluateLatentExpression,
  formatLatentExpression,
  type LatentTerm,
} from '../../src/core/latent/arithmetic';

const rng = new Rng(42);
const randn = (n: number) => Float64Array.from({ length: n }, () => rng.normal());
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const unit = (v: Float64Array) => v.map((x) => x / Math.sqrt(dot(v, v)));

describe('symmetric eigen-decomposition', () => {
  it('satisfies A v = lambda v with orthonormal vectors, values descending', () => {
    for (const n of [2, 5, 20, 64]) {
      const g = randn(n * n);
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = g[i * n + j]! + g[j * n + i]!;
      const { values, vectors } = symmetricEigen(a, n);
      for (let r = 0; r < n; r++) {
        const v = vectors.subarray(r * n, (r + 1) * n);
        expect(dot(v, v)).toBeCloseTo(1, 10);
        if (r > 0) expect(values[r]!).toBeLessThanOrEqual(values[r - 1]!);
        if (r > 0) expect(Math.abs(dot(v, vectors.subarray(0, n)))).toBeLessThan(1e-9);
        for (let i = 0; i < n; i++) {
          let av = 0;
          for (let k = 0; k < n; k++) av += a[i * n + k]! * v[k]!;
          expect(Math.abs(av - values[r]! * v[i]!)).toBeLessThan(1e-8 * n);
        }
      }
    }
  });
});

describe('2-D PCA', () => {
  const d = 16;
  const n = 4000;
  const u = unit(randn(d));
  // v orthogonal to u (one Gram-Schmidt step)
  const w = randn(d);
  const v = unit(w.map((x, i) => x - dot(w, u) * u[i]!));
  const shift = randn(d).map((x) => 3 * x);
  const pts = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const g1 = 5 * rng.normal();
    const g2 = 2 * rng.normal();
    for (let k = 0; k < d; k++) pts[i * d + k] = shift[k]! + g1 * u[k]! + g2 * v[k]! + 0.3 * rng.normal();
  }

  it('recovers the known dominant directions and their variances', () => {
    const p = pca2(pts, n, d);
    const c1 = p.components.subarray(0, d);
    const c2 = p.components.subarray(d, 2 * d);
    expect(Math.abs(dot(c1, u))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(c2, v))).toBeGreaterThan(0.99);
    expect(p.variances[0]).toBeGreaterThan(25 * 0.9);
    expect(p.variances[0]).toBeLessThan(25 * 1.1 + 0.09);
    expect(p.variances[1]).toBeGreaterThan(4 * 0.9);
    expect(p.variances[1]).toBeLessThan(4 * 1.1 + 0.09);
    expect(p.totalVariance).toBeCloseTo(25 + 4 + d * 0.09, -0.5);
    for (let k = 0; k < d; k++) expect(p.mean[k]).toBeCloseTo(shift[k]!, 0);
    // sign convention: largest-magnitude entry positive
    for (const c of [c1, c2]) {
      const big = Array.from(c).reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
      expect(big).toBeGreaterThan(0);
    }
  });

  it('projects to centred coordinates with the component variances', () => {
    const p = pca2(pts, n, d);
    const xy = projectPoints({ kind: 'pca', pca: p }, pts, n, d);
    let mx = 0;
    let my = 0;
    for (let i = 0; i < n; i++) {
      mx += xy[2 * i]!;
      my += xy[2 * i + 1]!;
    }
    expect(Math.abs(mx / n)).toBeLessThan(1e-3);
    expect(Math.abs(my / n)).toBeLessThan(1e-3);
    let vx = 0;
    for (let i = 0; i < n; i++) vx += xy[2 * i]! ** 2;
    expect(vx / (n - 1)).toBeCloseTo(p.variances[0], 2);
  });

  it('picks two coordinates in "dims" mode', () => {
    const xy = projectPoints({ kind: 'dims', x: 3, y: 7 }, pts, n, d);
    expect(xy[0]).toBe(pts[3]);
    expect(xy[1]).toBe(pts[7]);
    expect(xy[2 * 9 + 1]).toBe(pts[9 * d + 7]);
  });

  it('shows the prior as a unit circle, centred at -C mean under PCA', () => {
    const p = pca2(pts, n, d);
    const g = projectedPrior({ kind: 'pca', pca: p }, d);
    expect(g.xx).toBeCloseTo(1, 10);
    expect(g.yy).toBeCloseTo(1, 10);
    expect(g.xy).toBeCloseTo(0, 10);
    const origin = projectPoints({ kind: 'pca', pca: p }, new Float32Array(d), 1, d);
    expect(g.cx).toBeCloseTo(origin[0]!, 5);
    expect(g.cy).toBeCloseTo(origin[1]!, 5);
    const dims = projectedPrior({ kind: 'dims', x: 0, y: 1 }, d);
    expect(dims).toEqual({ cx: 0, cy: 0, xx: 1, xy: 0, yy: 1 });
  });

  it('projects a diagonal posterior: variances of the chosen dims, or C diag C^T', () => {
    const mu = randn(d);
    const variance = randn(d).map((x) => 0.1 + x * x);
    const g = projectDiagGaussian({ kind: 'dims', x: 2, y: 5 }, mu, variance);
    expect(g.cx).toBe(mu[2]);
    expect(g.cy).toBe(mu[5]);
    expect(g.xx).toBe(variance[2]);
    expect(g.yy).toBe(variance[5]);
    expect(g.xy).toBe(0);
    const p = pca2(pts, n, d);
    const h = projectDiagGaussian({ kind: 'pca', pca: p }, mu, variance);
    let xy = 0;
    for (let k = 0; k < d; k++) xy += p.components[k]! * p.components[d + k]! * variance[k]!;
    expect(h.xy).toBeCloseTo(xy, 10);
  });
});

describe('sigma contours', () => {
  it('gives radii k and the chi-square(2) mass inside', () => {
    const c = priorSigmaContours();
    expect(c.map((x) => x.radius)).toEqual([1, 2, 3]);
    expect(c[0]!.mass).toBeCloseTo(0.3934693402873666, 12);
    expect(c[1]!.mass).toBeCloseTo(0.8646647167633873, 12);
    expect(c[2]!.mass).toBeCloseTo(0.9888910034617577, 12);
    // Monte Carlo check of the 2-sigma mass
    let inside = 0;
    const m = 20000;
    for (let i = 0; i < m; i++) if (rng.normal() ** 2 + rng.normal() ** 2 <= 4) inside++;
    expect(inside / m).toBeCloseTo(c[1]!.mass, 1);
  });

  it('finds the axes and rotation of a correlated Gaussian', () => {
    const th = Math.PI / 6;
    const [c, s] = [Math.cos(th), Math.sin(th)];
    // R diag(9, 1) R^T
    const g = { cx: 1, cy: -2, xx: 9 * c * c + s * s, xy: 8 * c * s, yy: 9 * s * s + c * c };
    const e = sigmaEllipse(g, 2);
    expect(e.rx).toBeCloseTo(6, 10);
    expect(e.ry).toBeCloseTo(2, 10);
    expect(Math.cos(2 * (e.angle - th))).toBeCloseTo(1, 10);
    expect([e.cx, e.cy]).toEqual([1, -2]);
    // a point on the ellipse has Mahalanobis radius 2
    const px = e.rx * Math.cos(e.angle) * Math.cos(0.7) - e.ry * Math.sin(e.angle) * Math.sin(0.7);
    const py = e.rx * Math.sin(e.angle) * Math.cos(0.7) + e.ry * Math.cos(e.angle) * Math.sin(0.7);
    const det = g.xx * g.yy - g.xy * g.xy;
    const m2 = (g.yy * px * px - 2 * g.xy * px * py + g.xx * py * py) / det;
    expect(Math.sqrt(m2)).toBeCloseTo(2, 10);
    const tall = sigmaEllipse({ cx: 0, cy: 0, xx: 1, xy: 0, yy: 4 }, 1);
    expect([tall.rx, tall.ry, tall.angle]).toEqual([2, 1, Math.PI / 2]);
  });
});

describe('ELBO histogram and percentile', () => {
  const values = Float64Array.from({ length: 1000 }, (_, i) => -150 + i * 0.1);

  it('bins every finite value once', () => {
    const h = histogram([...values, NaN, Infinity], 20);
    expect(h.counts.reduce((s, x) => s + x, 0)).toBe(1000);
    expect(h.skipped).toBe(2);
    expect(h.lo).toBe(-150);
    expect(h.hi).toBeCloseTo(-50.1, 10);
    expect(Array.from(h.counts).every((c) => c === 50)).toBe(true);
    const fixed = histogram(values, 4, -200, 0);
    expect(Array.from(fixed.counts)).toEqual([0, 500, 500, 0]);
  });

  it('ranks a value among the sorted sample', () => {
    const sorted = sortedFinite([...values].reverse());
    expect(sorted[0]).toBe(-150);
    expect(percentileRank(sorted, -1000)).toBe(0);
    expect(percentileRank(sorted, 0)).toBe(100);
    expect(percentileRank(sorted, -100.05)).toBeCloseTo(50, 10);
    expect(percentileRank([1, 1, 1, 1], 1)).toBe(50);
    expect(percentileRank([], 1)).toBeNaN();
  });
});

describe('class means and latent arithmetic', () => {
  const d = 3;
  const labels = [7, 1, 7, 1, 3, 7];
  const z = Float32Array.from([1, 2, 3, 10, 20, 30, 3, 4, 5, 12, 22, 32, -1, -1, -1, 5, 6, 7]);
  const m = classMeans(z, labels, d);

  it('averages the encodings of each class', () => {
    expect(Array.from(classMean(m, 7))).toEqual([3, 4, 5]);
    expect(Array.from(classMean(m, 1))).toEqual([11, 21, 31]);
    expect(Array.from(classMean(m, 3))).toEqual([-1, -1, -1]);
    expect(Array.from(classMean(m, 0))).toEqual([0, 0, 0]);
    expect(m.counts[7]).toBe(3);
    expect(m.counts[0]).toBe(0);
  });

  it('evaluates z(A) - mean(7) + mean(1)', () => {
    const a = Float32Array.from([0.5, -0.5, 2]);
    const terms: LatentTerm[] = [
      { sign: 1, operand: { kind: 'vector', name: 'A', z: a } },
      { sign: -1, operand: { kind: 'classMean', digit: 7 } },
      { sign: 1, operand: { kind: 'classMean', digit: 1 } },
    ];
    expect(Array.from(evaluateLatentExpression(terms, m, d))).toEqual([
      0.5 - 3 + 11,
      -0.5 - 4 + 21,
      2 - 5 + 31,
    ]);
    expect(formatLatentExpression(terms)).toBe('z(A) - mean(7) + mean(1)');
    expect(formatLatentExpression([{ sign: -1, operand: { kind: 'classMean', digit: 3 } }])).toBe('-mean(3)');
    expect(Array.from(evaluateLatentExpression([], m, d))).toEqual([0, 0, 0]);
    expect(() => evaluateLatentExpression(terms, null, d)).toThrow();
    expect(() => evaluateLatentExpression(terms, m, 4)).toThrow();
  });
});
