import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dLoss, type FDivergence, type LossName } from '../../src/core/gan/objectives';
import {
  criticShade,
  criticValue,
  optimumKind,
  optimumValues,
  ratioShade,
  RATIO_SPAN,
} from '../../src/core/gan/optimum';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * The D loss of one point that is real with weight p and fake with weight q, as a function of D's raw
 * output v there: p * (loss on a real sample) + q * (loss on a fake one). Every D loss here is a sum of a
 * term in the real outputs and one in the fake outputs, so the other argument (c) only adds a constant.
 */
function pointLoss(loss: LossName, div: FDivergence, p: number, q: number, v: number): number {
  const c = 0.1;
  const L = (r: number, f: number) =>
    tf.tidy(() => dLoss(loss, tf.tensor1d([r]), tf.tensor1d([f]), div).dataSync()[0]!);
  return p * L(v, c) + q * L(c, v);
}

/** Minimiser of a convex function on [lo, hi] by golden-section search. */
function argmin(f: (v: number) => number, lo = -20, hi = 20): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  while (b - a > 1e-6) {
    if (f1 < f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = f(x2);
    }
  }
  return (a + b) / 2;
}

const DENSITIES: [number, number][] = [
  [0.7, 0.2],
  [0.1, 0.4],
  [0.3, 0.3],
  [0.05, 0.6],
];

const CASES: [LossName, FDivergence][] = [
  ['minimax', 'js'],
  ['nonSaturating', 'js'],
  ['lsgan', 'js'],
  ['fgan', 'js'],
  ['fgan', 'kl'],
  ['fgan', 'reverseKl'],
  ['fgan', 'pearson'],
  ['hinge', 'js'],
];

describe('the optimum shown for each objective equals the numeric minimiser of its D loss', () => {
  for (const [loss, div] of CASES) {
    it(`${loss}${loss === 'fgan' ? ` (${div})` : ''}: ${optimumKind(loss, div)}`, () => {
      for (const [p, q] of DENSITIES) {
        const v = argmin((x) => pointLoss(loss, div, p, q, x));
        const numeric = criticValue(loss, div, v);
        const shown = optimumValues(loss, div, [p], [q])![0]!;
        if (loss === 'hinge' && p === q) {
          // Any output in [-1, 1] is optimal where the densities are equal; 0 is shown.
          expect(Math.abs(numeric)).toBeLessThanOrEqual(1 + 1e-4);
          expect(shown).toBe(0);
        } else expect(shown, `p = ${p}, q = ${q}`).toBeCloseTo(numeric, 2); // float32 losses: argmin to ~1e-3
      }
    });
  }

  it('D* = p_data / (p_data + p_g) is what minimax, non-saturating, LSGAN and JS f-GAN show', () => {
    for (const [loss, div] of CASES.slice(0, 4))
      expect(optimumValues(loss, div, [0.6], [0.2])![0]).toBeCloseTo(0.75, 12);
  });

  it('WGAN and WGAN-GP have no pointwise optimum: the point loss decreases without bound', () => {
    for (const loss of ['wgan', 'wganGp'] as const) {
      expect(optimumKind(loss, 'js')).toBe('none');
      expect(optimumValues(loss, 'js', [0.6], [0.2])).toBeNull();
      const f = (v: number) => pointLoss(loss, 'js', 0.6, 0.2, v);
      expect(f(100)).toBeLessThan(f(10) - 30);
    }
  });

  it('PacGAN: the optimum for m packed copies of x uses (p_data / p_g)^m', () => {
    // D sees (x, x): the densities of that pair are p^2 and q^2.
    expect(optimumValues('nonSaturating', 'js', [0.6], [0.2], 2)![0]).toBeCloseTo(0.36 / (0.36 + 0.04), 12);
    expect(optimumValues('fgan', 'kl', [0.6], [0.2], 3)![0]).toBeCloseTo(1 + 3 * Math.log(3), 12);
  });

  it('cells where neither density has mass show the undecided value', () => {
    expect(optimumValues('nonSaturating', 'js', [0], [0])![0]).toBe(0.5);
    expect(optimumValues('fgan', 'kl', [0], [0])![0]).toBe(1); // f'(1) = 1
    expect(optimumValues('hinge', 'js', [0], [0])![0]).toBe(0);
  });
});

describe('heatmap colours keep their meaning per objective (0 fake, 1/2 undecided, 1 real)', () => {
  it("LSGAN's 0 is 'fake' and 1 is 'real', not a score scaled around 0", () => {
    expect(Array.from(criticShade('lsgan', 'js', [0, 0.5, 1, -0.3, 1.4]))).toEqual([0, 0.5, 1, 0, 1]);
  });

  it('f-GAN critics are drawn as the density ratio they stand for: white at f′(1)', () => {
    const at = (div: FDivergence, t: number) => criticShade('fgan', div, [t])[0]!;
    expect(at('kl', 1)).toBeCloseTo(0.5, 6); // f'(1) = 1 + log 1
    expect(at('reverseKl', -1)).toBeCloseTo(0.5, 6); // f'(1) = -1
    expect(at('pearson', 0)).toBeCloseTo(0.5, 6); // f'(1) = 0
    // T = f'(RATIO_SPAN) is full green; T = f'(1 / RATIO_SPAN) full purple.
    expect(at('kl', 1 + Math.log(RATIO_SPAN))).toBeCloseTo(1, 6);
    expect(at('pearson', 2 * (1 / RATIO_SPAN - 1))).toBeCloseTo(0, 6);
    expect(ratioShade(1)).toBe(0.5);
  });

  it('hinge: -1 purple, 0 white, +1 green; WGAN spread from lowest to highest', () => {
    expect(Array.from(criticShade('hinge', 'js', [-1, 0, 1, 3]))).toEqual([0, 0.5, 1, 1]);
    expect(Array.from(criticShade('wgan', 'js', [5, 7, 9]))).toEqual([0, 0.5, 1]);
  });

  it('the probability losses show sigmoid of the logit', () => {
    expect(criticValue('nonSaturating', 'js', 0)).toBe(0.5);
    expect(criticValue('minimax', 'js', Math.log(3))).toBeCloseTo(0.75, 12);
    expect(criticValue('fgan', 'js', Math.log(3))).toBeCloseTo(0.75, 12);
    expect(criticValue('lsgan', 'js', 0.3)).toBe(0.3);
  });
});
