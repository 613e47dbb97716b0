import { describe, expect, it } from 'vitest';
import { clearMetrics, MAX_METRIC_ROWS, metricHistory, recordMetrics } from '../../src/store/metricLog';

// The page's full metric history (store/metricLog.ts) is bounded (issue 13's memory soak): a run longer
// than MAX_METRIC_ROWS steps keeps every 2nd, then every 4th... step's row, evenly spaced, values intact.
describe('metric log', () => {
  it('keeps every step up to its cap, then halves itself and keeps evenly spaced rows with their values', () => {
    const lab = 'test-log';
    clearMetrics(lab);
    const names = ['a', 'b'];
    const record = (from: number, n: number) => {
      const steps = Float64Array.from({ length: n }, (_, i) => from + i);
      // Row for step s: a = s, b = -2s (exact in float32 for these s).
      const values = Float32Array.from({ length: 2 * n }, (_, j) => (j % 2 ? -2 : 1) * (from + (j >> 1)));
      recordMetrics(lab, names, steps, values);
    };
    const n = MAX_METRIC_ROWS;
    for (let s = 1; s <= n; s += 1000) record(s, 1000);
    let h = metricHistory(lab);
    expect(h.steps.length).toBe(n);
    expect([h.steps[0], h.steps[n - 1]]).toEqual([1, n]);
    // 2.5 x the cap: halved twice (at n + 1 and at 2n + 1 steps), so every 4th step, from step 1.
    for (let s = n + 1; s <= 2.5 * n; s += 1000) record(s, 1000);
    h = metricHistory(lab);
    expect(h.steps.length).toBeLessThanOrEqual(n);
    const expected = Array.from({ length: Math.floor((2.5 * n - 1) / 4) + 1 }, (_, i) => 1 + 4 * i);
    expect(Array.from(h.steps)).toEqual(expected);
    for (let r = 0; r < h.steps.length; r += 997) {
      expect(h.values[2 * r]).toBe(h.steps[r]);
      expect(h.values[2 * r + 1]).toBe(-2 * h.steps[r]!);
    }
    clearMetrics(lab);
  });
});
