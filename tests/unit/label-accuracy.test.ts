import { describe, expect, it } from 'vitest';
import { labelAccuracy } from '../../src/core/quality/labelAccuracy';

/** Rows of p(y|x) with most of the mass on `digit`. */
function rows(digits: number[]): Float32Array {
  const p = new Float32Array(digits.length * 10).fill(0.01);
  digits.forEach((d, i) => (p[i * 10 + d] = 0.91));
  return p;
}

describe('label accuracy of a conditional generator', () => {
  it('is 1 when every sample reads as its label, about 0.1 when the label is ignored', () => {
    const labels = Array.from({ length: 40 }, (_, i) => i % 10);
    expect(labelAccuracy(rows(labels), labels)).toEqual({ overall: 1, perLabel: new Array(10).fill(1) });
    // A generator that draws a 3 whatever it is asked for: right only when asked for a 3.
    const threes = labelAccuracy(rows(new Array(40).fill(3)), labels);
    expect(threes.overall).toBeCloseTo(0.1, 12);
    expect(threes.perLabel).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('counts per label: asked 0,0,1,1,2 and read 0,5,1,1,7 gives 3/5 overall, 1/2, 1, 0 per label', () => {
    const a = labelAccuracy(rows([0, 5, 1, 1, 7]), [0, 0, 1, 1, 2]);
    expect(a.overall).toBeCloseTo(3 / 5, 12);
    expect(a.perLabel.slice(0, 3)).toEqual([0.5, 1, 0]);
    expect(a.perLabel.slice(3)).toEqual(new Array(7).fill(0)); // never asked for
  });

  it('refuses mismatched sizes and labels outside 0..9', () => {
    expect(() => labelAccuracy(new Float32Array(20), [0, 1, 2])).toThrow(/3 x 10/);
    expect(() => labelAccuracy(new Float32Array(10), [10])).toThrow(/label 10/);
  });
});
