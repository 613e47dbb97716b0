import { describe, expect, it } from 'vitest';
import { frechetDistance, moments, sqrtPsd } from '../../src/core/quality/frechet';
import { classHistogram, mnistScore } from '../../src/core/quality/metrics';
import { klToUniform } from '../../src/core/gan/metrics';
import { Rng } from '../../src/core/rng';

/** n rows of k probabilities, row i given by f(i). */
function rows(n: number, k: number, f: (i: number) => number[]): Float32Array {
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) out.set(f(i), i * k);
  return out;
}
const oneHotRow = (c: number, k = 10) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0));

describe('MNIST score, exp E_x KL(p(y|x) || p(y))', () => {
  it('is 10 for confident predictions spread evenly over ten classes', () => {
    expect(
      mnistScore(
        rows(1000, 10, (i) => oneHotRow(i % 10)),
        1000,
      ),
    ).toBeCloseTo(10, 6);
  });

  it('is 1 when every sample is the same digit (a collapsed generator), and the histogram has one class', () => {
    const p = rows(500, 10, () => oneHotRow(7));
    expect(mnistScore(p, 500)).toBeCloseTo(1, 6);
    expect(classHistogram(p, 500)).toEqual([0, 0, 0, 0, 0, 0, 0, 500, 0, 0]);
    expect(klToUniform(classHistogram(p, 500))).toBeCloseTo(Math.log(10), 6);
  });

  it('is 1 when the classifier is unsure of everything (uniform p(y|x))', () => {
    expect(
      mnistScore(
        rows(200, 10, () => Array(10).fill(0.1)),
        200,
      ),
    ).toBeCloseTo(1, 6);
  });

  it('matches the closed form 2 exp(-H(a)) for two classes predicted with confidence a', () => {
    for (const a of [0.6, 0.8, 0.95]) {
      const p = rows(400, 2, (i) => (i % 2 ? [a, 1 - a] : [1 - a, a]));
      const h = -(a * Math.log(a) + (1 - a) * Math.log(1 - a));
      expect(mnistScore(p, 400, 2)).toBeCloseTo(2 * Math.exp(-h), 6);
    }
  });

  it('matches exp(H(p(y))) for confident predictions with uneven class frequencies', () => {
    const freq = [0.5, 0.3, 0.2];
    const p = rows(1000, 3, (i) => oneHotRow(i < 500 ? 0 : i < 800 ? 1 : 2, 3));
    const H = -freq.reduce((s, q) => s + q * Math.log(q), 0);
    expect(mnistScore(p, 1000, 3)).toBeCloseTo(Math.exp(H), 6);
  });
});

describe('Fréchet distance between Gaussians fitted to features', () => {
  const rng = new Rng(21);

  it('is 0 for a set compared with itself', () => {
    const d = 16;
    const n = 300;
    const pts = Float32Array.from({ length: n * d }, () => rng.normal() * 3 + 1);
    const m = moments(pts, n, d);
    expect(frechetDistance(m, m)).toBeLessThan(1e-7);
  });

  it('matches |dm|^2 + sum (sqrt a_i - sqrt b_i)^2 for diagonal covariances', () => {
    const d = 5;
    const a = [1, 4, 0.25, 9, 2];
    const b = [2, 1, 1, 9, 0.5];
    const ma = [0, 1, 2, 3, 4];
    const mb = [1, 1, 0, 3, 5];
    const diag = (v: number[]) => {
      const c = new Float64Array(d * d);
      v.forEach((x, i) => (c[i * d + i] = x));
      return c;
    };
    const fd = frechetDistance(
      { dim: d, count: 0, mean: Float64Array.from(ma), cov: diag(a) },
      { dim: d, count: 0, mean: Float64Array.from(mb), cov: diag(b) },
    );
    let want = 0;
    for (let i = 0; i < d; i++) want += (ma[i]! - mb[i]!) ** 2 + (Math.sqrt(a[i]!) - Math.sqrt(b[i]!)) ** 2;
    expect(fd).toBeCloseTo(want, 9);
  });

  it('matches the 2x2 closed form tr (C1 C2)^1/2 = sqrt(tr + 2 sqrt(det)) for covariances that do not commute', () => {
    const c1 = [2, 0.8, 0.8, 1];
    const c2 = [1, -0.5, -0.5, 3];
    // C1 C2 (2x2): its eigenvalues are real and >= 0, so tr sqrt = sqrt(l1) + sqrt(l2) = sqrt(tr + 2 sqrt(det)).
    const p = [c1[0]! * c2[0]! + c1[1]! * c2[2]!, 0, 0, c1[2]! * c2[1]! + c1[3]! * c2[3]!];
    const det = (c1[0]! * c1[3]! - c1[1]! * c1[2]!) * (c2[0]! * c2[3]! - c2[1]! * c2[2]!);
    const trSqrt = Math.sqrt(p[0]! + p[3]! + 2 * Math.sqrt(det));
    const m1 = [0.5, -1];
    const m2 = [1.5, 2];
    const want =
      (m1[0]! - m2[0]!) ** 2 + (m1[1]! - m2[1]!) ** 2 + (c1[0]! + c1[3]!) + (c2[0]! + c2[3]!) - 2 * trSqrt;
    const fd = frechetDistance(
      { dim: 2, count: 0, mean: Float64Array.from(m1), cov: Float64Array.from(c1) },
      { dim: 2, count: 0, mean: Float64Array.from(m2), cov: Float64Array.from(c2) },
    );
    expect(fd).toBeCloseTo(want, 9);
  });

  it('estimated from samples of two known Gaussians, comes close to their exact distance', () => {
    const n = 20000;
    const draw = (mu: number[], sd: number[]) =>
      Float32Array.from({ length: n * 2 }, (_, i) => mu[i % 2]! + sd[i % 2]! * rng.normal());
    const fd = frechetDistance(moments(draw([0, 0], [1, 2]), n, 2), moments(draw([1, 0], [2, 2]), n, 2));
    // exact: 1^2 + (1 - 2)^2 + (2 - 2)^2 = 2
    expect(Math.abs(fd - 2)).toBeLessThan(0.15);
  });

  it('takes a symmetric square root that squares back to the matrix', () => {
    const A = Float64Array.from([4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2]);
    const S = sqrtPsd(A, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let v = 0;
        for (let k = 0; k < 3; k++) v += S[i * 3 + k]! * S[k * 3 + j]!;
        expect(v).toBeCloseTo(A[i * 3 + j]!, 9);
      }
  });
});
