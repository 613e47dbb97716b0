import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decimate, throttleDelay } from '../../src/views/liveChart';
import { TurnQueue } from '../../src/views/svgQueue';

describe('live chart throttle', () => {
  it('waits the rest of the interval since the last draw, and not at all once it has passed', () => {
    expect(throttleDelay(1000, 1300, 1000)).toBe(700);
    expect(throttleDelay(1000, 1999, 1000)).toBe(1);
    expect(throttleDelay(1000, 2000, 1000)).toBe(0);
    expect(throttleDelay(1000, 2500, 1000)).toBe(0);
    expect(throttleDelay(-Infinity, 5, 1000)).toBe(0); // never drawn: at once
  });
});

describe('decimate', () => {
  it('keeps short data as it is', () => {
    const d = [1, 2, 3];
    expect(decimate(d, 3)).toBe(d);
    expect(decimate(d, 120)).toBe(d);
  });

  it('picks evenly spaced points: 0..10 down to 6 points is every second one', () => {
    expect(decimate([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 6)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(decimate([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 3, 6, 9]);
  });

  it('returns max points in order, first and last kept, index gaps within 1 of (n - 1) / (max - 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2000 }), fc.integer({ min: 2, max: 300 }), (n, max) => {
        const data = Array.from({ length: n }, (_, i) => i);
        const out = decimate(data, max);
        if (n <= max) return out === data;
        const gap = (n - 1) / (max - 1);
        if (out.length !== max || out[0] !== 0 || out[max - 1] !== n - 1) return false;
        for (let i = 1; i < max; i++) {
          const d = out[i]! - out[i - 1]!;
          if (d < 1 || Math.abs(d - gap) > 1) return false;
        }
        return true;
      }),
    );
  });
});

describe('TurnQueue (charts rebuild their SVG one per idle period)', () => {
  it('releases one waiter per scheduled run, in order, skipping cancelled ones', () => {
    const runs: (() => void)[] = [];
    const q = new TurnQueue((run) => runs.push(run));
    const released: string[] = [];
    q.enqueue(() => released.push('loss'));
    const cancelRecon = q.enqueue(() => released.push('recon'));
    q.enqueue(() => released.push('kl'));
    // One run scheduled at a time, however many wait.
    expect(runs.length).toBe(1);
    expect(released).toEqual([]);
    runs.shift()!();
    expect(released).toEqual(['loss']);
    expect(runs.length).toBe(1);
    cancelRecon();
    runs.shift()!();
    expect(released).toEqual(['loss', 'kl']);
    // Nothing left: nothing more is scheduled.
    expect(q.length).toBe(0);
    expect(runs.length).toBe(0);
    q.enqueue(() => released.push('again'));
    expect(runs.length).toBe(1);
    runs.shift()!();
    expect(released).toEqual(['loss', 'kl', 'again']);
  });
});
