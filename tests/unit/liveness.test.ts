import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  heard,
  livenessRule,
  livenessTick,
  startLiveness,
  type LivenessState,
} from '../../src/engine/liveness';

// The liveness rule (issue 13): a silent worker is declared dead only after a minute without a word AND
// an unanswered ping, watched by a page whose own timer kept running. The expected times below are
// worked out by hand from that rule, not from the code.

const rule = livenessRule(60_000); // pings every 5 s
const TICK = 2500; // the page's timer: pingMs / 2

/**
 * A page ticking at `ticks` and a worker that answers a ping at once while `answers(t)` is true and
 * posts other messages at `chatter` times. Returns the time it is declared dead, or null.
 */
function simulate(
  ticks: number[],
  answers: (t: number) => boolean,
  chatter: number[] = [],
  pongDelay = 0,
): number | null {
  let s: LivenessState = startLiveness(0);
  const pongs: number[] = [];
  const events = [...chatter];
  for (const t of ticks) {
    // Messages that arrived before this tick (in time order) are handled first.
    const due = [...pongs.map((p) => ({ t: p, pong: true })), ...events.map((e) => ({ t: e, pong: false }))]
      .filter((m) => m.t <= t)
      .sort((a, b) => a.t - b.t);
    for (const m of due) {
      s = heard(s, m.t, m.pong);
      (m.pong ? pongs : events).splice((m.pong ? pongs : events).indexOf(m.t), 1);
    }
    const r = livenessTick(s, t, rule);
    s = r.state;
    if (r.action === 'dead') return t;
    if (r.action === 'ping' && answers(t)) pongs.push(t + pongDelay);
  }
  return null;
}

const every = (ms: number, until: number, from = ms) =>
  Array.from({ length: Math.floor((until - from) / ms) + 1 }, (_, i) => from + i * ms);

describe('worker liveness rule', () => {
  it('a worker that falls silent at 20 s is declared dead at exactly 82.5 s', () => {
    // Pings at 2.5, 7.5, 12.5, 17.5 s are answered; the one at 22.5 s is not. Last word: 17.5 s.
    // Dead at the first tick with t - 22.5 >= 60 and t - 17.5 >= 60: t = 82.5 s.
    expect(simulate(every(TICK, 200_000), (t) => t <= 20_000)).toBe(82_500);
  });

  it('a step that keeps the worker busy for 55 s (no message for 60 s, a late pong) is no false alarm', () => {
    // Its last word is the pong at 17.5 s; the ping at 22.5 s is answered only when the step ends, at
    // 77.5 s: 60 s without a message, but the ping was unanswered for only 55 s.
    const ticks = every(TICK, 600_000);
    let s = startLiveness(0);
    let dead = false;
    for (const t of ticks) {
      if (t === 77_500) s = heard(s, t, true);
      const r = livenessTick(s, t, rule);
      s = r.state;
      if (t > 22_500 && t < 77_500 && r.action === 'ping') throw new Error('one ping at a time');
      if (r.action === 'dead') dead = true;
      if (r.action === 'ping' && (t < 22_500 || t >= 77_500)) s = heard(s, t, true);
    }
    expect(dead).toBe(false);
  });

  it('a worker that keeps posting but misses pings is not declared dead (both conditions needed)', () => {
    expect(simulate(every(TICK, 600_000), () => false, every(1000, 600_000))).toBeNull();
  });

  it('a page that was asleep 10 minutes does not blame the worker; a dead one is found a minute after', () => {
    // Ticks stop at 30 s and resume at 630 s; the worker answered until then (its answers queued).
    const ticks = [...every(TICK, 30_000), ...every(TICK, 900_000, 630_000)];
    expect(simulate(ticks, (t) => t <= 30_000 || t >= 630_000, [], 100)).toBeNull();
    // A worker that died during the sleep: watching restarts at 630 s with a ping, so dead at 690 s.
    expect(simulate(ticks, (t) => t <= 20_000)).toBe(690_000);
  });

  it('property: a worker that is never silent for a whole minute is never declared dead', () => {
    fc.assert(
      fc.property(
        // Gaps between the worker's messages, each under a minute; a ping answered after up to 59 s.
        fc.array(fc.integer({ min: 1, max: 59_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 59_000 }),
        fc.integer({ min: 200, max: 7000 }),
        (gaps, pongDelay, tick) => {
          const chatter = gaps.map((_, i) => gaps.slice(0, i + 1).reduce((a, b) => a + b, 0));
          const end = chatter.at(-1)!;
          return simulate(every(tick, end), () => true, chatter, pongDelay) === null;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: a silent worker watched by a running page is declared dead within a minute and a ping', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300_000 }), (silentFrom) => {
        const dead = simulate(every(TICK, silentFrom + 200_000), (t) => t <= silentFrom);
        // Pings go out every 5 s on ticks; the first unanswered one leaves in (silentFrom, silentFrom + 5 s]
        // and every earlier message is older, so death comes exactly a minute after that ping.
        return dead !== null && dead > silentFrom + 60_000 && dead <= silentFrom + 65_000;
      }),
      { numRuns: 300 },
    );
  });
});
