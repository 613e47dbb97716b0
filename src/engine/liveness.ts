/**
 * Liveness of the engine worker (issue 13): a worker that dies or hangs without an `error` event (killed
 * by the browser, stuck in a loop) is noticed by its silence. The page pings the worker; the worker
 * answers between training steps (worker.ts), and every message it posts counts as a sign of life.
 *
 * The rule, chosen so that a slow, loaded machine (a step or an epoch's evaluation can take seconds
 * there) never raises a false alarm: the worker is declared dead only when ALL of
 *   1. a ping has gone unanswered for at least `silenceMs`,
 *   2. nothing at all has come from the worker for at least `silenceMs`, and
 *   3. the page itself has been watching without a gap for at least `silenceMs` (its timer ran at least
 *      every `maxGapMs`; a page that was frozen, asleep or throttled in a background tab may have the
 *      worker's answers still queued, so a gap sends a fresh ping and rule 1 counts from it).
 * The page pings every `pingMs`, one ping at a time (the oldest unanswered one is the one that counts).
 */
export interface LivenessRule {
  silenceMs: number;
  pingMs: number;
  maxGapMs: number;
}

/** The app's rule: a minute of silence (a checkpoint interval of training is lost either way). */
export const DEFAULT_SILENCE_MS = 60_000;

export function livenessRule(silenceMs = DEFAULT_SILENCE_MS): LivenessRule {
  const pingMs = Math.min(5000, Math.max(100, silenceMs / 4));
  return { silenceMs, pingMs, maxGapMs: 3 * pingMs };
}

export interface LivenessState {
  /** When the worker last posted anything. */
  lastHeard: number;
  /** When the unanswered ping was sent (null: none outstanding). */
  pingSentAt: number | null;
  lastPingAt: number;
  lastTick: number;
}

export function startLiveness(now: number): LivenessState {
  return { lastHeard: now, pingSentAt: null, lastPingAt: -Infinity, lastTick: now };
}

/** Anything from the worker; `pong`: it answered the outstanding ping. */
export function heard(s: LivenessState, now: number, pong: boolean): LivenessState {
  return { ...s, lastHeard: now, pingSentAt: pong ? null : s.pingSentAt };
}

/** One tick of the page's timer at `now`: what to do, and the state after it. */
export function livenessTick(
  s: LivenessState,
  now: number,
  r: LivenessRule,
): { state: LivenessState; action: 'none' | 'ping' | 'dead' } {
  if (now - s.lastTick > r.maxGapMs) {
    // The page was not running its timers: a fresh ping, so that rule 1 counts from now (rule 3).
    return { state: { ...s, lastTick: now, pingSentAt: now, lastPingAt: now }, action: 'ping' };
  }
  const state = { ...s, lastTick: now };
  if (s.pingSentAt !== null && now - s.pingSentAt >= r.silenceMs && now - s.lastHeard >= r.silenceMs)
    return { state, action: 'dead' };
  if (s.pingSentAt === null && now - s.lastPingAt >= r.pingMs)
    return { state: { ...state, pingSentAt: now, lastPingAt: now }, action: 'ping' };
  return { state, action: 'none' };
}

/** `?liveness=<ms>` in the page's address (tests): a shorter silence before a worker is declared dead. */
export function pageLivenessRule(): LivenessRule {
  const v = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('liveness');
  const ms = v === null ? NaN : Number(v);
  return livenessRule(Number.isFinite(ms) && ms >= 500 ? ms : DEFAULT_SILENCE_MS);
}
