import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
// @ts-expect-error -- recharts ships the types of this internal module apart from its code (types/ below).
import * as rechartsTicks from 'recharts/lib/util/scale/getNiceTickValues';
import { autoAxis, dataAxis, linear, plotArea, tickStep } from '../../src/views/chartScale';
import { linesSummary } from '../../src/views/LiveLines';

const { getNiceTickValues, getTickValuesFixedDomain } =
  rechartsTicks as typeof import('recharts/types/util/scale/getNiceTickValues');

// The live canvas chart computes its axes as recharts does for the same chart, so pausing (canvas ->
// SVG) does not move them. Worked by hand first, then against recharts' own functions.
describe('live chart scales', () => {
  it("rounds a rough step up to recharts' nice steps", () => {
    expect(tickStep(102.5, false)).toBe(150); // 0.1025 of 1000, up to 3 x 0.05
    expect(tickStep(69, true)).toBe(70); // 0.69 of 100, up to 14 x 0.05
    expect(tickStep(0.9, false)).toBe(0.9); // 0.9 of 1, 18 x 0.05
    expect(tickStep(9, false)).toBe(9); // single digit: 0.9 of 10 in 0.1s
    expect(tickStep(9, false, 1)).toBe(10); // one correction: the next 0.1
  });

  it('covers a value axis with five nice ticks, 0 among them when the data spans it', () => {
    // 140..550: step 150, middle 345 - 345 mod 150 = 300, two ticks below and two above.
    expect(autoAxis(140, 550)).toEqual({ domain: [0, 600], ticks: [0, 150, 300, 450, 600] });
    // 0..36.2: step 9 needs six ticks (0..45), so the step grows to 10.
    expect(autoAxis(0, 36.2).ticks).toEqual([0, 10, 20, 30, 40]);
    expect(autoAxis(5, 5).ticks).toEqual([3, 4, 5, 6, 7]); // a flat line at a whole number
    expect(autoAxis(0.37, 0.37).ticks).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]); // ... and below 1
  });

  it('runs a step axis from the first step to the last, whole-number ticks between', () => {
    // 2..278: rough step 69 -> 70; 2, 72, 142, 212, then the last step.
    expect(dataAxis(2, 278)).toEqual({ domain: [2, 278], ticks: [2, 72, 142, 212, 278] });
    expect(dataAxis(7, 7)).toEqual({ domain: [6, 8], ticks: [7] }); // one point: centred
  });

  it("matches recharts' own tick functions", () => {
    // Chart values: up to 7 significant digits, from 1e-4 to 1e6 (recharts itself fails on denormals).
    const value = fc
      .tuple(fc.integer({ min: -9_999_999, max: 9_999_999 }), fc.integer({ min: 1, max: 1e4 }))
      .map(([m, d]) => m / d);
    fc.assert(
      fc.property(value, value, (a, b) => {
        if (a === b) return true;
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(autoAxis(lo, hi).ticks).toEqual(getNiceTickValues([lo, hi], 5, true));
        const [s0, s1] = [Math.abs(lo) / 3, Math.abs(lo) / 3 + Math.abs(hi - lo)];
        if (s1 > s0) expect(dataAxis(s0, s1).ticks).toEqual(getTickValuesFixedDomain([s0, s1], 5, false));
      }),
      { numRuns: 100 },
    );
  });

  it('maps data to pixels linearly, y downwards', () => {
    const area = plotArea(300, 200);
    expect(area).toEqual({ left: 48, top: 24, width: 240, height: 132 });
    const y = linear([0, 600], [area.top + area.height, area.top]);
    expect(y(0)).toBe(156);
    expect(y(600)).toBe(24);
    expect(y(100)).toBeCloseTo(156 - 132 / 6, 12);
    const x = linear([1, 1000], [48, 288]);
    expect(x(500.5)).toBeCloseTo(168, 12);
    expect(plotArea(30, 40)).toEqual({ left: 48, top: 24, width: 0, height: 0 });
  });

  it("names each line's newest value and the last step for screen readers", () => {
    const lines = [
      {
        name: 'train',
        colour: '#000',
        key: 'value',
        data: [
          { step: 1, value: 3 },
          { step: 10, value: 2.5 },
        ],
      },
      { name: 'test', colour: '#000', key: 'value', data: [] },
    ];
    expect(linesSummary('loss chart', lines)).toBe('loss chart: live chart, at step 10: train 2.50');
    expect(linesSummary('loss chart', [])).toBe('loss chart: live chart, no points yet');
  });
});
