import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/core/latent/normalQuantile';
import { gridCoordinates, manifoldLatents, manifoldTileLatent } from '../../src/core/latent/manifoldGrid';
import { interpolationPath, lerp, slerp } from '../../src/core/latent/interpolate';
import { Rng } from '../../src/core/rng';

/**
 * An independent standard normal CDF: Taylor series Phi(x) = 1/2 + phi(x) sum x^(2n+1) / (2n+1)!! near
 * the centre, and the Laplace continued fraction for the Mills ratio in the tails.
 */
function phi(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}
function upperTail(x: number): number {
  // Q(x) = phi(x) / (x + 1/(x + 2/(x + 3/(x + ...)))), x > 0, evaluated from the back.
  let f = x;
  for (let k = 200; k >= 1; k--) f = x + k / f;
  return phi(x) / f;
}
function normalCdf(x: number): number {
  if (x < -3) return upperTail(-x);
  if (x > 3) return 1 - upperTail(x);
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (x * x) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return 0.5 + phi(x) * sum;
}
/** Quantile by bisection on the independent CDF (slow, exact enough). */
function bisectQuantile(p: number): number {
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

describe('inverse normal CDF', () => {
  it('matches known quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.8413447460685429)).toBeCloseTo(1, 12);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514722, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });

  it('checks the independent CDF itself on textbook values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalCdf(-4)).toBeCloseTo(3.167124183311998e-5, 17);
  });

  it('round-trips through the independent CDF to 1e-9 relative, into the tails', () => {
    const ps: number[] = [];
    for (let e = -10; e <= -1; e += 0.25) ps.push(10 ** e);
    ps.push(0.2, 0.3, 0.4, 0.425, 0.45, 0.49, 0.5);
    for (const p of ps) {
      const x = normalQuantile(p);
      expect(Math.abs(normalCdf(x) - p) / p, `p = ${p}`).toBeLessThan(1e-9);
      // upper half by the same check on 1 - p
      const y = normalQuantile(1 - p);
      expect(Math.abs(1 - normalCdf(y) - p) / p, `1 - p, p = ${p}`).toBeLessThan(1e-6);
    }
  });

  it('stays accurate in the far tails (the third rational approximation)', () => {
    for (const p of [1e-12, 1e-20, 1e-50, 1e-100, 1e-200, 1e-300]) {
      const x = normalQuantile(p);
      expect(Math.abs(normalCdf(x) - p) / p, `p = ${p}`).toBeLessThan(1e-9);
    }
  });

  it('is antisymmetric about 1/2', () => {
    for (const p of [1e-6, 1e-3, 0.01, 0.1, 0.25, 0.4, 0.499]) {
      expect(normalQuantile(1 - p) + normalQuantile(p)).toBeCloseTo(0, 9);
    }
  });

  it('is strictly increasing across the region boundaries', () => {
    let prev = -Infinity;
    for (let i = 1; i < 20000; i++) {
      const x = normalQuantile(i / 20000);
      expect(x).toBeGreaterThan(prev);
      prev = x;
    }
  });
});

describe('manifold grid', () => {
  it('places quantile tiles at Phi^-1((i + 0.5) / N)', () => {
    for (const n of [10, 15, 20, 30]) {
      const c = gridCoordinates(n, 'quantile');
      expect(c.length).toBe(n);
      for (let i = 0; i < n; i++) {
        expect(c[i]).toBeCloseTo(bisectQuantile((i + 0.5) / n), 9);
        expect(c[i]! + c[n - 1 - i]!).toBeCloseTo(0, 12);
      }
    }
    // N = 10: the outermost tiles sit at the 5% and 95% quantiles.
    expect(gridCoordinates(10, 'quantile')[0]).toBeCloseTo(-1.6448536269514722, 12);
    // odd N has a tile exactly at the prior mean
    expect(gridCoordinates(11, 'quantile')[5]).toBe(0);
  });

  it('spaces linear tiles evenly over -range..range, ends included', () => {
    expect(Array.from(gridCoordinates(7, 'linear', 3))).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    const c = gridCoordinates(20, 'linear', 2.5);
    expect(c[0]).toBe(-2.5);
    expect(c[19]).toBeCloseTo(2.5, 12);
    for (let i = 1; i < 20; i++) expect(c[i]! - c[i - 1]!).toBeCloseTo(5 / 19, 12);
  });

  it('rejects sizes out of range', () => {
    expect(() => gridCoordinates(1, 'quantile')).toThrow(RangeError);
    expect(() => gridCoordinates(10.5, 'linear')).toThrow(RangeError);
  });

  it('builds a row-major batch: x to the right, y upwards, other dims from the base', () => {
    const base = [0.5, -1, 2, 0.25];
    const spec = { n: 10, spacing: 'quantile' as const, dimX: 2, dimY: 0 };
    const z = manifoldLatents(base, spec);
    const c = gridCoordinates(10, 'quantile');
    expect(z.length).toBe(100 * 4);
    const tile = (r: number, col: number) =>
      Array.from(z.subarray((r * 10 + col) * 4, (r * 10 + col + 1) * 4));
    // top-left: smallest x, largest y
    expect(tile(0, 0)[2]).toBeCloseTo(c[0]!, 6);
    expect(tile(0, 0)[0]).toBeCloseTo(c[9]!, 6);
    // bottom-right: largest x, smallest y
    expect(tile(9, 9)[2]).toBeCloseTo(c[9]!, 6);
    expect(tile(9, 9)[0]).toBeCloseTo(c[0]!, 6);
    for (let r = 0; r < 10; r++) {
      for (let col = 0; col < 10; col++) {
        const t = tile(r, col);
        expect(t[1]).toBe(-1);
        expect(t[3]).toBe(0.25);
        expect(Array.from(manifoldTileLatent(base, spec, r, col))).toEqual(t);
      }
    }
    expect(() => manifoldLatents(base, { ...spec, dimX: 0 })).toThrow();
    expect(() => manifoldLatents(base, { ...spec, dimX: 4 })).toThrow();
  });
});

describe('interpolation', () => {
  const rng = new Rng(3);
  const d = 20;
  const randn = () => Float32Array.from({ length: d }, () => rng.normal());
  const withNorm = (v: Float32Array, r: number) => v.map((x) => (x * r) / norm(v));

  it('keeps the endpoints exactly, for both modes', () => {
    const a = randn();
    const b = randn();
    for (const mode of ['linear', 'slerp'] as const) {
      for (const steps of [8, 12, 16]) {
        const p = interpolationPath(a, b, steps, mode);
        expect(p.length).toBe(steps * d);
        expect(Array.from(p.subarray(0, d))).toEqual(Array.from(a));
        expect(Array.from(p.subarray((steps - 1) * d))).toEqual(Array.from(b));
      }
    }
    expect(Array.from(slerp(a, b, 0))).toEqual(Array.from(a));
    expect(Array.from(slerp(a, b, 1))).toEqual(Array.from(b));
  });

  it('slerp keeps the norm of equal-norm endpoints; lerp dips below it', () => {
    const r = Math.sqrt(d);
    const a = withNorm(randn(), r);
    const b = withNorm(randn(), r);
    const steps = 12;
    const sp = interpolationPath(a, b, steps, 'slerp');
    const lp = interpolationPath(a, b, steps, 'linear');
    for (let s = 1; s < steps - 1; s++) {
      expect(norm(sp.subarray(s * d, (s + 1) * d))).toBeCloseTo(r, 4);
      expect(norm(lp.subarray(s * d, (s + 1) * d))).toBeLessThan(r - 1e-3);
    }
    // the slerp midpoint makes equal angles with both ends
    const mid = slerp(a, b, 0.5);
    const cos = (u: ArrayLike<number>, v: ArrayLike<number>) =>
      Array.from(u).reduce((s, x, i) => s + x * v[i]!, 0) / (norm(u) * norm(v));
    expect(cos(mid, a)).toBeCloseTo(cos(mid, b), 5);
    // lerp is the straight line: midpoint is the average
    const lm = lerp(a, b, 0.5);
    for (let k = 0; k < d; k++) expect(lm[k]).toBeCloseTo((a[k]! + b[k]!) / 2, 6);
  });

  it('stays finite for nearly parallel, antiparallel and zero vectors', () => {
    const a = randn();
    const b = a.map((x, i) => x * (1 + 1e-9 * (i % 3)));
    for (const [u, v] of [
      [a, b],
      [a, a],
      [a, a.map((x) => -x)],
      [new Float32Array(d), a],
    ] as const) {
      const p = interpolationPath(u, v, 10, 'slerp');
      expect(p.every(Number.isFinite)).toBe(true);
    }
    const p = interpolationPath(a, b, 10, 'slerp');
    for (let s = 0; s < 10; s++) for (let k = 0; k < d; k++) expect(p[s * d + k]).toBeCloseTo(a[k]!, 5);
  });

  it('rejects mismatched lengths and too few steps', () => {
    expect(() => interpolationPath([1, 2], [1, 2, 3], 8, 'linear')).toThrow(RangeError);
    expect(() => interpolationPath([1, 2], [3, 4], 1, 'slerp')).toThrow(RangeError);
  });
});
