import { describe, expect, it } from 'vitest';
import { appendSeries, emptySeries } from '../../src/store/series';

describe('bounded, decimated metric series', () => {
  it('never holds more than max points, even after 100k steps', () => {
    let s = emptySeries(100);
    for (let chunk = 0; chunk < 100; chunk++) {
      const steps = Array.from({ length: 1000 }, (_, i) => chunk * 1000 + i + 1);
      s = appendSeries(
        s,
        steps,
        steps.map((x) => Math.sin(x / 1000)),
      );
    }
    expect(s.count).toBe(100_000);
    expect(s.points.length).toBeLessThanOrEqual(100);
    expect(s.points.length).toBeGreaterThanOrEqual(50);
    // Points stay in step order and cover the whole run.
    for (let i = 1; i < s.points.length; i++)
      expect(s.points[i]!.step).toBeGreaterThan(s.points[i - 1]!.step);
    expect(s.points[s.points.length - 1]!.step).toBeGreaterThan(90_000);
  });

  it('each point is the mean of the raw values it covers', () => {
    let s = emptySeries(10);
    const steps = Array.from({ length: 40 }, (_, i) => i + 1);
    s = appendSeries(s, steps, steps); // value = step
    // Mean of a bucket of consecutive integers equals the mean step of that bucket.
    for (const p of s.points) expect(p.value).toBeCloseTo(p.step, 6);
    const total = s.points.reduce((a, p) => a + p.value, 0) / s.points.length;
    expect(total).toBeCloseTo(20.5, 0);
  });

  it('skips non-finite values and smooths with an EMA', () => {
    let s = emptySeries(50);
    s = appendSeries(s, [1, 2, 3], [10, NaN, 10]);
    expect(s.count).toBe(2);
    s = appendSeries(s, [4], [20]);
    expect(s.ema).toBeCloseTo(10 + 0.05 * 10, 6);
  });
});
